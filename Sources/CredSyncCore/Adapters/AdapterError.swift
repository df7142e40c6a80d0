/// A page an adapter could not read, in one line (SPEC §5). URLs are shown without their query string, and bodies
/// only by their first bytes, secrets masked. A sync turns it into a `SyncError`, and `OutcomeClassifier` adds what
/// to do about it.
public enum AdapterError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The platform answered a status other than 2xx that the session handed back (after its own retries).
    case httpStatus(url: String, status: Int, firstBytes: String)
    /// The body is not valid JSON.
    case invalidJSON(url: String, firstBytes: String, detail: String)
    /// Valid JSON, but not the contract's shape (no `data` array, say).
    case unexpectedShape(url: String, detail: String)
    /// A cursor this adapter did not write (a checkpoint from another adapter or version).
    case invalidCursor(cursor: String, expected: String)
    /// A file import's file could not be read.
    case unreadableFile(path: String, detail: String)

    public var description: String {
        switch self {
        case .httpStatus(let url, let status, let firstBytes):
            return "GET \(url) answered HTTP \(status): \(quoted(firstBytes))"
        case .invalidJSON(let url, let firstBytes, let detail):
            return "GET \(url) returned a page that is not valid JSON (\(detail)): \(quoted(firstBytes))"
        case .unexpectedShape(let url, let detail):
            return "GET \(url) returned a page of an unexpected shape: \(detail)"
        case .invalidCursor(let cursor, let expected):
            return "the saved cursor \(quoted(cursor)) is not \(expected)"
        case .unreadableFile(let path, let detail):
            return "cannot read \(path): \(detail)"
        }
    }

    private func quoted(_ text: String) -> String {
        "`" + text.replacing("\n", with: "\\n").replacing("\r", with: "\\r") + "`"
    }
}
