import CredSyncCore

/// The full record behind a row (`enter`). It keeps the row as it was when opened, and the view shows the
/// row's current version when the snapshot still has it.
public struct DetailOverlay: Sendable, Equatable {
    public enum Subject: Sendable, Equatable {
        case platform(PlatformSummary)
        case job(JobRow)
        case run(SyncRun)
        case credential(Credential)
        case token(TokenStatus)
    }

    /// A credential's raw item, fetched with `loadRawItem` when the detail opens.
    public enum RawItem: Sendable, Equatable {
        case notApplicable
        case loading
        case loaded(String)
        case failed(String)
    }

    public var subject: Subject
    public var rawItem: RawItem
    /// The first line on screen.
    public var scroll = 0

    public init(subject: Subject, rawItem: RawItem = .notApplicable) {
        self.subject = subject
        self.rawItem = rawItem
    }
}
