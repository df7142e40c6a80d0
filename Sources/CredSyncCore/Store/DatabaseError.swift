/// An error from SQLite, with the result code, SQLite's message and the statement that failed.
public struct DatabaseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The primary or extended SQLite result code (`SQLITE_BUSY` is 5, `SQLITE_NOTADB` 26…).
    public let code: Int32
    public let message: String
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code: the low byte of an extended code.
    public var primaryCode: Int32 { code & 0xFF }

    public var isConstraintViolation: Bool { primaryCode == 19 }

    /// One sentence for the operator, without the statement (that goes to the log).
    public var plainDescription: String {
        switch primaryCode {
        case 5, 6: "the database is busy: another process holds it locked; try again in a moment"
        case 8: "the database is read-only for this user: check the permissions of the file and its folder"
        case 10: "the disk failed reading or writing the database (\(message)); check that the path is a file on a working disk"
        case 11, 26: "the database file is damaged (\(message)); restore it from a backup"
        case 13: "the disk holding the database is full; free some space and try again"
        case 14: "the database file cannot be opened (\(message)); check the path and its permissions"
        default: "database error: \(message) (SQLite code \(code))"
        }
    }

    public var description: String {
        if let sql { return "SQLite error \(code): \(message) — in `\(sql)`" }
        return "SQLite error \(code): \(message)"
    }
}
