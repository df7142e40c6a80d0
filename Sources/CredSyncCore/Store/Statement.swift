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

    // MARK: - Typed binding

    /// Parameters bound one by one, in order, without boxing each value in an existential: for statements a sync
    /// runs for every credential. Every parameter must be bound; `run(binding:)` and `forEach(binding:_:)` check.
    public struct Bindings {
        fileprivate let statement: Statement
        fileprivate var next: Int32 = 1

        fileprivate init(statement: Statement) { self.statement = statement }

        public mutating func bind(_ value: Int64) throws {
            try statement.check(sqlite3_bind_int64(statement.handle, next, value))
            next += 1
        }

        public mutating func bind(_ value: Int64?) throws {
            if let value { try bind(value) } else { try bindNull() }
        }

        public mutating func bind(_ value: String) throws {
            let handle = statement.handle
            let index = next
            var value = value
            try statement.check(
                value.withUTF8 { bytes in
                    guard let base = bytes.baseAddress, !bytes.isEmpty else {
                        // A null pointer would bind NULL, not the empty text.
                        return "".withCString { credsync_sqlite3_bind_text_transient(handle, index, $0, 0) }
                    }
                    return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        credsync_sqlite3_bind_text_transient(handle, index, $0, Int32(bytes.count))
                    }
                })
            next += 1
        }

        public mutating func bind(_ value: String?) throws {
            if let value { try bind(value) } else { try bindNull() }
        }

        public mutating func bindNull() throws {
            try statement.check(sqlite3_bind_null(statement.handle, next))
            next += 1
        }
    }

    /// Resets the statement, lets `body` bind every parameter, and checks that it did.
    private func bind(_ body: (inout Bindings) throws -> Void) throws {
        sqlite3_reset(handle)
        var bindings = Bindings(statement: self)
        try body(&bindings)
        let expected = sqlite3_bind_parameter_count(handle)
        precondition(bindings.next - 1 == expected, "statement takes \(expected) values, got \(bindings.next - 1): \(sql)")
    }

    /// Runs the statement to completion with the parameters `body` binds.
    public func run(binding body: (inout Bindings) throws -> Void) throws {
        try bind(body)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Calls `each` with every result row of the statement with the parameters `body` binds.
    public func forEach(binding body: (inout Bindings) throws -> Void, _ each: (Row) throws -> Void) throws {
        try bind(body)
        defer { sqlite3_reset(handle) }
        let row = Row(statement: self)
        while try step() {
            try each(row)
        }
    }

    fileprivate func check(_ code: Int32) throws {
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
