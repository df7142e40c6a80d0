/// Every operator action, once, below both front ends (SPEC §2): `credsync` commands and the dashboard's data
/// source parse input, call one of these, and render the typed result or error. Each action validates its input,
/// runs in one transaction, writes its audit row in that transaction, raises or resolves alerts through the one
/// `AlertSink`, and returns a typed result.
///
/// Blocking: runs on the caller's thread (a command's main thread, the dashboard's command thread).
public struct Operations {
    public let context: OperationContext

    public init(_ context: OperationContext) {
        self.context = context
    }

    var db: Connection { context.db }
    var clock: any WallClock { context.clock }

    /// The platform `reference` names, or an error that says how to find the right name.
    public func platform(_ reference: PlatformReference) throws -> Platform {
        switch reference {
        case .name(let name): return try context.platforms.require(name)
        case .id(let id):
            guard let platform = try context.platforms.platform(id: id) else { throw PlatformError.notFound("#\(id)") }
            return platform
        }
    }
}
