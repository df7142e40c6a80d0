extension Operations {
    // MARK: - Platforms

    /// Adds a platform: the definition and the secrets are checked (the keys its auth type needs) before anything
    /// is stored; the row, the sealed secrets and the audit entry land in one transaction.
    public func addPlatform(_ changes: PlatformChanges, secrets: PlatformSecrets?) throws -> Platform {
        let definition = try checked {
            let definition = try changes.applied(to: nil)
            try definition.validate()
            try (secrets ?? PlatformSecrets()).check(for: definition.authType)
            return definition
        }
        let box = secrets == nil ? nil : try context.secretBox()
        return try db.transaction(.immediate) {
            let platform = try context.platforms.add(definition, secrets: secrets, box: box)
            try context.audit.record(
                "platform.add", target: "platform:\(platform.name)", details: Self.auditDetails(definition, secrets))
            return platform
        }
    }

    /// Edits a platform: only the fields given change, `config` keys merge (a `null` removes one), new secrets
    /// replace the stored ones. A running sync picks the new pacing, rate limit and timeout up at its next page;
    /// everything else (the page size included) applies from the next run.
    public func editPlatform(
        _ reference: PlatformReference, _ changes: PlatformChanges, secrets: PlatformSecrets?
    ) throws -> Platform {
        let platform = try platform(reference)
        let definition = try checked {
            let definition = try changes.applied(to: platform.definition)
            try definition.validate()
            if let secrets { try secrets.check(for: definition.authType) }
            return definition
        }
        if secrets == nil, definition.authType != platform.definition.authType, definition.authType != .none {
            // The stored secrets must do for the new auth type.
            let stored = platform.hasSecrets ? try context.platforms.secrets(of: platform, box: try context.secretBox()) : nil
            try checked { try (stored ?? PlatformSecrets()).check(for: definition.authType) }
        }
        let box = secrets == nil ? nil : try context.secretBox()
        return try db.transaction(.immediate) {
            let updated = try context.platforms.update(platform, to: definition, secrets: secrets, box: box)
            try context.audit.record(
                secrets == nil ? "platform.edit" : "platform.edit+secrets", target: "platform:\(updated.name)",
                details: Self.auditDetails(definition, secrets))
            return updated
        }
    }

    /// Enables or disables a platform. Enabling clears its failure count and reason; disabling records `reason`.
    public func setPlatformActive(_ reference: PlatformReference, active: Bool, reason: String? = nil) throws -> Platform
    {
        let platform = try platform(reference)
        return try db.transaction(.immediate) {
            let reason = active ? nil : (reason ?? "disabled by \(context.actor)")
            try context.platforms.setActive(platform, active, reason: reason)
            var details: JSONObject = [:]
            if let reason { details["reason"] = .string(reason) }
            try context.audit.record(
                active ? "platform.enable" : "platform.disable", target: "platform:\(platform.name)", details: details)
            return try self.platform(.id(platform.id))
        }
    }

    /// How many credentials removing the platform deletes, to ask the operator first.
    public func credentialCount(of reference: PlatformReference) throws -> Int {
        try CredentialStore(db: db, clock: clock).count(platformId: try platform(reference).id)
    }

    /// Removes a platform with its credentials, runs, jobs, tokens and alerts, once `confirmed`.
    public func removePlatform(_ reference: PlatformReference, confirmed: Bool) throws -> (name: String, credentials: Int)
    {
        let platform = try platform(reference)
        let count = try credentialCount(of: .id(platform.id))
        guard confirmed else {
            throw OperationError.needsConfirmation(
                "removing '\(platform.name)' deletes its \(count) credentials, runs and jobs; repeat with --yes to confirm")
        }
        try db.transaction(.immediate) {
            try context.platforms.remove(platform)
            try context.audit.record(
                "platform.remove", target: "platform:\(platform.name)", details: ["credentials": .integer(Int64(count))])
        }
        return (platform.name, count)
    }

    /// What the audit log keeps of a platform change: the definition and the names of the secrets given, never
    /// their values.
    static func auditDetails(_ definition: PlatformDefinition, _ secrets: PlatformSecrets?) -> JSONObject {
        var details: JSONObject = [
            "adapter": .string(definition.adapter),
            "api_base_url": .string(URLRedaction.withoutQuery(definition.apiBaseURL)),
            "auth_type": .string(definition.authType.rawValue),
            "sync_frequency_hours": .integer(Int64(definition.syncFrequencyHours)),
            "config": .object(definition.config),
        ]
        if let secrets { details["secrets_set"] = .array(secrets.setFieldNames.map(JSONValue.string)) }
        return details
    }

    /// Runs a check, turning its field error into `OperationError.invalid`.
    func checked<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PlatformFieldError {
            throw OperationError.invalid(error)
        }
    }
}
