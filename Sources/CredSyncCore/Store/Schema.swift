/// The database schema as numbered migrations. Timestamps are Unix milliseconds (UTC) everywhere.
public enum Schema {
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "initial schema", sql: initial),
        Migration(version: 2, name: "sync pipeline: content hashes, normalised identifiers, claim history", sql: syncPipeline),
        Migration(version: 3, name: "tokens and security: manual sync requests, audit lookups", sql: tokensAndSecurity),
        Migration(
            version: 4, name: "dashboard windows: queue order columns and index, running runs index",
            sql: dashboardWindows),
        Migration(version: 5, name: "credentials: indexes a query plan needs, each identifier stored once", sql: leanCredentials),
        Migration(version: 6, name: "credentials: no random indexes on pending rows", sql: pendingWithoutIndexes),
        Migration(
            version: 7, name: "credentials: CHECK constraints without a temporary table per row",
            apply: rewriteCredentialChecks),
        Migration(version: 8, name: "users: a generation that moves with every import", sql: usersGeneration),
    ]

    /// `generations.users` moves, in the same transaction, whenever users are imported (`UserStore.importUsers`, the
    /// one writer of `users`): a sync's prefetch thread looks up a page's candidate users ahead of the worker thread,
    /// and the worker uses them only while the generation is the one they were read at (`MatchReadAhead`). Moved once
    /// per import, not by a trigger per row: a trigger made each user inserted cost 7 µs more, 7 s a million.
    static let usersGeneration = """
        CREATE TABLE generations (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO generations (name, value) VALUES ('users', 0);
        """

    /// The CHECK constraints of `external_credentials` that SQLite coded as a temporary b-tree, and the same
    /// constraints as comparisons.
    ///
    /// SQLite (3.40, Debian 12's) codes a CHECK's `IN` list of three or more constants as a temporary b-tree that it
    /// builds, fills and frees for every row inserted or updated: 3 µs a row, a seventh of a sync's per-credential cost
    /// (docs/performance.md). Written as `=` … `OR`, the same constraints are a few comparisons. Both forms refuse the
    /// same values and let NULL through.
    static let credentialChecks: [(coded: String, compared: String)] = [
        (
            "CHECK (status IN ('pending', 'matched', 'rejected'))",
            "CHECK (status = 'pending' OR status = 'matched' OR status = 'rejected')"
        ),
        (
            "CHECK (matched_by IN ('email', 'phone', 'manual'))",
            "CHECK (matched_by = 'email' OR matched_by = 'phone' OR matched_by = 'manual')"
        ),
    ]

    /// Migration 7: rewrites `credentialChecks` in the table's stored definition to their compared form.
    @Sendable static func rewriteCredentialChecks(_ db: Connection) throws {
        try setCredentialChecks(db, compared: true)
    }

    /// Puts `credentialChecks` in the table's stored definition in their compared form, or (for
    /// `credsync-bench ingest --alt in-list-checks`) back in the form SQLite codes as a temporary table. A CHECK
    /// constraint does not change how rows are stored, and every stored row satisfies one form as it does the other,
    /// so the definition is edited in place, as SQLite's documentation describes for such a change ("Making Other
    /// Kinds Of Table Schema Changes"): with `writable_schema`, then `schema_version` one higher so that every
    /// connection reads the schema again. Copying a million-row table to change two constraints would take minutes
    /// and twice its disk space. A definition that does not hold the constraints as credsync wrote them is left as it
    /// is. Run it inside a transaction.
    public static func setCredentialChecks(_ db: Connection, compared: Bool) throws {
        let select = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'external_credentials'"
        guard let stored = try db.prepare(select).first([], { $0.text(0) }) else { return }
        var definition = stored
        for check in credentialChecks {
            definition = definition.replacingOccurrences(
                of: compared ? check.coded : check.compared, with: compared ? check.compared : check.coded)
        }
        guard definition != stored else { return }
        let schemaVersion = try db.first("PRAGMA schema_version") { $0.int64(0) } ?? 0
        try db.execute("PRAGMA writable_schema = ON")
        defer { try? db.execute("PRAGMA writable_schema = OFF") }
        // A SQLite built in defensive mode ignores writable_schema: the constraints stay as they are (slower, as
        // correct) rather than the migration failing at every open.
        let writable = try db.first("PRAGMA writable_schema") { $0.int(0) }
        guard writable == 1 else { return }
        // Not through the statement cache: the statement is for this once.
        try db.prepare("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'external_credentials'")
            .run([definition])
        try db.execute("PRAGMA schema_version = \(schemaVersion + 1)")
    }

    /// Drops the two partial indexes on pending credentials' email and phone. Every credential a sync left pending
    /// cost each a random b-tree insert, and every commit rewrote each page it touched into the WAL: at 1,000,000
    /// credentials about 1 GB of a first sync's 2.7 GB written. Re-matching after an import reads the pending rows in
    /// one pass instead (`PendingRematcher.pendingIds`), as it already did for hashed recipients.
    static let pendingWithoutIndexes = """
        DROP INDEX IF EXISTS external_credentials_pending_email;
        DROP INDEX IF EXISTS external_credentials_pending_phone;
        """

    /// `external_credentials` keeps only the indexes some query's plan uses (`CredentialIndexPlanTests` asserts each):
    /// the unique key (the writer's lookup of a batch's stored rows, counts per platform, removing a platform), `status`
    /// (the Pending window and count, counts by status, re-matching's pass over the pending rows) and `platform_status`
    /// (counts per platform and status for the dashboard, `platforms list` and the metrics). `(learner_identifier,
    /// identifier_type)` served no query and cost every insert a random b-tree write; migration 6 dropped the two
    /// partial pending indexes for the same cost.
    ///
    /// `learner_identifier` repeated `email_normalized` or `phone_normalized` on almost every row; it is now stored only
    /// when it is neither (a hashed Open Badges recipient) and read as `CredentialStore.learnerIdentifierSQL`. Touches
    /// only `external_credentials`.
    static let leanCredentials = """
        DROP INDEX external_credentials_identifier;
        UPDATE external_credentials SET learner_identifier = NULL
        WHERE (identifier_type = 'email' AND learner_identifier = email_normalized)
           OR (identifier_type = 'phone' AND learner_identifier = phone_normalized);
        """

    /// The manual-sync limiter's request log (one row per accepted request, pruned as the window moves) and an
    /// index for reading the audit log by target.
    static let tokensAndSecurity = """
        CREATE TABLE manual_sync_requests (
            id INTEGER PRIMARY KEY,
            platform_id INTEGER NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
            at INTEGER NOT NULL
        );
        CREATE INDEX manual_sync_requests_platform_at ON manual_sync_requests(platform_id, at);
        CREATE INDEX audit_log_target ON audit_log(target, at);
        """

    /// Change detection and auto-matching columns on credentials, the run's invalid-item reasons, and the history
    /// that makes claims and rejections undoable.
    static let syncPipeline = """
        ALTER TABLE external_credentials ADD COLUMN content_hash INTEGER;
        ALTER TABLE external_credentials ADD COLUMN email_normalized TEXT;
        ALTER TABLE external_credentials ADD COLUMN phone_normalized TEXT;
        -- Open Badges hashed recipients as JSON [{"type","hash","salt"}], for re-matching after user imports.
        ALTER TABLE external_credentials ADD COLUMN hashed_identities TEXT;
        CREATE INDEX external_credentials_pending_email ON external_credentials(email_normalized)
            WHERE status = 'pending' AND email_normalized IS NOT NULL;
        CREATE INDEX external_credentials_pending_phone ON external_credentials(phone_normalized)
            WHERE status = 'pending' AND phone_normalized IS NOT NULL;
        CREATE INDEX external_credentials_platform_status ON external_credentials(platform_id, status);
        -- No query looks credentials up by user, and every sync paid for keeping this index in order: one random
        -- b-tree insert per credential (docs/performance.md).
        DROP INDEX external_credentials_user;

        ALTER TABLE sync_runs ADD COLUMN invalid_reasons TEXT;

        CREATE TABLE credential_decisions (
            id INTEGER PRIMARY KEY,
            credential_id INTEGER NOT NULL REFERENCES external_credentials(id) ON DELETE CASCADE,
            action TEXT NOT NULL CHECK (action IN ('claim', 'reject')),
            previous_status TEXT NOT NULL,
            previous_user_id INTEGER,
            previous_matched_by TEXT,
            previous_match_note TEXT,
            actor TEXT NOT NULL,
            at INTEGER NOT NULL,
            undone_at INTEGER,
            undone_by TEXT
        );
        CREATE INDEX credential_decisions_credential ON credential_decisions(credential_id, id);
        """

    static let initial = """
        CREATE TABLE platforms (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            platform_type TEXT NOT NULL DEFAULT 'private',
            adapter TEXT NOT NULL,
            api_base_url TEXT NOT NULL DEFAULT '',
            api_version TEXT NOT NULL DEFAULT '',
            auth_type TEXT NOT NULL DEFAULT 'none',
            credentials_encrypted BLOB,
            sync_frequency_hours INTEGER NOT NULL DEFAULT 24 CHECK (sync_frequency_hours > 0),
            config TEXT NOT NULL DEFAULT '{}',
            is_active INTEGER NOT NULL DEFAULT 1,
            status_reason TEXT,
            sync_cursor TEXT,
            last_sync_at INTEGER,
            last_success_at INTEGER,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );

        CREATE TABLE platform_tokens (
            platform_id INTEGER PRIMARY KEY REFERENCES platforms(id) ON DELETE CASCADE,
            access_token_encrypted BLOB,
            refresh_token_encrypted BLOB,
            expires_at INTEGER,
            refreshed_at INTEGER,
            last_error TEXT,
            updated_at INTEGER NOT NULL
        );

        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            external_ref TEXT,
            name TEXT NOT NULL DEFAULT '',
            email TEXT,
            email_normalized TEXT,
            phone TEXT,
            phone_normalized TEXT,
            created_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX users_external_ref ON users(external_ref) WHERE external_ref IS NOT NULL;
        CREATE INDEX users_email_normalized ON users(email_normalized) WHERE email_normalized IS NOT NULL;
        CREATE INDEX users_phone_normalized ON users(phone_normalized) WHERE phone_normalized IS NOT NULL;

        CREATE TABLE sync_runs (
            id INTEGER PRIMARY KEY,
            platform_id INTEGER NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
            job_id INTEGER,
            trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual', 'retry', 'startup-catch-up')),
            status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'cancelled')),
            started_at INTEGER NOT NULL,
            finished_at INTEGER,
            duration_ms INTEGER,
            pages INTEGER NOT NULL DEFAULT 0,
            fetched INTEGER NOT NULL DEFAULT 0,
            created INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            matched INTEGER NOT NULL DEFAULT 0,
            pending INTEGER NOT NULL DEFAULT 0,
            invalid INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            cursor_before TEXT,
            cursor_after TEXT
        );
        CREATE INDEX sync_runs_started ON sync_runs(started_at);
        CREATE INDEX sync_runs_platform_started ON sync_runs(platform_id, started_at);

        CREATE TABLE external_credentials (
            id INTEGER PRIMARY KEY,
            platform_id INTEGER NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
            external_id TEXT NOT NULL,
            learner_identifier TEXT,
            identifier_type TEXT CHECK (identifier_type IN ('email', 'phone')),
            learner_email TEXT,
            learner_phone TEXT,
            learner_name TEXT,
            certificate_title TEXT,
            issued_at INTEGER,
            expires_at INTEGER,
            certificate_url TEXT,
            raw TEXT,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'matched', 'rejected')),
            user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
            matched_by TEXT CHECK (matched_by IN ('email', 'phone', 'manual')),
            match_note TEXT,
            first_seen_run_id INTEGER,
            last_seen_run_id INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE (platform_id, external_id)
        );
        CREATE INDEX external_credentials_identifier ON external_credentials(learner_identifier, identifier_type);
        CREATE INDEX external_credentials_status ON external_credentials(status);
        CREATE INDEX external_credentials_user ON external_credentials(user_id);

        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            platform_id INTEGER REFERENCES platforms(id) ON DELETE CASCADE,
            state TEXT NOT NULL CHECK (state IN ('waiting', 'delayed', 'active', 'completed', 'failed', 'cancelled')),
            priority INTEGER NOT NULL DEFAULT 10,
            attempts INTEGER NOT NULL DEFAULT 0,
            max_attempts INTEGER NOT NULL DEFAULT 3,
            stalls INTEGER NOT NULL DEFAULT 0,
            run_at INTEGER NOT NULL,
            locked_by TEXT,
            locked_until INTEGER,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            progress_done INTEGER NOT NULL DEFAULT 0,
            progress_total INTEGER,
            checkpoint TEXT,
            last_error TEXT,
            trigger TEXT NOT NULL,
            payload TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            started_at INTEGER,
            finished_at INTEGER
        );
        -- At most one unfinished job per (kind, platform); a global job has no platform.
        CREATE UNIQUE INDEX jobs_one_unfinished ON jobs(kind, ifnull(platform_id, 0))
            WHERE state IN ('waiting', 'delayed', 'active');
        -- Claim order; partial indexes keep each housekeeping query to the rows it is about.
        CREATE INDEX jobs_runnable ON jobs(priority, run_at, id) WHERE state IN ('waiting', 'delayed');
        CREATE INDEX jobs_active ON jobs(locked_until) WHERE state = 'active';
        CREATE INDEX jobs_finished ON jobs(finished_at) WHERE state IN ('completed', 'failed', 'cancelled');

        -- Start times of recent job attempts, for the global start-rate limit.
        CREATE TABLE job_starts (
            at INTEGER NOT NULL
        );
        CREATE INDEX job_starts_at ON job_starts(at);

        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            platform_id INTEGER REFERENCES platforms(id) ON DELETE CASCADE,
            message TEXT NOT NULL,
            raised_at INTEGER NOT NULL,
            resolved_at INTEGER,
            acknowledged_at INTEGER
        );
        CREATE UNIQUE INDEX alerts_one_open ON alerts(kind, ifnull(platform_id, 0)) WHERE resolved_at IS NULL;

        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT,
            details TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_log_at ON audit_log(at);

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        );

        CREATE TABLE engine_lease (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            holder TEXT NOT NULL,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            heartbeat_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        );
        """
}
