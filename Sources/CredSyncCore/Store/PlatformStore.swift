/// Reads and writes `platforms`. Secrets go in only sealed by the `SecretBox`, with the row's id as associated data.
public struct PlatformStore {
    public let db: Connection
    public let clock: any WallClock

    public init(db: Connection, clock: any WallClock) {
        self.db = db
        self.clock = clock
    }

    static let columns = """
        id, name, display_name, platform_type, adapter, api_base_url, api_version, auth_type, sync_frequency_hours,
        config, is_active, status_reason, sync_cursor, last_sync_at, last_success_at, consecutive_failures,
        credentials_encrypted IS NOT NULL, created_at, updated_at
        """

    static func platform(_ row: Row) throws -> Platform {
        let configText = row.text(9)
        let config = (try? JSONParser.parse(configText))?.objectValue
        var definition = PlatformDefinition(
            name: row.text(1), displayName: row.text(2), platformType: row.text(3), adapter: row.text(4),
            apiBaseURL: row.text(5), apiVersion: row.text(6), authType: AuthType(rawValue: row.text(7)) ?? .none,
            syncFrequencyHours: Int(clamping: row.int64(8)), config: config ?? JSONObject())
        if config == nil {
            definition.unreadableConfig =
                "the stored config of platform '\(definition.name)' is not a JSON object; replace it with "
                + "'credsync platforms edit \(definition.name) --config {…}'"
        }
        return Platform(
            id: row.int64(0),
            definition: definition,
            isActive: row.bool(10), statusReason: row.optionalText(11), syncCursor: row.optionalText(12),
            lastSyncAtMs: row.optionalInt64(13), lastSuccessAtMs: row.optionalInt64(14),
            consecutiveFailures: row.int(15), hasSecrets: row.bool(16), createdAtMs: row.int64(17),
            updatedAtMs: row.int64(18))
    }

    // MARK: - Reading

    public func all() throws -> [Platform] {
        try db.all("SELECT \(Self.columns) FROM platforms ORDER BY name", [], Self.platform)
    }

    public func platform(id: Int64) throws -> Platform? {
        try db.first("SELECT \(Self.columns) FROM platforms WHERE id = ?", [id], Self.platform)
    }

    public func platform(named name: String) throws -> Platform? {
        try db.first("SELECT \(Self.columns) FROM platforms WHERE name = ?", [name], Self.platform)
    }

    /// The platform called `name`, or an error that lists how to find the right name.
    public func require(_ name: String) throws -> Platform {
        guard let platform = try platform(named: name) else { throw PlatformError.notFound(name) }
        return platform
    }

    /// The stored secrets, opened with `box`; empty when none were given.
    public func secrets(of platform: Platform, box: SecretBox) throws -> PlatformSecrets {
        guard
            let blob = try db.first("SELECT credentials_encrypted FROM platforms WHERE id = ?", [platform.id], {
                $0.optionalBlob(0)
            }) ?? nil
        else { return PlatformSecrets() }
        return try PlatformSecrets.opened(blob, by: box, platformId: platform.id, platformName: platform.name)
    }

    // MARK: - Writing

