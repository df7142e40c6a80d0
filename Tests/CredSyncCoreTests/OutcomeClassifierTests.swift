import Testing

@testable import CredSyncCore

/// Every kind of error a sync meets, and the outcome the queue is told: retry with backoff, wait for the platform,
/// or fail at once with what to do next.
@Suite struct OutcomeClassifierTests {
    static let nowMs: Int64 = 1_700_000_000_000
    static let url = "https://api.swayam.example/v1/completions"
    let classifier = OutcomeClassifier(platformName: "swayam")

    /// What a row expects: the outcome's kind, and a phrase its message must contain.
    enum Expected: CustomStringConvertible {
        case retry(mentioning: String)
        case delayed(untilMs: Int64, mentioning: String)
        case failed(mentioning: String)

        var description: String {
            switch self {
            case .retry(let phrase): "retry mentioning \"\(phrase)\""
            case .delayed(let untilMs, let phrase): "delayed until \(untilMs) mentioning \"\(phrase)\""
            case .failed(let phrase): "failed mentioning \"\(phrase)\""
            }
        }

        func matches(_ outcome: JobOutcome) -> Bool {
            switch (self, outcome) {
            case (.retry(let phrase), .retry(nil, let error)): error.contains(phrase)
            case (.delayed(let untilMs, let phrase), .delayed(let until, let reason)):
                until == untilMs && reason.contains(phrase)
            case (.failed(let phrase), .failed(let error)): error.contains(phrase)
            default: false
            }
        }
    }

    static func transport(_ kind: HTTPError.Kind, retries: Int = 0) -> SyncError {
        .transport(
            HTTPError(kind: kind, method: "GET", url: url + "?api_key=s3cr3t", detail: "curl says no"), retries: retries
        )
    }

    static func status(_ status: Int, retries: Int = 0) -> SyncError {
        .httpStatus(method: "GET", url: url, status: status, firstBytes: "{\"error\":\"nope\"}", retries: retries)
    }

    static func rateLimited(waitMs: Int64, retryAfter: String = "3600") -> SyncError {
        .rateLimited(method: "GET", url: url, status: 429, retryAfter: retryAfter, untilMs: nowMs + waitMs)
    }

