import CredSyncCore
import Foundation

@testable import CredSyncCore
@testable import CredSyncTUI

/// A deterministic dashboard world at a fixed instant: five platforms in every state, a queue with a job in
/// each state, runs, pending credentials and tokens at every urgency. Shared by the view, update and app tests.
enum DashboardFixture {
    /// 2025-11-21T04:40:00Z.
    static let nowMs: Int64 = 1_763_700_000_000
    static let second: Int64 = 1_000
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    static func snapshot(role: DashboardSnapshot.Role = .engine) -> DashboardSnapshot {
        DashboardSnapshot(
            nowMs: nowMs, databasePath: "/home/ops/.local/share/credsync/credsync.db", role: role,
            schedulerEnabled: true, schedulerCron: "0 2 * * *", nextScheduledRunMs: nowMs + 21 * hour + 20 * minute,
            workersBusy: 1, workersTotal: 5, queuePaused: false, rateLimitedUntilMs: nowMs + 12 * second,
            openAlerts: alerts, platforms: platforms, jobs: jobs, runs: runs, pending: pending, pendingTotal: 1_234,
            tokens: tokens, platformDefinitions: [1: nsqfDefinition], alerts: alerts + resolvedAlerts)
    }

    static let nsqfDefinition = PlatformDefinition(
        name: "nsqf", displayName: "NSQF Portal", platformType: "government", adapter: "nsqf",
        apiBaseURL: "https://nsqf.example.gov.in/api", apiVersion: "v1", authType: .oauth2ClientCredentials,
        syncFrequencyHours: 24, config: ["pageSize": .number(100), "rateLimit": .number(1000)])

    static let alerts: [Alert] = [
        Alert(
            id: 1, kind: .consecutiveFailures, platformId: 5, platformName: "skills_portal",
            message: "skills_portal failed 3 syncs in a row", raisedAtMs: nowMs - 2 * hour),
        Alert(
            id: 2, kind: .tokenRefreshFailed, platformId: 3, platformName: "openbadges",
            message: "token refresh failed: HTTP 401", raisedAtMs: nowMs - 5 * hour),
    ]

    /// Shown after the open ones in the alerts view.
    static let resolvedAlerts: [Alert] = [
        Alert(
            id: 3, kind: .longRun, platformId: 2, platformName: "swayam",
            message: "swayam's sync has run for 2h 10m", raisedAtMs: nowMs - 30 * hour,
            resolvedAtMs: nowMs - 26 * hour),
    ]

    static let platforms: [PlatformSummary] = [
        PlatformSummary(
            id: 1, name: "nsqf", displayName: "NSQF Portal", adapter: "nsqf", active: true,
            lastSyncAtMs: nowMs - 3 * minute, lastSuccessAtMs: nowMs - 3 * minute, consecutiveFailures: 0,
            syncFrequencyHours: 24, credentials: 12_345, pending: 17, lastCompletedStartMs: nowMs - 5 * minute,
            syncJob: PlatformSummary.SyncJob(
                jobId: 101, state: .active, failedAttempts: 0, maxAttempts: 3, lastError: nil, runAtMs: nil),
            lastRunStatus: .succeeded),
        PlatformSummary(
            id: 2, name: "swayam", displayName: "SWAYAM", adapter: "swayam", active: true,
            lastSyncAtMs: nowMs - 10 * minute, lastSuccessAtMs: nowMs - 26 * hour, consecutiveFailures: 0,
            syncFrequencyHours: 24, credentials: 98_765, pending: 0,
            lastCompletedStartMs: nowMs - 26 * hour - 4 * minute,
            syncJob: PlatformSummary.SyncJob(
                jobId: 103, state: .delayed, failedAttempts: 2, maxAttempts: 3,
                lastError: "GET https://swayam.example.in/v1/completions?page=3 answered HTTP 503: `upstream busy` — still failing after 2 retries", runAtMs: nowMs + 25 * second),
            lastRunStatus: .failed),
        PlatformSummary(
            id: 3, name: "openbadges", displayName: "Open Badges", adapter: "openbadges", active: false,
            statusReason: "token refresh failed: HTTP 401", lastSyncAtMs: nowMs - 2 * day,
            lastSuccessAtMs: nowMs - 2 * day, consecutiveFailures: 0, syncFrequencyHours: 12, credentials: 4_321,
            pending: 3, lastCompletedStartMs: nowMs - 2 * day - minute, lastRunStatus: .cancelled),
        PlatformSummary(
            id: 4, name: "credly", displayName: "Credly", adapter: "credly", active: true,
            consecutiveFailures: 0, syncFrequencyHours: 6, credentials: 0, pending: 0,
            syncJob: PlatformSummary.SyncJob(
                jobId: 102, state: .waiting, failedAttempts: 0, maxAttempts: 3, lastError: nil, runAtMs: nowMs)),
        PlatformSummary(
            id: 5, name: "skills_portal", displayName: "Skills Portal", adapter: "generic_rest",
            active: true, lastSyncAtMs: nowMs - 2 * hour, lastSuccessAtMs: nowMs - 3 * day, consecutiveFailures: 3,
            syncFrequencyHours: 24, credentials: 250, pending: 1_214, lastCompletedStartMs: nowMs - 3 * day - minute,
            lastRunStatus: .partial, lastRunInvalid: 210),
    ]

