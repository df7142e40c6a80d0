import CredSyncCore

/// What an operator's key press asks the engine or the database to do. The dashboard's `update` returns these;
/// the data source performs them off the UI thread and answers with a `CommandResult`.
public enum DashboardCommand: Sendable, Equatable {
    case syncPlatform(platformId: Int64)
    case syncAll
    case refreshToken(platformId: Int64)
    case setScheduler(enabled: Bool)
    case setPlatformActive(platformId: Int64, active: Bool)
    /// Add (`platformId` nil) or edit a platform; `secrets` nil keeps the stored ones.
    case savePlatform(platformId: Int64?, changes: PlatformChanges, secrets: PlatformSecrets?)
    case searchUsers(query: String)
    case claim(credentialId: Int64, userId: Int64)
    case reject(credentialId: Int64, reason: String?)
    case retryJob(jobId: Int64)
    case cancelJob(jobId: Int64)
    /// The first page of the platform the form describes and what its items would become; stores nothing.
    case previewPlatform(platformId: Int64?, changes: PlatformChanges, secrets: PlatformSecrets?)
    /// The raw item of a credential, for its detail view.
    case loadRawItem(credentialId: Int64)
    /// Marks an open alert as seen (`A`, then `enter`).
    case acknowledgeAlert(alertId: Int64)
    /// Reverts the last claim or rejection of a credential (`u`).
    case undoDecision(credentialId: Int64)
}

/// The answer to a `DashboardCommand`: a one-line message for the footer, and data some commands return.
public struct CommandResult: Sendable, Equatable {
    public enum Payload: Sendable, Equatable {
        case none
        case users([User])
        case rawItem(credentialId: Int64, text: String)
        /// A platform field the operation refused, for the form to show next to it.
        case invalidField(field: String, problem: String)
    }

    public var succeeded: Bool
    public var message: String
    public var payload: Payload

    public init(succeeded: Bool, message: String, payload: Payload = .none) {
        self.succeeded = succeeded
        self.message = message
        self.payload = payload
    }
}

/// Where the dashboard gets its data and sends its commands. Both methods block and are called on a background
/// thread of the dashboard's, never on the UI thread and never on Swift's cooperative pool.
public protocol DashboardDataSource: AnyObject, Sendable {
    func snapshot() throws -> DashboardSnapshot
    /// The snapshot with the rows `windows` asks for in the paged panes.
    func snapshot(windows: DashboardWindows) throws -> DashboardSnapshot
    func perform(_ command: DashboardCommand) -> CommandResult
}

extension DashboardDataSource {
    /// A source that holds every row in memory shows the same snapshot for any window.
    public func snapshot(windows: DashboardWindows) throws -> DashboardSnapshot { try snapshot() }
}