    static let table: [(SyncError, Expected)] = [
        // Transient: the network, timeouts, 5xx, 408 and 429 after the session's retries, the unexpected.
        (transport(.connectFailed, retries: 3), .retry(mentioning: "could not connect")),
        (transport(.connectFailed, retries: 3), .retry(mentioning: "still failing after 3 retries")),
        (transport(.timeout(limitMs: 30_000), retries: 3), .retry(mentioning: "timed out after 30 s")),
        (transport(.network, retries: 1), .retry(mentioning: "still failing after 1 retry")),
        (status(500, retries: 3), .retry(mentioning: "answered HTTP 500")),
        (status(502, retries: 3), .retry(mentioning: "HTTP 502")),
        (status(503, retries: 3), .retry(mentioning: "HTTP 503: `{\"error\":\"nope\"}` — still failing after 3")),
        (status(504, retries: 3), .retry(mentioning: "HTTP 504")),
        (status(408, retries: 3), .retry(mentioning: "HTTP 408")),
        (status(429, retries: 3), .retry(mentioning: "HTTP 429")),
        (.unexpected("database is locked"), .retry(mentioning: "database is locked")),
        // Rate limited beyond the in-page budget: wait as asked, up to 7 days.
        (
            rateLimited(waitMs: 3_600_000),
            .delayed(untilMs: nowMs + 3_600_000, mentioning: "swayam's Retry-After, 1h")
        ),
        (
            rateLimited(waitMs: 86_340_000, retryAfter: "86340"),
            .delayed(untilMs: nowMs + 86_340_000, mentioning: "waiting for swayam's Retry-After, 23h 59m: GET")
        ),
        (
            rateLimited(waitMs: OutcomeClassifier.defaultMaxDelayMs, retryAfter: "604800"),
            .delayed(untilMs: nowMs + OutcomeClassifier.defaultMaxDelayMs, mentioning: "7d")
        ),
        (
            rateLimited(waitMs: OutcomeClassifier.defaultMaxDelayMs + 1_000, retryAfter: "604801"),
            .failed(mentioning: "more than the 7d a job is held for")
        ),
        (rateLimited(waitMs: -5_000, retryAfter: "0"), .delayed(untilMs: nowMs, mentioning: "0ms")),
        (
            .rateLimited(method: "GET", url: url, status: 503, retryAfter: "7200", untilMs: nowMs + 7_200_000),
            .delayed(
                untilMs: nowMs + 7_200_000, mentioning: "2h: GET \(url) answered HTTP 503 with Retry-After: 7200")
        ),
        // Permanent: no retry can fix these.
        (transport(.tls), .failed(mentioning: "certificate")),
        (transport(.badURL), .failed(mentioning: "check the platform's API URL")),
        (transport(.badRedirect), .failed(mentioning: "redirect credsync will not follow")),
        (transport(.invalidRequest), .failed(mentioning: "cannot be sent")),
        (transport(.responseTooLarge(limitBytes: 32 << 20)), .failed(mentioning: "more than 32 MiB")),
        (status(400), .failed(mentioning: "check the platform's config")),
        (status(401), .failed(mentioning: "re-enter them with 'credsync platforms edit swayam --secret-stdin'")),
        (status(403), .failed(mentioning: "the credentials lack permission")),
        (status(404), .failed(mentioning: "check api_base_url and api_version ('credsync platforms show swayam')")),
        (status(410), .failed(mentioning: "retired")),
        (status(422), .failed(mentioning: "refused the request as invalid")),
        (status(418), .failed(mentioning: "HTTP 418")),
        (status(302), .failed(mentioning: "'credsync platforms edit swayam --url URL'")),
        (
            .malformedBody(url: url, firstBytes: "{\"results\": [tru", detail: "unexpected end of input at byte 16"),
            .failed(mentioning: "not valid JSON (unexpected end of input at byte 16): `{\"results\": [tru`")
        ),
        (
            .malformedBody(url: url, firstBytes: "\n<!DOCTYPE html><html>", detail: "unexpected character '<'"),
            .failed(mentioning: "an HTML page, not JSON: `\\n<!DOCTYPE html><html>`; the platform answered a web page")
        ),
        (.malformedBody(url: url, firstBytes: "<HTML><body>", detail: "x"), .failed(mentioning: "api_base_url")),
        (.unexpectedShape(url: url, detail: "no \"results\" array"), .failed(mentioning: "check api_version")),
        (
            .invalidCursor(cursor: "42", expected: "a swayam cursor"),
            .failed(mentioning: "the saved cursor `42` is not a swayam cursor; run 'credsync sync swayam --full'")
        ),
        (.unreadableFile(path: "/srv/drop/x.csv", detail: "no such file"), .failed(mentioning: "permissions")),
        (.unauthorized("token refresh of swayam refused: HTTP 400"), .failed(mentioning: "refresh of swayam refused")),
        (.paginationLoop("stopped after 1000 pages"), .failed(mentioning: "1000 pages")),
        (.configuration("platform 'swayam' has no apiKey secret"), .failed(mentioning: "no apiKey secret")),
    ]

    @Test func everyErrorKindHasItsOutcome() {
        for (error, expected) in Self.table {
            let outcome = classifier.outcome(for: error, nowMs: Self.nowMs)
            #expect(expected.matches(outcome), "\(error): expected \(expected), got \(outcome)")
        }
    }

    @Test func everyMessageIsOneLineWithoutTheQueryString() {
        for (error, _) in Self.table {
            let message: String
            switch classifier.outcome(for: error, nowMs: Self.nowMs) {
            case .retry(_, let text), .failed(let text), .delayed(_, let text): message = text
            case .succeeded, .cancelled:
                Issue.record("\(error) has no message")
                continue
            }
            #expect(!message.contains("\n") && !message.contains("\r"), "\(message)")
            #expect(!message.contains("s3cr3t"), "\(message)")
        }
    }

