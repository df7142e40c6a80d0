extension Operations {
    // MARK: - The queue

    /// Cancels a waiting job at once, or asks a running one to stop at its next page boundary. Audited only when
    /// something changed; a finished or unknown job is an error.
    public func cancelJob(_ jobId: Int64) throws -> CancelResult {
        let result = try db.transaction(.immediate) {
            let result = try context.queue.cancel(jobId: jobId)
            if result == .cancelled || result == .requested {
                try context.audit.record(
                    "job.cancel", target: "job:\(jobId)",
                    details: ["result": .string(result == .cancelled ? "cancelled" : "stop requested")])
            }
            return result
        }
        switch result {
        case .cancelled, .requested: return result
        case .alreadyFinished(let state):
            throw OperationError.refused("job \(jobId) is already \(state.rawValue); nothing to cancel")
        case .notFound: throw OperationError.jobNotFound(jobId)
        }
    }

    /// Gives a failed or cancelled job fresh attempts. When another job for the same work is already unfinished,
    /// that one is returned and nothing changes.
    public func retryJob(_ jobId: Int64) throws -> Job {
        let job = try db.transaction(.immediate) {
            let job = try context.queue.retry(jobId: jobId)
            if let job, job.id == jobId, job.state == .waiting {
                try context.audit.record("job.retry", target: "job:\(jobId)", details: ["kind": .string(job.kind.rawValue)])
            }
            return job
        }
        guard let job else { throw OperationError.jobNotFound(jobId) }
        if job.id != jobId {
            throw OperationError.refused("job \(job.id) for the same work is already \(job.state.rawValue); not retrying \(jobId)")
        }
        guard job.state == .waiting else {
            throw OperationError.refused("job \(jobId) is \(job.state.rawValue); only failed or cancelled jobs can be retried")
        }
        return job
    }

    /// Stops (`paused`) or restarts claiming jobs; running jobs finish either way.
    public func setQueuePaused(_ paused: Bool) throws {
        try db.transaction(.immediate) {
            if paused { try context.queue.pause() } else { try context.queue.resume() }
            try context.audit.record(paused ? "queue.pause" : "queue.resume", target: "queue")
        }
    }
}
