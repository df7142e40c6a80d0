extension Job: Encodable {
    private enum CodingKeys: String, CodingKey {
        case id, kind, platformId = "platform_id", state, priority, attempts, maxAttempts = "max_attempts", stalls
        case runAt = "run_at", lockedBy = "locked_by", lockedUntil = "locked_until"
        case cancelRequested = "cancel_requested", progressDone = "progress_done", progressTotal = "progress_total"
        case checkpoint, lastError = "last_error", trigger, createdAt = "created_at", updatedAt = "updated_at"
        case startedAt = "started_at", finishedAt = "finished_at"
    }

    /// Stable snake_case fields; times as ISO-8601 UTC. The payload is internal and not written.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind.rawValue, forKey: .kind)
        try container.encode(platformId, forKey: .platformId)
        try container.encode(state.rawValue, forKey: .state)
        try container.encode(priority, forKey: .priority)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(maxAttempts, forKey: .maxAttempts)
        try container.encode(stalls, forKey: .stalls)
        try container.encode(Timestamp.iso8601(runAt), forKey: .runAt)
        try container.encode(lockedBy, forKey: .lockedBy)
        try container.encode(lockedUntil.map(Timestamp.iso8601), forKey: .lockedUntil)
        try container.encode(cancelRequested, forKey: .cancelRequested)
        try container.encode(progressDone, forKey: .progressDone)
        try container.encode(progressTotal, forKey: .progressTotal)
        try container.encode(checkpoint, forKey: .checkpoint)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(trigger.rawValue, forKey: .trigger)
        try container.encode(Timestamp.iso8601(createdAt), forKey: .createdAt)
        try container.encode(Timestamp.iso8601(updatedAt), forKey: .updatedAt)
        try container.encode(startedAt.map(Timestamp.iso8601), forKey: .startedAt)
        try container.encode(finishedAt.map(Timestamp.iso8601), forKey: .finishedAt)
    }
}
