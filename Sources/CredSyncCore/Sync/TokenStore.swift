/// The platforms' expiring tokens in `platform_tokens`, sealed by the secret box like every other secret. Tokens read
/// or stored are registered with `SecretRegistry.shared`, so this process masks them wherever they appear.
public struct TokenStore {
    public let db: Connection
    public let clock: any WallClock
    public let box: SecretBox

    public init(db: Connection, clock: any WallClock, box: SecretBox) {
        self.db = db
        self.clock = clock
        self.box = box
    }

    /// A token and when it expires.
    public struct Token: Sendable, Equatable {
        public var accessToken: String
        public var refreshToken: String?
        public var expiresAtMs: Int64?

        public init(accessToken: String, refreshToken: String? = nil, expiresAtMs: Int64? = nil) {
            self.accessToken = accessToken
            self.refreshToken = refreshToken
            self.expiresAtMs = expiresAtMs
        }

        /// Expired, or expiring within `marginMs` (5 minutes before a sync).
        public func needsRefresh(nowMs: Int64, marginMs: Int64 = 300_000) -> Bool {
            guard let expiresAtMs else { return false }
            return expiresAtMs - marginMs <= nowMs
        }
    }

    public func token(for platform: Platform) throws -> Token? {
        let row = try db.first(
            "SELECT access_token_encrypted, refresh_token_encrypted, expires_at FROM platform_tokens WHERE platform_id = ?",
            [platform.id]
        ) { (access: $0.optionalBlob(0), refresh: $0.optionalBlob(1), expires: $0.optionalInt64(2)) }
        guard let row, let access = row.access else { return nil }
        let token = Token(
            accessToken: try box.openString(access, platformId: platform.id, field: "access_token", platformName: platform.name),
            refreshToken: try row.refresh.map {
                try box.openString($0, platformId: platform.id, field: "refresh_token", platformName: platform.name)
            },
            expiresAtMs: row.expires)
        SecretRegistry.shared.register(token.accessToken)
        SecretRegistry.shared.register(token.refreshToken)
        return token
    }

    /// Stores a fresh token (and clears the last error).
    public func store(_ token: Token, for platform: Platform) throws {
        SecretRegistry.shared.register(token.accessToken)
        SecretRegistry.shared.register(token.refreshToken)
        let now = clock.nowMs
        try db.run(
            """
            INSERT INTO platform_tokens (platform_id, access_token_encrypted, refresh_token_encrypted, expires_at,
                                         refreshed_at, last_error, updated_at)
            VALUES (?, ?, ?, ?, ?, NULL, ?)
            ON CONFLICT (platform_id) DO UPDATE SET access_token_encrypted = excluded.access_token_encrypted,
                refresh_token_encrypted = excluded.refresh_token_encrypted, expires_at = excluded.expires_at,
                refreshed_at = excluded.refreshed_at, last_error = NULL, updated_at = excluded.updated_at
            """,
            [
                platform.id, try box.seal(token.accessToken, platformId: platform.id, field: "access_token"),
                try token.refreshToken.map { try box.seal($0, platformId: platform.id, field: "refresh_token") },
                token.expiresAtMs, now, now,
            ])
    }

    /// Records why the last refresh failed (secrets masked); the token itself stays.
    public func recordFailure(_ error: String, for platform: Platform) throws {
        let error = SecretRegistry.shared.redact(error)
        let now = clock.nowMs
        try db.run(
            """
            INSERT INTO platform_tokens (platform_id, last_error, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (platform_id) DO UPDATE SET last_error = excluded.last_error, updated_at = excluded.updated_at
            """, [platform.id, error, now])
    }
}
