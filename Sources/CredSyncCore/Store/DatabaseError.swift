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

    public var description: String {
        if let sql { return "SQLite error \(code): \(message) — in `\(sql)`" }
        return "SQLite error \(code): \(message)"
    }
}
