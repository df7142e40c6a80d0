import CSQLite

/// A prepared statement owned by its connection. Not thread safe: use it on the connection's thread.
public final class Statement {
    let handle: OpaquePointer
    public let sql: String
    private unowned let connection: Connection

    init(connection: Connection, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw connection.error(code: code, sql: sql)
        }
        self.handle = statement
        self.sql = sql
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(handle)
    }

    // MARK: - Binding

    /// Resets the statement and binds `values` to its parameters, in order.
    public func bind(_ values: [any DatabaseValueConvertible]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        precondition(values.count == expected, "statement takes \(expected) values, got \(values.count): \(sql)")
        for (offset, value) in values.enumerated() {
            try bind(value.databaseValue, at: Int32(offset + 1))
        }
    }

    private func bind(_ value: DatabaseValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(handle, index)
        case .integer(let integer):
            code = sqlite3_bind_int64(handle, index, integer)
        case .real(let real):
            code = sqlite3_bind_double(handle, index, real)
        case .text(let text):
            code =
                text.utf8.withContiguousStorageIfAvailable { bytes in
                    bytes.withMemoryRebound(to: CChar.self) {
                        credsync_sqlite3_bind_text_transient(handle, index, $0.baseAddress, Int32($0.count))
                    }
                } ?? credsync_sqlite3_bind_text_transient(handle, index, text, -1)
        case .blob(let bytes):
            code = bytes.withUnsafeBytes {
                credsync_sqlite3_bind_blob_transient(
                    handle, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count))
            }
        }
        guard code == SQLITE_OK else { throw connection.error(code: code, sql: sql) }
    }

    // MARK: - Stepping

    /// Steps once: true when a row is available.
    @discardableResult
    public func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = connection.error(code: code, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs the statement to completion with `values`.
    public func run(_ values: [any DatabaseValueConvertible] = []) throws {
        try bind(values)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Calls `body` with each result row; the row is valid only inside the call.
    public func forEach(_ values: [any DatabaseValueConvertible] = [], _ body: (Row) throws -> Void) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        let row = Row(statement: self)
        while try step() {
            try body(row)
        }
    }

    /// Maps every result row.
    public func map<T>(_ values: [any DatabaseValueConvertible] = [], _ transform: (Row) throws -> T) throws -> [T] {
        var results: [T] = []
        try forEach(values) { results.append(try transform($0)) }
        return results
    }

    /// The first result row, mapped, or nil when there is none.
    public func first<T>(_ values: [any DatabaseValueConvertible] = [], _ transform: (Row) throws -> T) throws -> T? {
        try bind(values)
        defer { sqlite3_reset(handle) }
        guard try step() else { return nil }
        return try transform(Row(statement: self))
    }
}

@available(*, unavailable)
extension Statement: Sendable {}
