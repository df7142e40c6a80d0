import Foundation

/// Runs `sync` jobs: pages stream from the platform's adapter through normalise → match → upsert, in batches that
/// commit together with the job's checkpoint, so a killed attempt resumes exactly where it stopped.
public struct SyncJobHandler: JobHandler {
    public var kind: JobKind { .sync }

    public let policy: SyncPolicy
    public let clock: any WallClock
    /// Opens platform secrets, read when a job needs them; none when no key exists (platforms without secrets
    /// still sync).
    public let keys: SecretKeys
    public let pacers: PacerRegistry
    /// Called after a commit with alerts that were newly raised or resolved (the webhook).
    public let alertSink: @Sendable ([AlertEvent]) -> Void
    /// Blocks the worker thread; tests pass one that advances a manual clock.
    public let sleep: @Sendable (Int64) -> Void
    /// Builds a platform's adapter: the registry's, or a scripted one in tests.
    public let makeAdapter: @Sendable (PlatformDefinition) throws -> any PlatformAdapter
    /// Who the token refreshes made during syncs are audited as: the OS user the engine runs as.
    public let actor: String

    public init(
        policy: SyncPolicy, clock: any WallClock, secretBox: SecretBox? = nil, keys: SecretKeys? = nil,
        pacers: PacerRegistry = PacerRegistry(),
        alertSink: @escaping @Sendable ([AlertEvent]) -> Void = { _ in },
        sleep: @escaping @Sendable (Int64) -> Void = { Thread.sleep(forTimeInterval: Double($0) / 1000) },
        makeAdapter: @escaping @Sendable (PlatformDefinition) throws -> any PlatformAdapter = AdapterRegistry.makeAdapter,
        actor: String = "engine"
    ) {
        self.makeAdapter = makeAdapter
        self.actor = actor
        self.policy = policy
        self.clock = clock
        self.keys = keys ?? .fixed(secretBox)
        self.pacers = pacers
        self.alertSink = alertSink
        self.sleep = sleep
    }

    /// The payload of a sync job.
    public struct Request: Codable, Sendable, Equatable {
        /// Ignore the incremental cursor and fetch everything.
        public var full: Bool

        public init(full: Bool) { self.full = full }

        public var json: String { full ? #"{"full":true}"# : #"{"full":false}"# }
    }

    public func perform(_ context: JobContext) throws -> JobOutcome {
        let db = context.database
        let platforms = PlatformStore(db: db, clock: clock)
        guard let platformId = context.job.platformId, let platform = try platforms.platform(id: platformId) else {
            return .failed(error: "the platform of this job was removed")
        }
        guard platform.isActive else {
            return .failed(error: "platform '\(platform.name)' is disabled; enable it with 'credsync platforms enable \(platform.name)'")
        }
        return SyncAttempt(context: context, platform: platform, handler: self).execute()
    }
}

/// An alert that was raised or resolved, for the webhook.
public struct AlertEvent: Sendable, Equatable {
    public enum Change: String, Sendable { case raised, resolved }
    public var change: Change
    public var alert: Alert
}
