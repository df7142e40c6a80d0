extension Operations {
    // MARK: - Syncs

    /// Queues a manual sync of each platform through the manual-sync limiter (SPEC §7); `nil` means every active
    /// platform. A disabled platform or a refused request is reported in its result, not thrown, so one bad
    /// platform does not hide what happened to the others.
    public func requestSync(_ references: [PlatformReference]?, full: Bool) throws -> [SyncRequestResult] {
        let targets: [Platform]
        if let references {
            targets = try references.map(platform)
        } else {
            targets = try context.platforms.all().filter(\.isActive)
            guard !targets.isEmpty else { throw OperationError.refused("no active platforms to sync") }
        }
        let requester = ManualSyncRequester(db: db, clock: clock, settings: context.settings)
        return try targets.map { platform in
            guard platform.isActive else { return .disabled(platform: platform.name, reason: platform.statusReason) }
            let accepted = { (job: Job, created: Bool) throws in
                try context.audit.record(
                    "sync.request", target: "platform:\(platform.name)",
                    details: [
                        "job": .integer(job.id), "full": .bool(full), "queued": .bool(created),
                    ])
            }
            switch try requester.request(platform, full: full, accepted: accepted) {
            case .success(let (job, created)):
                return created
                    ? .queued(platform: platform.name, jobId: job.id)
                    : .alreadyQueued(platform: platform.name, jobId: job.id, state: job.state)
            case .failure(let refusal):
                return .rateLimited(platform: platform.name, retryAfterMs: refusal.retryAfterMs)
            }
        }
    }
}
