import CredSyncCore
import Foundation

/// The text of a detail overlay: the record's fields as `label  value` lines, wrapped to the box. Pure; `update`
/// uses it too, to know how far the overlay scrolls.
public enum DetailContent {
    static let labelWidth = 16

    public static func title(_ detail: DetailOverlay) -> String {
        switch detail.subject {
        case .platform(let platform): "Platform \(platform.name)"
        case .job(let row): "Job #\(row.job.id) · \(row.job.kind.rawValue) \(row.platformName ?? "")"
        case .run(let run): "Sync run #\(run.id) · \(run.platformName)"
        case .credential(let credential): "Credential #\(credential.id) · \(credential.platformName)"
        case .token(let token): "Token · \(token.platformName)"
        }
    }

    /// The lines, wrapped to `width` columns.
    public static func lines(_ detail: DetailOverlay, snapshot: DashboardSnapshot?, width: Int, windowMs: Int64)
        -> [String]
    {
        let valueWidth = max(1, width - labelWidth)
        var lines: [String] = []
        for (label, value) in fields(detail, snapshot: snapshot, windowMs: windowMs) {
            let wrapped = value.isEmpty ? [""] : Format.wrap(value, width: label.isEmpty ? width : valueWidth)
            for (offset, part) in wrapped.enumerated() {
                if label.isEmpty {
                    lines.append(part)
                } else {
                    let head = offset == 0 ? label : ""
                    lines.append(head.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + part)
                }
            }
        }
        return lines
    }

    /// An error whole, cause first and then the request it concerns.
    static func fullCause(_ text: String) -> String { CauseText.fit(text, width: .max) }

