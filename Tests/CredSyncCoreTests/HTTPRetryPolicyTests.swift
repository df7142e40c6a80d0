import Testing

@testable import CredSyncCore

@Suite struct HTTPRetryPolicyTests {
    let policy = HTTPRetryPolicy(maxRetries: 3, baseMs: 1_000, capMs: 30_000, jitterFraction: 0.2)
    let nowMs: Int64 = 1_700_000_000_000
    let url = "https://api.example.org/v1/certificates?page=3&token=s3cr3t"

    private func response(_ status: Int, _ headers: HTTPHeaders = [:], body: String = "") -> Result<
        HTTPClientResponse, HTTPError
    > {
        .success(HTTPClientResponse(status: status, headers: headers, body: Array(body.utf8), url: url))
    }

    private func failure(_ kind: HTTPError.Kind) -> Result<HTTPClientResponse, HTTPError> {
        .failure(HTTPError(kind: kind, method: "GET", url: url, detail: "curl says no"))
    }

    private func decide(_ result: Result<HTTPClientResponse, HTTPError>, retry: Int = 1) -> RetryDecision {
        policy.decision(for: result, retryNumber: retry, nowMs: nowMs, unitRandom: 0.5)
    }

    @Test func statusTable() {
        let table: [(Int, RetryDecision)] = [
            (200, .accept), (204, .accept), (304, .accept), (400, .accept), (401, .accept), (403, .accept),
            (404, .accept), (422, .accept), (429, .retry(afterMs: 1_000)), (500, .retry(afterMs: 1_000)),
            (502, .retry(afterMs: 1_000)), (503, .retry(afterMs: 1_000)), (504, .retry(afterMs: 1_000)),
        ]
        for (status, expected) in table {
            #expect(decide(response(status)) == expected, "HTTP \(status)")
        }
    }

    @Test func errorTable() {
        #expect(decide(failure(.timeout(limitMs: 30_000))) == .retry(afterMs: 1_000))
        #expect(decide(failure(.connectFailed)) == .retry(afterMs: 1_000))
        #expect(decide(failure(.network)) == .retry(afterMs: 1_000))
        for kind: HTTPError.Kind in [.tls, .badURL, .invalidRequest, .responseTooLarge(limitBytes: 1 << 20)] {
            guard case .giveUp(let reason) = decide(failure(kind)) else {
                Issue.record("\(kind) should give up at once")
                continue
            }
            #expect(reason.hasPrefix("GET https://api.example.org/v1/certificates "))
            #expect(!reason.contains("s3cr3t"))
        }
    }

    @Test func backoffDoublesWithJitterUpToTheCap() {
        #expect(
            (1...6).map { policy.backoffMs(retryNumber: $0, unitRandom: 0.5) } == [
                1_000, 2_000, 4_000, 8_000, 16_000, 30_000,
            ])
        #expect(policy.backoffMs(retryNumber: 1, unitRandom: 0) == 800)
        #expect(policy.backoffMs(retryNumber: 3, unitRandom: 0.999_999) == 4_800)
        #expect(policy.backoffMs(retryNumber: 5, unitRandom: 0.999_999) == 19_200)
        #expect(policy.backoffMs(retryNumber: 100, unitRandom: 0) == 30_000)
        #expect(decide(response(500), retry: 3) == .retry(afterMs: 4_000))
    }

    @Test func retryAfterIsHonouredInBothForms() {
        #expect(decide(response(429, ["Retry-After": "7"])) == .retry(afterMs: 7_000))
        #expect(decide(response(503, ["Retry-After": "0"])) == .retry(afterMs: 0))
        let inFiftySeconds = "Tue, 14 Nov 2023 22:14:10 GMT"  // nowMs is 2023-11-14T22:13:20Z
        #expect(decide(response(503, ["Retry-After": inFiftySeconds])) == .retry(afterMs: 50_000))
        // Retry-After on other statuses is not ours to honour; an unreadable one falls back to backoff.
        #expect(decide(response(500, ["Retry-After": "7"])) == .retry(afterMs: 1_000))
        #expect(decide(response(429, ["Retry-After": "soon"])) == .retry(afterMs: 1_000))
    }

    @Test func aRetryAfterLongerThanTheInPageBudgetPostponesEvenAfterTheLastRetry() {
        #expect(policy.maxRetryAfterMs == 60_000)
        #expect(decide(response(429, ["Retry-After": "60"])) == .retry(afterMs: 60_000))
        #expect(decide(response(429, ["Retry-After": "61"])) == .postpone(afterMs: 61_000))
        #expect(decide(response(503, ["Retry-After": "86400"])) == .postpone(afterMs: 86_400_000))
        #expect(decide(response(429, ["Retry-After": "7200"]), retry: 4) == .postpone(afterMs: 7_200_000))
        // Only 429 and 503 carry a Retry-After credsync honours.
        #expect(decide(response(500, ["Retry-After": "7200"])) == .retry(afterMs: 1_000))
    }

    @Test func givesUpAfterMaxRetriesWithTheStatusAndTheStartOfTheBody() {
        #expect(decide(response(503), retry: 3) == .retry(afterMs: 4_000))
        #expect(
            decide(response(503, body: "{\"error\":\"maintenance\"}"), retry: 4)
                == .giveUp(
                    reason: "GET https://api.example.org/v1/certificates answered HTTP 503: "
                        + "{\"error\":\"maintenance\"} — still failing after 3 retries"))
        guard case .giveUp(let reason) = decide(failure(.connectFailed), retry: 4) else {
            Issue.record("expected to give up")
            return
        }
        #expect(reason.hasSuffix("— still failing after 3 retries"))
        #expect(decide(response(200), retry: 4) == .accept)
    }

    @Test func zeroRetriesGivesUpOnTheFirstFailure() {
        let once = HTTPRetryPolicy(maxRetries: 0)
        guard case .giveUp = once.decision(for: response(502), retryNumber: 1, nowMs: nowMs, unitRandom: 0.5) else {
            Issue.record("expected to give up")
            return
        }
    }
}
