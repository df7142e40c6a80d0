/// Notices an edit of a platform made while its sync runs — from the CLI, the dashboard or another process — so
/// pacing, rate limit and timeout apply from the next page without restarting the engine.
///
/// Used by one thread (the prefetch thread), with a read connection of its own opened on first use. One indexed
/// read per page; an edit that no longer passes the checks is ignored and the run keeps the settings it had.
final class PlatformSettingsWatch {
    private let databasePath: String
    private let platformId: Int64
    private var seenUpdatedAtMs: Int64
    private var connection: Connection?

    init(databasePath: String, platformId: Int64, seenUpdatedAtMs: Int64) {
        self.databasePath = databasePath
        self.platformId = platformId
        self.seenUpdatedAtMs = seenUpdatedAtMs
    }

    /// The platform's settings when its row changed since the last look; nil when nothing changed.
    func editedSettings() -> PlatformSettings? {
        do {
            if connection == nil { connection = try Connection(path: databasePath) }
            guard let platform = try PlatformStore(db: connection!, clock: SystemClock()).platform(id: platformId),
                platform.updatedAtMs != seenUpdatedAtMs
            else { return nil }
            seenUpdatedAtMs = platform.updatedAtMs
            return try? platform.definition.settings()
        } catch {
            return nil
        }
    }
}

@available(*, unavailable)
extension PlatformSettingsWatch: Sendable {}