    /// The field list: (label, value); an empty label is a heading or free text.
    static func fields(_ detail: DetailOverlay, snapshot: DashboardSnapshot?, windowMs: Int64) -> [(String, String)] {
        let now = snapshot?.nowMs ?? 0
        switch detail.subject {
        case .platform(let captured):
            let platform = snapshot?.platforms.first { $0.id == captured.id } ?? captured
            var fields: [(String, String)] = [
                ("Name", platform.name), ("Display name", platform.displayName), ("Adapter", platform.adapter),
                ("State", platform.active ? "active" : "disabled"),
            ]
            if let reason = platform.statusReason { fields.append(("Reason", reason)) }
            fields += [
                ("Last sync", Format.timestamp(platform.lastSyncAtMs, nowMs: now)),
                (
                    "Last run",
                    platform.lastRunStatus?.stateText(invalid: platform.lastRunInvalid, count: Format.count) ?? "—"
                ),
                ("Last success", Format.timestamp(platform.lastSuccessAtMs, nowMs: now)),
                ("Next due", Format.nextDue(platform.nextDue, nowMs: now)),
                ("Every", "\(platform.syncFrequencyHours) h"),
                ("Failures", "\(platform.consecutiveFailures) in a row"),
                ("Sync job", Format.syncJob(platform.syncJob, nowMs: now)),
                ("Credentials", Format.count(platform.credentials)), ("Pending", Format.count(platform.pending)),
            ]
            if let definition = snapshot?.platformDefinitions[platform.id] {
                fields += [
                    ("Base URL", definition.apiBaseURL), ("API version", definition.apiVersion),
                    ("Auth type", definition.authType.rawValue), ("Type", definition.platformType),
                    ("Config", JSONValue.object(definition.config).serialized),
                ]
            }
            return fields
        case .job(let captured):
            let row = snapshot?.jobs.first { $0.job.id == captured.job.id } ?? captured
            let job = row.job
            var fields: [(String, String)] = [
                ("Kind", job.kind.rawValue), ("Platform", row.platformName ?? "—"), ("State", job.state.rawValue),
                ("Trigger", job.trigger.rawValue), ("Attempt", "\(job.attempts)/\(job.maxAttempts)"),
                ("Priority", "\(job.priority)"), ("Run at", Format.timestamp(job.runAt, nowMs: now)),
                ("Started", Format.timestamp(job.startedAt, nowMs: now)),
                ("Finished", Format.timestamp(job.finishedAt, nowMs: now)),
                (
                    "Progress",
                    row.total.map { "\(Format.count(row.done)) of \(Format.count($0))" } ?? Format.count(row.done)
                ),
            ]
            if let pages = row.pages { fields.append(("Pages", Format.count(pages))) }
            if let rate = row.itemsPerSecond { fields.append(("Rate", Format.rate(rate))) }
            if let holder = job.lockedBy { fields.append(("Held by", holder)) }
            if job.cancelRequested { fields.append(("Cancel", "requested: stops at the next page")) }
            if let checkpoint = job.checkpoint { fields.append(("Checkpoint", checkpoint)) }
            fields.append(("Last error", job.lastError.map(fullCause) ?? "—"))
            return fields
        case .run(let captured):
            let run = snapshot?.runs.first { $0.id == captured.id } ?? captured
            var fields: [(String, String)] = [
                ("Platform", run.platformName), ("Trigger", run.trigger.rawValue),
                ("Status", run.stateText(count: Format.count)),
                ("Started", Format.timestamp(run.startedAtMs, nowMs: now)),
                ("Finished", Format.timestamp(run.finishedAtMs, nowMs: now)),
                ("Duration", run.durationMs.map(Timestamp.duration) ?? "—"), ("Pages", Format.count(run.pages)),
                ("Fetched", Format.count(run.fetched)),
                (
                    "Written",
                    "\(Format.count(run.created)) new, \(Format.count(run.updated)) updated, \(Format.count(run.unchanged)) unchanged"
                ),
                ("Matched", "\(Format.count(run.matched)) matched, \(Format.count(run.pending)) pending"),
                ("Invalid", Format.count(run.invalid)),
                ("Cursor", "\(run.cursorBefore ?? "—") → \(run.cursorAfter ?? "—")"),
                ("Error", run.error.map(fullCause) ?? (run.invalid > 0 ? "none; \(Format.count(run.invalid)) items skipped as invalid" : "—")),
            ]
            if !run.invalidReasons.isEmpty {
                let shown = run.invalidReasons.count
                let heading = shown < run.invalid
                    ? "Invalid items (the first \(Format.count(shown)) of \(Format.count(run.invalid))):"
                    : "Invalid items (\(Format.count(shown))):"
                fields += [("", ""), ("", heading)]
                fields += run.invalidReasons.map { ("", "  • " + $0) }
            }
            return fields
        case .credential(let captured):
            let credential = snapshot?.pending.first { $0.id == captured.id } ?? captured
            var fields: [(String, String)] = [
                ("Platform", credential.platformName), ("External id", credential.externalId),
                ("Status", credential.status.rawValue), ("Learner", credential.learnerName ?? "—"),
                ("Email", credential.learnerEmail ?? "—"), ("Phone", credential.learnerPhone ?? "—"),
                (
                    "Identifier",
                    [credential.identifierType, credential.learnerIdentifier].compactMap { $0 }.joined(separator: ": ")
                ),
                ("Title", credential.title ?? "—"), ("Issued", Format.timestamp(credential.issuedAtMs, nowMs: now)),
                ("Expires", Format.timestamp(credential.expiresAtMs, nowMs: now)), ("URL", credential.url ?? "—"),
                ("Match note", credential.matchNote ?? "—"),
            ]
            fields += [("", ""), ("", "Raw item:")]
            switch detail.rawItem {
            case .notApplicable: break
            case .loading: fields.append(("", "loading…"))
            case .failed(let message): fields.append(("", "could not load it: \(message)"))
            case .loaded(let text): fields += Format.prettyJSON(text).map { ("", $0) }
            }
            return fields
        case .token(let captured):
            let token = snapshot?.tokens.first { $0.platformId == captured.platformId } ?? captured
            var fields: [(String, String)] = [
                ("Platform", token.platformName), ("Auth type", token.authType.rawValue),
                ("State", token.state(nowMs: now, windowMs: windowMs).rawValue),
                ("Token stored", token.hasToken ? "yes" : "no"),
                ("Expires", Format.timestamp(token.expiresAtMs, nowMs: now)),
                ("Refreshed", Format.timestamp(token.refreshedAtMs, nowMs: now)),
                ("Last attempt", Format.timestamp(token.lastAttemptAtMs, nowMs: now)),
                ("Last error", token.lastError.map(fullCause) ?? "—"),
            ]
            if !token.isActive { fields.append(("Platform", "disabled: \(token.statusReason ?? "no reason given")")) }
            return fields
        }
    }
}
