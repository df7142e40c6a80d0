import CredSyncCore

/// Everything the dashboard shows, read at one moment: the views are pure functions of this plus the UI state.
public struct DashboardSnapshot: Sendable, Equatable {
    /// Whether this process runs the engine or views one running elsewhere.
    public enum Role: Sendable, Equatable {
        case engine
        case viewer(holder: String)
        /// No engine holds the database: jobs wait until one starts.
        case noEngine
    }

    public var nowMs: Int64
    public var databasePath: String
    public var role: Role
    public var schedulerEnabled: Bool
    public var schedulerCron: String
    public var nextScheduledRunMs: Int64?
    public var workersBusy: Int
    public var workersTotal: Int
    public var queuePaused: Bool
    /// When the global start-rate limit next allows a job to start; nil when it does not hold anything back.
    public var rateLimitedUntilMs: Int64?
    public var openAlerts: [Alert]
    public var platforms: [PlatformSummary]
    /// Unfinished jobs first (active, then waiting/delayed by run time), then recent failed ones.
    public var jobs: [JobRow]
    /// Where `jobs` sits among the jobs the Queue pane shows when read as a window; nil when `jobs` is all of them.
    public var jobsPlace: ListWindowPlace?
    /// How many jobs are active in all, loaded in the Queue's window or not; nil: those in `jobs`.
    public var activeJobs: Int?
    /// Sync runs, newest first.
    public var runs: [SyncRun]
    /// Where `runs` sits in the sync log when read as a window; nil when `runs` is the whole log.
    public var runsPlace: ListWindowPlace?
    /// The run last seen at the top of Sync logs (as the window request named it), and how many runs matching
    /// the pane's filter are newer: those that came in since the operator scrolled away from the top.
    public var newestSeenRun: SyncRunKey?
    public var runsAboveSeen: Int
    /// A window of the pending credentials matching `pendingFilter`, by id: rows `pendingOffset ..<
    /// pendingOffset + pending.count` of the `pendingMatches` that match; `pendingTotal` pending in all.
    public var pending: [Credential]
    public var pendingTotal: Int
    /// Where `pending` starts among the matching rows.
    public var pendingOffset: Int
    /// How many pending credentials match `pendingFilter` (all of them when it is empty).
    public var pendingMatches: Int
    /// The filter `pending` was read with.
    public var pendingFilter: String
    public var tokens: [TokenStatus]
    /// Each platform's full definition (no secrets), by platform id: what the edit form (`E`) starts from. A
    /// platform missing here cannot be edited from the dashboard.
    public var platformDefinitions: [Int64: PlatformDefinition]
    /// The alerts view (`A`): every open alert, newest first, then the recently resolved ones.
    public var alerts: [Alert]
    /// DEFAULT_COUNTRY_CODE, for comparing a credential's phone with a user's as matching does.
    public var defaultCountryCode: String

    public init(
        nowMs: Int64, databasePath: String, role: Role, schedulerEnabled: Bool = false, schedulerCron: String = "",
        nextScheduledRunMs: Int64? = nil, workersBusy: Int = 0, workersTotal: Int = 0, queuePaused: Bool = false,
        rateLimitedUntilMs: Int64? = nil, openAlerts: [Alert] = [], platforms: [PlatformSummary] = [],
        jobs: [JobRow] = [],
        jobsPlace: ListWindowPlace? = nil, activeJobs: Int? = nil, runs: [SyncRun] = [],
        runsPlace: ListWindowPlace? = nil,
        newestSeenRun: SyncRunKey? = nil, runsAboveSeen: Int = 0, pending: [Credential] = [], pendingTotal: Int = 0,
        pendingOffset: Int = 0,
        pendingMatches: Int? = nil, pendingFilter: String = "", tokens: [TokenStatus] = [],
        platformDefinitions: [Int64: PlatformDefinition] = [:], alerts: [Alert] = [],
        defaultCountryCode: String = "91"
    ) {
        self.nowMs = nowMs
        self.databasePath = databasePath
        self.role = role
        self.schedulerEnabled = schedulerEnabled
        self.schedulerCron = schedulerCron
        self.nextScheduledRunMs = nextScheduledRunMs
        self.workersBusy = workersBusy
        self.workersTotal = workersTotal
        self.queuePaused = queuePaused
        self.rateLimitedUntilMs = rateLimitedUntilMs
        self.openAlerts = openAlerts
        self.platforms = platforms
        self.jobs = jobs
        self.jobsPlace = jobsPlace
        self.activeJobs = activeJobs
        self.runs = runs
        self.runsPlace = runsPlace
        self.newestSeenRun = newestSeenRun
        self.runsAboveSeen = runsAboveSeen
        self.pending = pending
        self.pendingTotal = pendingTotal
        self.pendingOffset = pendingOffset
        self.pendingMatches = pendingMatches ?? max(pendingTotal, pendingOffset + pending.count)
        self.pendingFilter = pendingFilter
        self.tokens = tokens
        self.platformDefinitions = platformDefinitions
        self.alerts = alerts
        self.defaultCountryCode = defaultCountryCode
    }
}

extension DashboardSnapshot {
    /// Jobs running right now, wherever the Queue pane is scrolled.
    public var activeJobCount: Int { activeJobs ?? jobs.filter { $0.job.state == .active }.count }
}

/// A job with what the Queue pane shows beside it.
public struct JobRow: Sendable, Equatable {
    public var job: Job
    public var platformName: String?
    /// Live progress from the in-process feed when this process runs the job, else the last committed progress.
    public var done: Int
    public var total: Int?
    /// Items per second over the attempt so far; nil before the first batch.
    public var itemsPerSecond: Double?
    public var pages: Int?
    /// Since when the running attempt has waited for the platform's answer (this process's jobs only).
    public var awaitingResponseSinceMs: Int64?

    public init(
        job: Job, platformName: String?, done: Int, total: Int?, itemsPerSecond: Double? = nil, pages: Int? = nil,
        awaitingResponseSinceMs: Int64? = nil
    ) {
        self.awaitingResponseSinceMs = awaitingResponseSinceMs
        self.job = job
        self.platformName = platformName
        self.done = done
        self.total = total
        self.itemsPerSecond = itemsPerSecond
        self.pages = pages
    }

    /// Its place in the Queue pane's order.
    public var key: JobOrderKey { job.orderKey }
}
