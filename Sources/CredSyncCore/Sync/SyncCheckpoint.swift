import Foundation

/// Where a sync job stands, saved with every committed batch so a killed or retried attempt resumes exactly there.
public struct SyncCheckpoint: Codable, Sendable, Equatable {
    /// The `sync_runs` row of the attempt that wrote this checkpoint.
    public var runId: Int64
    /// The adapter's cursor of the page being processed (nil: the first page).
    public var cursor: String?
    /// How many items of that page are already committed.
    public var itemsDoneInPage: Int = 0
    /// The lower bound asked of the platform for this whole job, so a resumed attempt asks the same.
    public var sinceMs: Int64?
    /// The page size the run started with: a page-number cursor only means the same items at the same size, so
    /// an edit of `pageSize` applies from the next run. Nil in checkpoints written before it was kept.
    public var pageSize: Int?
    public var pages: Int = 0
    public var newestUpdatedAtMs: Int64?
    /// Cursors already followed, for the pagination guard (bounded).
    public var recentCursors: [String] = []

    public static let rememberedCursors = 64

    public init(runId: Int64, sinceMs: Int64?) {
        self.runId = runId
        self.sinceMs = sinceMs
    }

    public var encoded: String { String(decoding: try! JSONEncoder().encode(self), as: UTF8.self) }

    public static func decode(_ text: String?) -> SyncCheckpoint? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(SyncCheckpoint.self, from: Data(text.utf8))
    }
}
