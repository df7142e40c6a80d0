extension JobOutcome {
    /// The outcome with secrets masked in its error, as `jobs.last_error` stores it.
    var redacted: JobOutcome {
        switch self {
        case .retry(let afterMs, let error): .retry(afterMs: afterMs, error: SecretRegistry.shared.redact(error))
        case .failed(let error): .failed(error: SecretRegistry.shared.redact(error))
        case .delayed(let untilMs, let reason): .delayed(untilMs: untilMs, reason: SecretRegistry.shared.redact(reason))
        case .succeeded, .cancelled: self
        }
    }
}
