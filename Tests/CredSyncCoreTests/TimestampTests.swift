import CredSyncCore
import Testing

/// The one rule for times shown relative to the clock — ages rounded down, countdowns rounded up — and the moment
/// each one's text next changes, which the dashboard sleeps until.
@Suite struct TimestampTests {
    static let now: Int64 = 1_763_700_000_000

    @Test func agesRoundDownAndCountdownsRoundUp() {
        let cases: [(Int64, String)] = [
            (-400, "now"), (-42_300, "42s ago"), (-3_599_500, "59m 59s ago"), (-3 * 86_400_000, "3d ago"),
            (1, "in 1s"), (999, "in 1s"), (1_000, "in 1s"), (1_001, "in 2s"), (25_250, "in 26s"),
            (3_600_000, "in 1h"), (3_600_001, "in 1h"), (2 * 3_600_000 + 30_000, "in 2h"),
        ]
        for (offset, text) in cases {
            #expect(Timestamp.relative(Self.now + offset, nowMs: Self.now) == text, "\(offset) ms")
        }
        #expect(Timestamp.countdown(0) == "1s")
        #expect(Timestamp.countdown(60_000) == "1m")
        #expect(Timestamp.countdown(60_001) == "1m 1s")
        #expect(Timestamp.duration(-5) == "0ms")
    }

    /// (time relative to now, ms until its text changes)
    static let cases: [(Int64, Int64)] = [
        (-400, 600),  // 0.4 s ago: "now" until 1 s
        (-42_300, 700),  // "42s ago"
        (25_250, 250),  // "in 26s" until 25 s are left
        (-3_599_500, 500),  // "59m 59s ago": "1h ago" next
        (-2 * 3_600_000 - 61_000, 59_000),  // "2h 1m ago": minutes
        (-3 * 86_400_000, 3_600_000),  // "3d ago": hours
        (2 * 3_600_000 + 30_500, 31_500),  // "in 2h" until 1h 59m 59s are left
        (2 * 86_400_000 + 5 * 3_600_000 + 30_500, 31_500),  // "in 2d 5h" until 2d 4h 59m 59s are left
        (800, 800),  // "in 1s", then "now" when due
    ]

    @Test(arguments: cases)
    func nextChange(offset: Int64, expected: Int64) {
        #expect(Timestamp.nextChange(of: Self.now + offset, nowMs: Self.now) == Self.now + expected)
    }

    /// At `nextChange` the text differs, and at every moment before it (checked each 250 ms and just before) it
    /// does not: a countdown rounded up must not be predicted by a rule that rounds down.
    @Test func theTextChangesThenAndNotBefore() {
        let offsets: [Int64] = [
            -400, -42_300, 25_250, -3_599_500, -7_261_000, 7_230_500, 2 * 86_400_000 + 5 * 3_600_000 + 30_500,
            -259_200_000, 800, 3_600_000, 86_400_000, 59_999,
        ]
        for offset in offsets {
            let time = Self.now + offset
            let change = Timestamp.nextChange(of: time, nowMs: Self.now)
            let shown = Timestamp.relative(time, nowMs: Self.now)
            #expect(change > Self.now)
            for moment in stride(from: Self.now, to: change, by: 250) + [change - 1] {
                #expect(Timestamp.relative(time, nowMs: moment) == shown, "\(offset): changed early at \(moment - Self.now)")
            }
            #expect(Timestamp.relative(time, nowMs: change) != shown, "\(offset): unchanged at \(change - Self.now)")
        }
    }

    /// No timestamp, however far off, traps.
    @Test func extremeTimesDoNotTrap() {
        for (time, now) in [(Int64.max, Int64.min), (Int64.min, Int64.max), (Int64.max, 0), (Int64.min, 0), (0, Int64.min)] {
            _ = Timestamp.relative(time, nowMs: now)
            _ = Timestamp.nextChange(of: time, nowMs: now)
        }
        _ = Timestamp.countdown(.max)
        _ = Timestamp.duration(.min)
        #expect(Timestamp.relative(.max, nowMs: .min).hasPrefix("in "))
        #expect(Timestamp.relative(.min, nowMs: .max).hasSuffix(" ago"))
    }
}