    /// Adds a platform; its adapter must exist and accept the definition (checked here, not at 2 AM).
    public func add(_ definition: PlatformDefinition, secrets: PlatformSecrets?, box: SecretBox?) throws -> Platform {
        try definition.validate()
        let now = clock.nowMs
        return try db.transaction(.immediate) {
            guard try platform(named: definition.name) == nil else { throw PlatformError.alreadyExists(definition.name) }
            try db.run(
                """
                INSERT INTO platforms (name, display_name, platform_type, adapter, api_base_url, api_version, auth_type,
                                       sync_frequency_hours, config, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    definition.name, definition.displayName, definition.platformType, definition.adapter,
                    definition.apiBaseURL, definition.apiVersion, definition.authType.rawValue,
                    definition.syncFrequencyHours, JSONValue.object(definition.config).serialized, now, now,
                ])
            let id = db.lastInsertRowID
            if let secrets { try storeSecrets(secrets, platformId: id, box: box) }
            return try platform(id: id)!
        }
    }

    /// Replaces the definition (and the secrets when given).
    public func update(_ platform: Platform, to definition: PlatformDefinition, secrets: PlatformSecrets?, box: SecretBox?)
        throws -> Platform
    {
        try definition.validate()
        let now = clock.nowMs
        return try db.transaction(.immediate) {
            if definition.name != platform.name, try self.platform(named: definition.name) != nil {
                throw PlatformError.alreadyExists(definition.name)
            }
            try db.run(
                """
                UPDATE platforms SET name = ?, display_name = ?, platform_type = ?, adapter = ?, api_base_url = ?,
                    api_version = ?, auth_type = ?, sync_frequency_hours = ?, config = ?, updated_at = ?
                WHERE id = ?
                """,
                [
                    definition.name, definition.displayName, definition.platformType, definition.adapter,
                    definition.apiBaseURL, definition.apiVersion, definition.authType.rawValue,
                    definition.syncFrequencyHours, JSONValue.object(definition.config).serialized, now, platform.id,
                ])
            if let secrets {
                try storeSecrets(secrets, platformId: platform.id, box: box)
            } else if Self.tokenOriginChanged(from: platform.definition, to: definition) {
                // A token is for the server and grant it came from: never send it to a new host or reuse it as
                // another kind of token.
                try db.run("DELETE FROM platform_tokens WHERE platform_id = ?", [platform.id])
            }
            return try self.platform(id: platform.id)!
        }
    }

    /// Whether an edit changes where tokens come from or go: the auth type, the base URL, the token endpoints.
    static func tokenOriginChanged(from old: PlatformDefinition, to new: PlatformDefinition) -> Bool {
        let (before, after) = (try? old.settings(), try? new.settings())
        return old.authType != new.authType || old.apiBaseURL != new.apiBaseURL
            || before?.tokenURL != after?.tokenURL || before?.refreshURL != after?.refreshURL
    }

    /// Stores new secrets and forgets the tokens obtained with the old ones: a re-entered refresh or long-lived
    /// token must win over the rotated one it replaces.
    private func storeSecrets(_ secrets: PlatformSecrets, platformId: Int64, box: SecretBox?) throws {
        guard let box else { preconditionFailure("storing secrets needs the secret box") }
        try db.run(
            "UPDATE platforms SET credentials_encrypted = ? WHERE id = ?",
            [try secrets.sealed(by: box, platformId: platformId), platformId])
        try db.run("DELETE FROM platform_tokens WHERE platform_id = ?", [platformId])
    }

    /// Enables or disables a platform; enabling clears the failure count and the reason it was disabled. Secrets in
    /// `reason` are masked.
    public func setActive(_ platform: Platform, _ active: Bool, reason: String? = nil) throws {
        let reason = reason.map { SecretRegistry.shared.redact($0) }
        try db.run(
            """
            UPDATE platforms SET is_active = ?, status_reason = ?,
                consecutive_failures = CASE WHEN ? THEN 0 ELSE consecutive_failures END, updated_at = ?
            WHERE id = ?
            """, [active, reason, active, clock.nowMs, platform.id])
    }

    /// After a key reset: drops every sealed secret and token, and disables the platforms that had secrets with a
    /// reason that says how to bring each back.
    public func forgetSealedSecrets() throws {
        try db.run(
            """
            UPDATE platforms SET credentials_encrypted = NULL, is_active = 0, updated_at = ?,
                status_reason = 'its secrets were lost in a key reset; re-enter them with ''credsync platforms edit '
                    || name || ' --secret-stdin'', then enable it'
            WHERE credentials_encrypted IS NOT NULL OR id IN (SELECT platform_id FROM platform_tokens)
            """, [clock.nowMs])
        try db.run("DELETE FROM platform_tokens")
    }

    /// Removes a platform with its credentials, runs, jobs, tokens and alerts.
    public func remove(_ platform: Platform) throws {
        try db.run("DELETE FROM platforms WHERE id = ?", [platform.id])
    }
}
