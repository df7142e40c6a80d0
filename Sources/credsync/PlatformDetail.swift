import CredSyncCore

/// `platforms show`: the summary, the definition and which secrets are stored (names only).
struct PlatformDetail: Encodable {
    let summary: PlatformSummary
    let platform: Platform
    /// nil when the key to read them is not available.
    let secretFields: [String]?

    enum CodingKeys: String, CodingKey {
        case summary, platformType = "platform_type", apiBaseURL = "api_base_url", apiVersion = "api_version"
        case authType = "auth_type", config, syncCursor = "sync_cursor", secrets
    }

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(platform.definition.platformType, forKey: .platformType)
        try container.encode(URLRedaction.withoutQuery(platform.definition.apiBaseURL), forKey: .apiBaseURL)
        try container.encode(platform.definition.apiVersion, forKey: .apiVersion)
        try container.encode(platform.definition.authType.rawValue, forKey: .authType)
        try container.encode(JSONValue.object(platform.definition.config), forKey: .config)
        try container.encode(platform.syncCursor, forKey: .syncCursor)
        try container.encode(secretFields ?? (platform.hasSecrets ? ["(stored; key not available)"] : []), forKey: .secrets)
    }

    func print() {
        let definition = platform.definition
        let rows: [(String, String)] = [
            ("name", "\(platform.name) (\(definition.displayName))"),
            (
                "state",
                summary.active
                    ? (summary.isRetrying ? "active, retrying" : "active")
                    : "disabled\(summary.statusReason.map { ": \($0)" } ?? "")"
            ),
            ("adapter", definition.adapter), ("type", definition.platformType),
            ("url", URLRedaction.withoutQuery(definition.apiBaseURL)), ("api version", definition.apiVersion),
            ("auth", definition.authType.rawValue),
            ("secrets", secretFields.map { $0.isEmpty ? "none" : $0.joined(separator: ", ") } ?? (platform.hasSecrets ? "stored (key not available)" : "none")),
            ("frequency", "every \(definition.syncFrequencyHours) h"), ("config", JSONValue.object(definition.config).serialized),
            ("cursor", platform.syncCursor ?? "-"),
            ("last sync", summary.lastSyncAtMs.map(Timestamp.iso8601) ?? "never"),
            ("last success", summary.lastSuccessAtMs.map(Timestamp.iso8601) ?? "never"),
            ("next due", nextDue),
            ("failures", String(summary.consecutiveFailures)),
            ("sync job", syncJob),
            ("credentials", "\(summary.credentials) (\(summary.pending) pending)"),
        ]
        for (label, value) in rows { Output.line(label.padding(toLength: 13, withPad: " ", startingAt: 0) + value) }
    }

    private var nextDue: String {
        switch summary.nextDue {
        case .now: "now (never completed a sync)"
        case .at(let ms): Timestamp.iso8601(ms)
        case .never: "never: sync_frequency_hours \(summary.syncFrequencyHours) is not a usable period"
        }
    }

    /// The unfinished sync job: while it retries, how many attempts failed, when the next one runs, the last error.
    private var syncJob: String {
        guard let job = summary.syncJob else { return "none" }
        guard job.isRetrying else { return "#\(job.jobId) \(job.state.rawValue)" }
        var text = "#\(job.jobId) retrying: \(job.failedAttempts) of \(job.maxAttempts) attempts failed"
        if job.state == .active {
            text += ", attempt \(job.failedAttempts + 1) running"
        } else if let runAtMs = job.runAtMs {
            text += ", next attempt \(Timestamp.iso8601(runAtMs))"
        }
        return text + (job.lastError.map { "; last error: \($0)" } ?? "")
    }
}
