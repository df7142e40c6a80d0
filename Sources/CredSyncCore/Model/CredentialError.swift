/// Claim, reject and undo failures, phrased for the operator.
public enum CredentialError: Error, CustomStringConvertible, Equatable, Sendable {
    case notFound(Int64)
    case userNotFound(String, ambiguous: Bool)
    case notPending(Int64, Credential.Status)
    case nothingToUndo(Int64)

    public var description: String {
        switch self {
        case .notFound(let id): "no credential \(id); list them with 'credsync credentials'"
        case .userNotFound(let reference, let ambiguous):
            ambiguous
                ? "several users match '\(reference)'; name the user by id (see 'credsync users list --search …')"
                : "no user matches '\(reference)'; give a user id, email or phone (see 'credsync users list')"
        case .notPending(let id, let status):
            "credential \(id) is \(status.rawValue), not pending; undo its last decision with 'credsync claim --undo \(id)'"
        case .nothingToUndo(let id): "credential \(id) has no claim or rejection to undo"
        }
    }
}
