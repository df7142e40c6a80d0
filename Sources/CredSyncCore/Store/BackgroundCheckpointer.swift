import CSQLite
import Foundation

/// Copies the WAL back into the database on a thread and connection of its own while one writer commits, so the
/// writer never stops for a checkpoint.
///
/// With `PRAGMA wal_autocheckpoint` the connection that commits runs the checkpoint itself, right after its commit:
/// it copies every page the WAL holds into the database and syncs the file, and writes nothing meanwhile. Here the
/// writer's commit hook only reports how many frames the WAL holds; past `thresholdFrames` this thread runs
/// `PRAGMA wal_checkpoint(PASSIVE)` beside the writer.
///
/// > PASSIVE: Checkpoint as many frames as possible without waiting for any database readers or writers to finish.
///
/// The WAL starts over at the writer's next transaction once a checkpoint has copied all of it; a checkpoint that
/// could not (the writer committed meanwhile) is run again at the next report past the threshold.
public final class BackgroundCheckpointer: @unchecked Sendable {
    private let path: String
    private let thresholdFrames: Int32
    private let condition = NSCondition()
    private var isDue = false
    private var isFinishing = false
    private var isRunning = true
    private var checkpointsRun = 0
    /// The WAL's size in frames when the writer last asked for a checkpoint: the next comes `thresholdFrames` later.
    private var framesAtLastRequest: Int32 = 0

    /// How many checkpoints the thread has run.
    public var checkpoints: Int { condition.withLock { checkpointsRun } }

    /// Starts the thread; `attach` it to the writer's connection next.
    public init(path: String, thresholdFrames: Int) {
        self.path = path
        self.thresholdFrames = Int32(clamping: thresholdFrames)
        let thread = Thread { [self] in
            run()
            condition.withLock {
                isRunning = false
                condition.broadcast()
            }
        }
        thread.name = "credsync-checkpoint"
        thread.start()
    }

    /// Replaces `writer`'s automatic checkpoints with reports to this thread, until `detach`.
    public func attach(to writer: Connection) {
        sqlite3_wal_hook(
            writer.handle,
            { context, _, _, frames in
                guard let context else { return SQLITE_OK }
                Unmanaged<BackgroundCheckpointer>.fromOpaque(context).takeUnretainedValue().committed(frames: frames)
                return SQLITE_OK
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Gives `writer` back its automatic checkpoints every `autocheckpointPages` pages (this removes the hook), then
    /// stops the thread after the checkpoint in progress.
    public func detach(from writer: Connection, autocheckpointPages: Int) {
        sqlite3_wal_autocheckpoint(writer.handle, Int32(clamping: autocheckpointPages))
        condition.withLock {
            isFinishing = true
            condition.broadcast()
            while isRunning { condition.wait() }
        }
    }

    /// The writer's commit hook: the WAL now holds `frames` frames. A checkpoint is due every `thresholdFrames` frames
    /// the WAL grows by, as with `wal_autocheckpoint`: while the writer keeps it from starting over, the WAL stays above
    /// the threshold, and a checkpoint after every commit would copy the same hot pages into the database again and
    /// again.
    private func committed(frames: Int32) {
        condition.withLock {
            // Smaller than at the last request: the WAL started over.
            if frames < framesAtLastRequest { framesAtLastRequest = 0 }
            guard frames - framesAtLastRequest >= thresholdFrames else { return }
            framesAtLastRequest = frames
            isDue = true
            condition.signal()
        }
    }

    private func run() {
        // The schema is already migrated: a plain connection.
        guard let db = try? Connection(path: path) else { return }
        while true {
            let proceed = condition.withLock {
                while !isDue && !isFinishing { condition.wait() }
                isDue = false
                return !isFinishing
            }
            guard proceed else { return }
            // A failed checkpoint (SQLITE_BUSY from another checkpoint) is retried at the next report.
            try? db.execute("PRAGMA wal_checkpoint(PASSIVE)")
            condition.withLock { checkpointsRun += 1 }
        }
    }
}
