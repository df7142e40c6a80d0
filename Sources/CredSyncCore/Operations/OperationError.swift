/// An operator action that cannot be done as asked; one line that says why and what to do instead.
public enum OperationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A field of a platform definition or its secrets is wrong; `field` names it for the form.
    case invalid(PlatformFieldError)
    /// The action needs the operator to confirm it (`--yes`, or the dashboard's dialog).
    case needsConfirmation(String)
    /// The action does not apply to the thing's current state.
    case refused(String)
    case jobNotFound(Int64)
    case alertNotFound(Int64)

    public var description: String {
        switch self {
        case .invalid(let error): "\(error)"
        case .needsConfirmation(let question): question
        case .refused(let reason): reason
        case .jobNotFound(let id): "no job \(id); list them with 'credsync jobs'"
        case .alertNotFound(let id): "no open, unacknowledged alert \(id); list them with 'credsync alerts'"
        }
    }
}
