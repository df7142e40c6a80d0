import CSQLite
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One SQLite connection: owns the handle, caches prepared statements, runs transactions.
///
/// A connection is used by one thread at a time (it is opened in SQLite's multi-thread mode) and is not `Sendable`;
/// each worker thread, the scheduler and the dashboard open their own. WAL lets readers run beside the one writer.
public final class Connection {
    public enum Synchronous: String, Sendable {
        case full = "FULL"
        case normal = "NORMAL"
    }

    public enum TransactionKind: String, Sendable {
        case deferred = "DEFERRED"
        case immediate = "IMMEDIATE"
    }

    public struct Options: Sendable {
        public var readOnly = false
        public var synchronous: Synchronous = .full
        public var busyTimeoutMs: Int32 = 5_000
        /// WAL pages after which a commit on this connection copies them into the database (`PRAGMA
        /// wal_autocheckpoint`): nil keeps SQLite's 1,000; 0 leaves checkpoints to other connections and to the last
        /// connection's close.
        public var checkpointAfterPages: Int32?

        public init(
            readOnly: Bool = false, synchronous: Synchronous = .full, busyTimeoutMs: Int32 = 5_000,
            checkpointAfterPages: Int32? = nil
        ) {
            self.readOnly = readOnly
            self.synchronous = synchronous
            self.busyTimeoutMs = busyTimeoutMs
            self.checkpointAfterPages = checkpointAfterPages
        }

        /// An operator's connection (a command's, the dashboard's). It waits for a write lock a full-speed sync holds
        /// long enough that a busy machine does not turn a claim into an error. It does not checkpoint inside an
        /// operator's commit beside a sync: the sync's writer lets the WAL grow to `SyncPolicy.writeAutocheckpointPages`,
        /// and with SQLite's default of 1,000 every claim copied the sync's latest pages into the database and waited
        /// for their fsync before answering (docs/performance.md). The engine's connections checkpoint, and so does
        /// the last connection to close; twice the writer's limit only bounds the WAL when neither happens (a
        /// dashboard left open with no engine).
        public static let operatorAction = Options(
            busyTimeoutMs: 30_000, checkpointAfterPages: Int32(2 * SyncPolicy.defaultWriteAutocheckpointPages))
    }

    let handle: OpaquePointer
    public let path: String
    private var statements: [String: Statement] = [:]
    /// How long a statement waits for a lock another connection holds (`Options.busyTimeoutMs`).
    private let busyTimeoutNs: UInt64
    /// When the current wait for a lock began (the busy handler's first call).
    private var busySinceNs: UInt64 = 0
    /// The busy handler's pause between tries: short, so a claim waiting on a sync's batch takes the lock within about
    /// a millisecond of its commit instead of sleeping through the gap before the next batch.
    static let busyPollMicroseconds: UInt32 = 1_000

