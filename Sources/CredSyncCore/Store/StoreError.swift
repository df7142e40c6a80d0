/// Errors opening or migrating a database, phrased for the operator.
public enum StoreError: Error, CustomStringConvertible, Equatable, Sendable {
    case cannotOpen(path: String, reason: String)
    case notADatabase(path: String)
    case schemaTooNew(path: String, found: Int, supported: Int)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open database \(path): \(reason); check the path and its permissions, or pass another with --db"
        case .notADatabase(let path):
            "\(path) is not a SQLite database; pass a credsync database or a new file with --db"
        case .schemaTooNew(let path, let found, let supported):
            "database \(path) has schema version \(found) but this credsync understands up to \(supported); "
                + "upgrade credsync before opening it"
        }
    }
}
