import Foundation

/// Errors opening or migrating a database, phrased for the operator.
public enum StoreError: Error, CustomStringConvertible, Equatable, Sendable {
    case cannotOpen(path: String, reason: String)
    case notADatabase(path: String)
    case schemaTooNew(path: String, found: Int, supported: Int)
    /// The folder the database should be in does not exist (a typo in `--db` must not look like an empty database).
    case folderMissing(path: String, folder: String)
    case isDirectory(path: String)
    /// A device, a pipe or a socket.
    case notARegularFile(path: String)
    case readOnlyFile(path: String)
    /// SQLite keeps its `-wal` and `-shm` files beside the database: the folder must be writable too.
    case readOnlyFolder(path: String, folder: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open database \(path): \(reason); check the path and its permissions, or pass another with --db"
        case .notADatabase(let path):
            "\(path) is not a SQLite database; pass a credsync database or a new file with --db"
        case .schemaTooNew(let path, let found, let supported):
            "database \(path) has schema version \(found) but this credsync understands up to \(supported); "
                + "upgrade credsync before opening it"
        case .folderMissing(let path, let folder):
            "the folder \(folder) of database \(path) does not exist; create it, or check the path given with --db "
                + "or CREDSYNC_DB"
        case .isDirectory(let path):
            "\(path) is a directory; give the path of a database file with --db"
        case .notARegularFile(let path):
            "\(path) is not a regular file (a device, pipe or socket); give the path of a database file with --db"
        case .readOnlyFile(let path):
            "database \(path) is read-only for this user; make it writable (chmod u+w) or use another with --db"
        case .readOnlyFolder(let path, let folder):
            "the folder \(folder) is read-only for this user, and SQLite writes \((path as NSString).lastPathComponent)-wal "
                + "beside the database; make the folder writable or move the database"
        }
    }
}