    @Test func theMaximumDelayIsASetting() {
        let patient = OutcomeClassifier(platformName: "swayam", maxDelayMs: 30 * 86_400_000)
        let error = Self.rateLimited(waitMs: 10 * 86_400_000, retryAfter: "864000")
        #expect(
            patient.outcome(for: error, nowMs: Self.nowMs)
                == .delayed(
                    untilMs: Self.nowMs + 10 * 86_400_000,
                    reason:
                        "waiting for swayam's Retry-After, 10d: GET \(Self.url) answered HTTP 429 with Retry-After: 864000"
                ))
        guard case .failed = classifier.outcome(for: error, nowMs: Self.nowMs) else {
            Issue.record("10 days is more than the default maximum")
            return
        }
    }

    // MARK: - Typing the errors an attempt meets

    struct SomethingElse: Error {}

    @Test func errorsAreTypedWithTheirDetails() {
        let http = HTTPError(kind: .tls, method: "GET", url: Self.url, detail: "bad certificate")
        let table: [(any Error, SyncError)] = [
            (http, .transport(http, retries: 0)),
            (
                AdapterError.httpStatus(url: Self.url, status: 404, firstBytes: "{}"),
                .httpStatus(method: "GET", url: Self.url, status: 404, firstBytes: "{}", retries: 0)
            ),
            (
                AdapterError.invalidJSON(url: Self.url, firstBytes: "<html>", detail: "d"),
                .malformedBody(url: Self.url, firstBytes: "<html>", detail: "d")
            ),
            (
                AdapterError.unexpectedShape(url: Self.url, detail: "d"),
                .unexpectedShape(url: Self.url, detail: "d")
            ),
            (AdapterError.invalidCursor(cursor: "c", expected: "e"), .invalidCursor(cursor: "c", expected: "e")),
            (AdapterError.unreadableFile(path: "/p", detail: "d"), .unreadableFile(path: "/p", detail: "d")),
            (SyncError.paginationLoop("loop"), .paginationLoop("loop")),
            (
                UnknownAdapterError(name: "moodle", known: ["nsqf"]),
                .configuration(UnknownAdapterError(name: "moodle", known: ["nsqf"]).description)
            ),
            (SomethingElse(), .unexpected("SomethingElse()")),
        ]
        for (error, expected) in table {
            #expect(SyncError(error) == expected, "\(error)")
        }
        #expect(
            classifier.outcome(forThrown: SomethingElse(), nowMs: Self.nowMs)
                == .retry(afterMs: nil, error: "SomethingElse()"))
    }

    @Test func aResponseGivenUpOnKeepsItsStatusURLAndRedactedFirstBytes() {
        SecretRegistry.shared.register("tok-9f8e7d6c5b4a")
        let body =
            "{\"error\":\"expired\",\"token\":\"tok-9f8e7d6c5b4a\",\"detail\":\"" + String(repeating: "x", count: 300)
            + "\"}"
        let response = HTTPClientResponse(
            status: 503, body: Array(body.utf8), url: Self.url + "?page=2&api_key=s3cr3t")
        let error = SyncError(giveUpOn: .success(response), retries: 2)
        guard case .httpStatus(let method, let url, let status, let firstBytes, let retries) = error else {
            Issue.record("expected an HTTP status, got \(error)")
            return
        }
        #expect(method == "GET" && url == Self.url && status == 503 && retries == 2)
        #expect(!firstBytes.contains("tok-9f8e7d6c5b4a"))
        #expect(firstBytes.hasPrefix("{\"error\":\"expired\""))
        #expect(firstBytes.count <= 121 && firstBytes.hasSuffix("…"))
        #expect(!error.description.contains("s3cr3t"))
    }
}

/// A busy or failing database is transient, and its message is one plain sentence without SQL.
@Suite struct DatabaseErrorOutcomeTests {
    @Test func aLockedDatabaseRetriesWithAPlainMessage() {
        let error = SyncError(DatabaseError(code: 5, message: "database is locked", sql: "BEGIN IMMEDIATE"))
        guard case .retry(_, let message) = OutcomeClassifier(platformName: "swayam").outcome(for: error, nowMs: 0) else {
            Issue.record("a locked database must be retried")
            return
        }
        #expect(!message.contains("BEGIN") && !message.contains("SQLite error"), "\(message)")
        #expect(message.contains("busy"))
    }
}
