import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

/// A writer whose checkpoints run on another thread: the WAL is copied into the database while it commits, its
/// own commits never checkpoint, and detaching gives it back its automatic checkpoints.
@Suite struct BackgroundCheckpointerTests {
    @Test func checkpointsRunBesideTheWriterAndDetachingRestoresTheAutomaticOnes() throws {
        let fixture = try TestDatabase()
        let db = fixture.db
        try db.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
        let checkpointer = BackgroundCheckpointer(path: fixture.path, thresholdFrames: 50)
        checkpointer.attach(to: db)
        for batch in 0..<40 {
            try db.transaction(.immediate) {
                for row in 0..<50 {
                    try db.run(
                        "INSERT INTO filler (text) VALUES (?)", [String(repeating: "\(batch)-\(row) ", count: 40)])
                }
            }
        }
        // The thread is signalled once the WAL holds 50 frames; give it time to run at least one checkpoint.
        let deadline = Date().addingTimeInterval(10)
        while checkpointer.checkpoints == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        checkpointer.detach(from: db, autocheckpointPages: 1_000)
        #expect(checkpointer.checkpoints > 0)
        #expect(try db.first("PRAGMA wal_autocheckpoint") { $0.int(0) } == 1_000)
        // Everything committed is readable from a fresh connection after a full checkpoint.
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let reader = try Connection(path: fixture.path)
        #expect(try reader.first("SELECT count(*) FROM filler") { $0.int(0) } == 2_000)
    }
}