    /// Opens (creating with mode 0600 when missing) the database at `path` and checks that it is a SQLite database.
    public init(path: String, options: Options = Options()) throws {
        self.path = path
        busyTimeoutNs = UInt64(max(options.busyTimeoutMs, 0)) * 1_000_000
        if !options.readOnly && path != ":memory:" {
            try Connection.createPrivateFile(at: path)
        }
        var connection: OpaquePointer?
        let flags =
            (options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(connection)
            throw StoreError.cannotOpen(path: path, reason: message)
        }
        self.handle = connection
        sqlite3_extended_result_codes(handle, 1)
        // sqlite3_busy_timeout's handler sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, then 100 ms between tries: a
        // claim beside a sync that commits every few tens of milliseconds and begins its next batch at once wakes
        // after the gap has closed again, and waits hundreds of milliseconds. This handler tries every millisecond.
        // > The presence of a busy handler does not guarantee that it will be invoked when there is lock contention.
        // (A deadlock between two writers returns SQLITE_BUSY at once; a transaction retries as a whole.)
        sqlite3_busy_handler(
            handle,
            { context, attempt in
                guard let context else { return 0 }
                return Unmanaged<Connection>.fromOpaque(context).takeUnretainedValue().waitAfterBusy(attempt: attempt)
                    ? 1 : 0
            }, Unmanaged.passUnretained(self).toOpaque())
        do {
            // Reading the schema is the first access to the file: a file that is not a database fails here.
            _ = try prepare("SELECT count(*) FROM sqlite_master").first { $0.int(0) }
            if !options.readOnly {
                try execute("PRAGMA journal_mode = WAL")
            }
            try execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = \(options.synchronous.rawValue)")
            if let pages = options.checkpointAfterPages { try execute("PRAGMA wal_autocheckpoint = \(pages)") }
        } catch let error as DatabaseError {
            statements.removeAll()
            sqlite3_close_v2(handle)
            switch error.primaryCode {
            case SQLITE_NOTADB: throw StoreError.notADatabase(path: path)
            case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH, SQLITE_READONLY:
                throw StoreError.cannotOpen(path: path, reason: error.message)
            default: throw error
            }
        }
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Finalizes cached statements and closes the handle now.
    public func close() throws {
        statements.removeAll()
        let code = sqlite3_close_v2(handle)
        guard code == SQLITE_OK else { throw error(code: code, sql: nil) }
    }

    // MARK: - Statements

    /// A cached prepared statement for `sql`: prepared once per connection, reset before every use.
    public func cached(_ sql: String) throws -> Statement {
        if let statement = statements[sql] { return statement }
        let statement = try Statement(connection: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// The SQL of every statement in the cache: what this connection has run through `cached`, `run`, `first`, `all`.
    var cachedSQL: [String] { Array(statements.keys) }

    /// A new prepared statement, not cached.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// Runs one or more statements that take no parameters.
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(message)
            throw DatabaseError(code: code, message: text, sql: sql)
        }
    }

    /// Runs one parameterised statement through the statement cache.
    public func run(_ sql: String, _ values: [any DatabaseValueConvertible] = []) throws {
        try cached(sql).run(values)
    }

    /// The first row of a query, mapped; nil when there is none.
    public func first<T>(_ sql: String, _ values: [any DatabaseValueConvertible] = [], _ transform: (Row) throws -> T)
        throws -> T?
    {
        try cached(sql).first(values, transform)
    }

    /// Every row of a query, mapped.
    public func all<T>(_ sql: String, _ values: [any DatabaseValueConvertible] = [], _ transform: (Row) throws -> T)
        throws -> [T]
    {
        try cached(sql).map(values, transform)
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    // MARK: - Transactions

    /// Runs `body` in a transaction that commits when it returns and rolls back when it throws.
    ///
    /// Called inside another transaction, `body` simply joins it: the outer one decides.
    public func transaction<T>(_ kind: TransactionKind = .deferred, _ body: () throws -> T) throws -> T {
        if isInTransaction { return try body() }
        try execute("BEGIN \(kind.rawValue)")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// The busy handler: pauses `busyPollMicroseconds` and asks SQLite to try again, until `busyTimeoutNs` has passed
    /// since the first try of this wait.
    private func waitAfterBusy(attempt: Int32) -> Bool {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let nowNs = UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
        if attempt == 0 { busySinceNs = nowNs }
        guard nowNs - busySinceNs < busyTimeoutNs else { return false }
        usleep(Self.busyPollMicroseconds)
        return true
    }

    // MARK: - Errors

    func error(code: Int32, sql: String?) -> DatabaseError {
        DatabaseError(
            code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Creates the file, private to this user, so the WAL and shared-memory files SQLite creates next to it inherit
    /// mode 0600. Its folder must exist (`DatabaseLocation.check` creates the default one).
    private static func createPrivateFile(at path: String) throws {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            Glibc.close(descriptor)
        } else if errno != EEXIST {
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

@available(*, unavailable)
extension Connection: Sendable {}
