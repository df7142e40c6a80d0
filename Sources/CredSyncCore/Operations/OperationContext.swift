/// What every operation needs: the connection it runs on (used by one thread), the clock, the settings in force,
/// who is acting (for the audit log), how to get the secret box, and where alerts go.
public struct OperationContext {
    public let db: Connection
    public let clock: any WallClock
    public let settings: Settings
    public let actor: String
    /// The box that seals and opens platform secrets; throws (naming the key file or variable) when there is none.
    public let secretBox: () throws -> SecretBox
    public let alertSink: AlertSink

    public init(
        db: Connection, clock: any WallClock, settings: Settings, actor: String,
        secretBox: @escaping () throws -> SecretBox, alertSink: AlertSink
    ) {
        self.db = db
        self.clock = clock
        self.settings = settings
        self.actor = actor
        self.secretBox = secretBox
        self.alertSink = alertSink
    }

    var audit: AuditLog { AuditLog(db: db, clock: clock, actor: actor) }
    var platforms: PlatformStore { PlatformStore(db: db, clock: clock) }
    var queue: JobQueue { JobQueue(db: db, clock: clock, policy: QueuePolicy(settings: settings)) }
    var phoneNormalizer: PhoneNormalizer { PhoneNormalizer(defaultCountryCode: settings.defaultCountryCode) }
}
