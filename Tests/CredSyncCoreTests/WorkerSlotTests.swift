import Testing

@testable import CredSyncCore

/// A worker slot keeps one HTTP client for all the jobs its thread runs.
@Suite struct WorkerSlotTests {
    @Test func theSlotMakesItsHTTPClientOnceAndReusesIt() {
        let slot = WorkerSlot()
        let options = HTTPClient.Options(timeoutMs: 5_000)
        let first = slot.httpClient(options: options)
        #expect(slot.httpClient(options: options) === first)
        #expect(first.options == options)
        // Two contexts run on the same slot share its client; another slot has its own.
        #expect(WorkerSlot().httpClient(options: options) !== first)
    }

    @Test func otherOptionsReplaceTheClient() {
        let slot = WorkerSlot()
        let first = slot.httpClient(options: HTTPClient.Options(timeoutMs: 5_000))
        let second = slot.httpClient(options: HTTPClient.Options(timeoutMs: 9_000))
        #expect(second !== first)
        #expect(second.options.timeoutMs == 9_000)
        #expect(slot.httpClient(options: HTTPClient.Options(timeoutMs: 9_000)) === second)
    }
}
