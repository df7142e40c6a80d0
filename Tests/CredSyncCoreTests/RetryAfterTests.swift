import Testing

@testable import CredSyncCore

@Suite struct RetryAfterTests {
    /// 1994-11-06T08:49:00Z, RFC 9110's example date minus 37 seconds.
    let nowMs: Int64 = 784_111_740_000

    @Test func readsDelaySeconds() {
        #expect(RetryAfter.parse("120", nowMs: nowMs) == 120_000)
        #expect(RetryAfter.parse(" 0 ", nowMs: nowMs) == 0)
        #expect(RetryAfter.parse("99999999999999999999999", nowMs: nowMs) == RetryAfter.maxSeconds * 1_000)
    }

    @Test func readsAllThreeHTTPDateForms() {
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", nowMs: nowMs) == 37_000)
        #expect(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", nowMs: nowMs) == 37_000)
        #expect(RetryAfter.parse("Sun Nov  6 08:49:37 1994", nowMs: nowMs) == 37_000)
    }

    @Test func aDateInThePastMeansNow() {
        #expect(RetryAfter.parse("Sat, 05 Nov 1994 08:49:37 GMT", nowMs: nowMs) == 0)
    }

    @Test func aTwoDigitYearIsNeverMoreThanFiftyYearsAhead() {
        // In 2030, "79" is 2079 (49 years ahead) but "81" is 1981.
        let in2030: Int64 = 1_893_456_000_000
        #expect(RetryAfter.httpDateMs("Tuesday, 01-Jan-30 00:00:00 GMT", nowMs: in2030) == in2030)
        // Seen from 1970, "30" is 1930: 2030 would be more than 50 years ahead.
        #expect(RetryAfter.httpDateMs("Wednesday, 01-Jan-30 00:00:00 GMT", nowMs: 0) == -1_262_304_000_000)
        #expect(RetryAfter.httpDateMs("Sunday, 01-Jan-79 00:00:00 GMT", nowMs: in2030) == 3_439_756_800_000)
        #expect(RetryAfter.httpDateMs("Thursday, 01-Jan-81 00:00:00 GMT", nowMs: in2030) == 347_155_200_000)
    }

    @Test func rejectsAnythingElse() {
        for value in [
            "", "soon", "-5", "1.5", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 6 Nov 1994 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
            "2024-03-01T10:00:00Z",
        ] {
            #expect(RetryAfter.parse(value, nowMs: nowMs) == nil, "\(value)")
        }
    }
}