    static func job(
        _ id: Int64, platform: Int64?, _ state: JobState, kind: JobKind = .sync, attempts: Int = 0,
        runAt: Int64 = nowMs, startedAt: Int64? = nil, finishedAt: Int64? = nil, lastError: String? = nil,
        trigger: JobTrigger = .schedule, progressDone: Int = 0, progressTotal: Int? = nil
    ) -> Job {
        Job(
            id: id, kind: kind, platformId: platform, state: state, priority: 0, attempts: attempts, maxAttempts: 3,
            stalls: 0, runAt: runAt, lockedBy: state == .active ? "engine-1" : nil, lockedUntil: nil,
            cancelRequested: false, progressDone: progressDone, progressTotal: progressTotal, checkpoint: nil,
            lastError: lastError, trigger: trigger, payload: nil, createdAt: nowMs - hour,
            updatedAt: finishedAt ?? nowMs,
            startedAt: startedAt, finishedAt: finishedAt)
    }

    static let jobs: [JobRow] = [
        JobRow(
            job: job(
                101, platform: 1, .active, attempts: 1, startedAt: nowMs - 42 * second, progressDone: 1_234,
                progressTotal: 5_000),
            platformName: "nsqf", done: 1_234, total: 5_000, itemsPerSecond: 2_345.6, pages: 13),
        JobRow(job: job(102, platform: 4, .waiting, trigger: .manual), platformName: "credly", done: 0, total: nil),
        JobRow(
            job: job(
                103, platform: 2, .delayed, attempts: 2, runAt: nowMs + 25 * second,
                lastError: "GET https://swayam.example.in/v1/completions?page=3 answered HTTP 503: `upstream busy` — still failing after 2 retries", trigger: .retry),
            platformName: "swayam", done: 0, total: nil),
        JobRow(
            job: job(
                104, platform: 5, .failed, attempts: 3, startedAt: nowMs - 3 * hour,
                finishedAt: nowMs - 2 * hour, lastError: "pagination guard: cursor \"c-17\" repeated"),
            platformName: "skills_portal", done: 0, total: nil),
        JobRow(
            job: job(105, platform: 3, .cancelled, kind: .tokenRefresh, finishedAt: nowMs - 5 * hour),
            platformName: "openbadges", done: 0, total: nil),
    ]

    static func run(
        _ id: Int64, platform: Int64, _ name: String, _ status: SyncRun.Status, startedAgo: Int64, durationMs: Int64?,
        fetched: Int = 0, created: Int = 0, updated: Int = 0, matched: Int = 0, pending: Int = 0, invalid: Int = 0,
        error: String? = nil, invalidReasons: [String] = [], trigger: JobTrigger = .schedule
    ) -> SyncRun {
        SyncRun(
            id: id, platformId: platform, platformName: name, jobId: nil, trigger: trigger, status: status,
            startedAtMs: nowMs - startedAgo, finishedAtMs: durationMs.map { nowMs - startedAgo + $0 },
            durationMs: durationMs, pages: fetched / 100 + 1, fetched: fetched, created: created, updated: updated,
            unchanged: fetched - created - updated - invalid, matched: matched, pending: pending, invalid: invalid,
            error: error, invalidReasons: invalidReasons, cursorBefore: nil, cursorAfter: nil)
    }

    static let runs: [SyncRun] = [
        run(
            208, platform: 1, "nsqf", .running, startedAgo: 42 * second, durationMs: nil, fetched: 1_234,
            created: 1_200,
            matched: 1_180, pending: 20),
        run(
            207, platform: 1, "nsqf", .succeeded, startedAgo: 3 * minute + 20 * second, durationMs: 18_400,
            fetched: 5_000, created: 120, updated: 30, matched: 140, pending: 10, trigger: .manual),
        run(
            206, platform: 2, "swayam", .failed, startedAgo: 10 * minute, durationMs: 2_100, fetched: 200,
            error: "GET https://swayam.example.in/v1/completions?page=3 answered HTTP 503: `upstream busy` — still failing after 2 retries", trigger: .retry),
        run(
            205, platform: 5, "skills_portal", .partial, startedAgo: 2 * hour, durationMs: 65_000, fetched: 460,
            created: 240, matched: 30, pending: 205, invalid: 210,
            invalidReasons: ["item 3: no external id", "item 17: issued_at \"31/02/2024\" is not a date"]),
        run(204, platform: 3, "openbadges", .cancelled, startedAgo: 5 * hour, durationMs: 900),
        run(
            203, platform: 1, "nsqf", .succeeded, startedAgo: day, durationMs: 95_000, fetched: 12_000,
            created: 12_000, matched: 11_983, pending: 17, trigger: .startupCatchUp),
    ]

