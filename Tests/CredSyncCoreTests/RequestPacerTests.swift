import Testing

@testable import CredSyncCore

@Suite struct RequestPacerTests {
    let hour = RequestPacer.windowMs

    @Test func unlimitedPacerNeverWaits() {
        var pacer = RequestPacer(requestsPerHour: nil)
        for t in Int64(0)..<1_000 { pacer.record(sentAtMs: t) }
        #expect(pacer.nextAllowedMs(nowMs: 1_000) == 1_000)
        #expect(RequestPacer(requestsPerHour: 0).requestsPerHour == nil)
    }

    @Test func delayBetweenPagesSpacesConsecutiveRequests() {
        var pacer = RequestPacer(requestsPerHour: nil, delayBetweenPagesMs: 250)
        #expect(pacer.nextAllowedMs(nowMs: 10_000) == 10_000)
        pacer.record(sentAtMs: 10_000)
        #expect(pacer.nextAllowedMs(nowMs: 10_100) == 10_250)
        #expect(pacer.waitMs(nowMs: 10_100) == 150)
        #expect(pacer.nextAllowedMs(nowMs: 10_400) == 10_400)
    }

    @Test func theHourlyLimitHoldsOverEverySlidingHour() {
        var pacer = RequestPacer(requestsPerHour: 3)
        pacer.record(sentAtMs: 0)
        pacer.record(sentAtMs: 1_000)
        #expect(pacer.nextAllowedMs(nowMs: 2_000) == 2_000)
        pacer.record(sentAtMs: 2_000)
        // The fourth waits for the first to leave the window, the fifth for the second.
        #expect(pacer.nextAllowedMs(nowMs: 3_000) == hour)
        pacer.record(sentAtMs: hour)
        #expect(pacer.nextAllowedMs(nowMs: hour) == hour + 1_000)
        #expect(pacer.sentInWindow(nowMs: hour) == 3)
        #expect(pacer.sentInWindow(nowMs: 3 * hour) == 0)
        #expect(pacer.nextAllowedMs(nowMs: 3 * hour) == 3 * hour)
    }

    @Test func bothLimitsTogetherTakeTheLater() {
        var pacer = RequestPacer(requestsPerHour: 2, delayBetweenPagesMs: 5_000)
        pacer.record(sentAtMs: 0)
        #expect(pacer.nextAllowedMs(nowMs: 0) == 5_000)
        pacer.record(sentAtMs: 5_000)
        #expect(pacer.nextAllowedMs(nowMs: 6_000) == hour)
    }

    @Test func followingThePacerNeverExceedsTheLimitInAnyHour() {
        var pacer = RequestPacer(requestsPerHour: 100, delayBetweenPagesMs: 10)
        var now: Int64 = 0
        var sent: [Int64] = []
        for _ in 0..<1_000 {
            now = pacer.nextAllowedMs(nowMs: now)
            pacer.record(sentAtMs: now)
            sent.append(now)
            now += 7
        }
        for (index, start) in sent.enumerated() {
            let inHour = sent[index...].prefix { $0 < start + hour }.count
            #expect(inHour <= 100)
        }
        // Ten hours of history, but only the newest hundred send times are kept.
        #expect(sent.last! >= 9 * hour)
    }

    @Test func aClockThatStepsBackKeepsTheLogOrdered() {
        var pacer = RequestPacer(requestsPerHour: 2)
        pacer.record(sentAtMs: 10_000)
        pacer.record(sentAtMs: 5_000)
        #expect(pacer.nextAllowedMs(nowMs: 11_000) == 5_000 + hour)
    }
}