    static func credential(
        _ id: Int64, platform: Int64, _ platformName: String, name: String?, email: String?, phone: String?,
        title: String, note: String
    ) -> Credential {
        Credential(
            id: id, platformId: platform, platformName: platformName, externalId: "EXT-\(id)",
            learnerIdentifier: email ?? phone, identifierType: email != nil ? "email" : phone != nil ? "phone" : nil,
            learnerEmail: email, learnerPhone: phone, learnerName: name, title: title, issuedAtMs: nowMs - 30 * day,
            expiresAtMs: nil, url: "https://certs.example/\(id)", status: .pending, userId: nil, matchedBy: nil,
            matchNote: note, createdAtMs: nowMs - day, updatedAtMs: nowMs - day)
    }

    static let pending: [Credential] = [
        credential(
            501, platform: 1, "nsqf", name: "Asha Verma", email: "asha.verma@example.in", phone: nil,
            title: "Retail Sales Associate (NSQF 4)", note: "no user with this email"),
        credential(
            502, platform: 5, "skills_portal", name: "Ravi Kumar", email: "ravi@example.in",
            phone: "+919812345678", title: "Solar PV Installer", note: "email and phone match different users"),
        credential(
            503, platform: 5, "skills_portal", name: "Meena", email: nil, phone: "12345",
            title: "Data Entry Operator", note: "invalid identifier"),
        credential(
            504, platform: 3, "openbadges", name: nil, email: nil, phone: nil, title: "Python Basics",
            note: "no usable identifier"),
        credential(
            505, platform: 1, "nsqf", name: "Joseph D'Souza", email: "joseph@example.com", phone: nil,
            title: "Assistant Electrician", note: "no user with this email"),
    ]

    static let tokens: [TokenStatus] = [
        TokenStatus(
            platformId: 1, platformName: "nsqf", authType: .oauth2ClientCredentials, isActive: true,
            statusReason: nil, hasToken: true, expiresAtMs: nowMs + 50 * minute, refreshedAtMs: nowMs - 10 * minute,
            lastError: nil, lastAttemptAtMs: nowMs - 10 * minute),
        TokenStatus(
            platformId: 3, platformName: "openbadges", authType: .oauth2RefreshToken, isActive: false,
            statusReason: "token refresh failed: HTTP 401", hasToken: true, expiresAtMs: nowMs - 5 * hour,
            refreshedAtMs: nowMs - 3 * day, lastError: "HTTP 401 invalid_grant", lastAttemptAtMs: nowMs - 5 * hour),
        TokenStatus(
            platformId: 4, platformName: "credly", authType: .bearer, isActive: true, statusReason: nil,
            hasToken: true, expiresAtMs: nowMs + 3 * day, refreshedAtMs: nil, lastError: nil, lastAttemptAtMs: nil),
        TokenStatus(
            platformId: 5, platformName: "skills_portal", authType: .longLivedToken, isActive: true,
            statusReason: nil, hasToken: true, expiresAtMs: nowMs + 40 * day, refreshedAtMs: nowMs - 20 * day,
            lastError: nil, lastAttemptAtMs: nowMs - 20 * day),
        TokenStatus(
            platformId: 2, platformName: "swayam", authType: .oauth2ClientCredentials, isActive: true,
            statusReason: nil, hasToken: false, expiresAtMs: nil, refreshedAtMs: nil, lastError: nil,
            lastAttemptAtMs: nil),
    ]

    static let users: [User] = [
        User(
            id: 11, externalRef: "HR-0042", name: "Asha Verma", email: "asha.verma@example.org", phone: "+919876543210",
            createdAtMs: nowMs - 90 * day),
        User(
            id: 12, externalRef: nil, name: "Asha V.", email: "asha@example.in", phone: nil,
            createdAtMs: nowMs - 9 * day),
    ]

    /// A model showing the fixture at `size`, with the clock at the fixture's instant.
    static func model(size: Size = Size(width: 120, height: 40), role: DashboardSnapshot.Role = .engine)
        -> DashboardModel
    {
        var model = DashboardModel(size: size, themeNames: ["default", "light", "high-contrast", "mono"])
        model = DashboardUpdate.update(model, .tick(nowMs: nowMs)).0
        return DashboardUpdate.update(model, .snapshot(snapshot(role: role))).0
    }
}
