import Foundation

/// Formats Unix-millisecond timestamps for people and scripts.
public enum Timestamp {
    /// `2026-11-21T05:40:01Z`: UTC, second precision, as every `--json` output writes times.
    public static func iso8601(_ ms: Int64) -> String {
        Date(timeIntervalSince1970: Double(ms) / 1000).formatted(.iso8601)
    }

    /// `2026-11-21T05:40:01.123Z`: UTC with milliseconds, for cursors that must not lose precision.
    public static func iso8601Milliseconds(_ ms: Int64) -> String {
        Date(timeIntervalSince1970: Double(ms) / 1000).formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// A short relative form for tables: `in 12s`, `3m ago`, `2h 5m ago`, `in 4d 2h`; `now` within a second past.
    /// A time to come reads as a `countdown` (`in 1s` until it is due), a time past as its age rounded down.
    public static func relative(_ ms: Int64, nowMs: Int64) -> String {
        let delta = difference(ms, nowMs)
        if delta > 0 { return "in " + countdown(delta) }
        if delta > -1_000 { return "now" }
        return elapsed(-delta) + " ago"
    }

    /// The first moment after `nowMs` at which `relative(ms, nowMs:)` reads differently: the unit shown changes
    /// (seconds under an hour, minutes under a day, hours beyond) or the text turns from `in …` to `now`.
    public static func nextChange(of ms: Int64, nowMs: Int64) -> Int64 {
        let delta = difference(ms, nowMs)
        if delta <= 0 {
            let age = -delta
            let unit: Int64 = age < 3_600_000 ? 1_000 : age < 86_400_000 ? 60_000 : 3_600_000
            return later(nowMs, by: unit - age % unit)
        }
        // The countdown shows `seconds`, rounded up, cut to its unit: it changes when fewer seconds remain than
        // the last whole unit's.
        let seconds = roundedUpSeconds(delta)
        let unit: Int64 = seconds < 3_600 ? 1 : seconds < 86_400 ? 60 : 3_600
        let changesAtSeconds = seconds / unit * unit - 1
        return later(nowMs, by: delta - changesAtSeconds * 1_000)
    }

    /// `nowMs + ms`, at most `Int64.max`.
    private static func later(_ nowMs: Int64, by ms: Int64) -> Int64 {
        let (sum, overflow) = nowMs.addingReportingOverflow(ms)
        return overflow ? .max : sum
    }

    /// `850ms`, `12s`, `3m 5s`, `2h`, `4d 2h`: two units at most, a zero second unit left out.
    public static func duration(_ ms: Int64) -> String {
        let ms = max(0, ms)
        return ms < 1_000 ? "\(ms)ms" : duration(seconds: ms / 1_000)
    }

    /// A time since, in whole seconds rounded down (`0s` under a second): an age or a running time, moving with
    /// a whole-second clock.
    public static func elapsed(_ ms: Int64) -> String {
        duration(seconds: max(0, ms) / 1_000)
    }

    /// A time left, in whole seconds rounded up and at least `1s` (never `789ms`): a countdown moves with a
    /// whole-second clock and does not read zero before it is due.
    public static func countdown(_ ms: Int64) -> String {
        duration(seconds: max(1, roundedUpSeconds(ms)))
    }

    private static func duration(seconds: Int64) -> String {
        func pair(_ major: Int64, _ majorUnit: String, _ minor: Int64, _ minorUnit: String) -> String {
            minor == 0 ? "\(major)\(majorUnit)" : "\(major)\(majorUnit) \(minor)\(minorUnit)"
        }
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3_600 { return pair(seconds / 60, "m", seconds % 60, "s") }
        if seconds < 86_400 { return pair(seconds / 3_600, "h", seconds % 3_600 / 60, "m") }
        return pair(seconds / 86_400, "d", seconds % 86_400 / 3_600, "h")
    }

    private static func roundedUpSeconds(_ ms: Int64) -> Int64 {
        ms <= 0 ? 0 : ms / 1_000 + (ms % 1_000 == 0 ? 0 : 1)
    }

    /// `ms - nowMs`, held within ±`Int64.max` so that no timestamp, however far off, traps.
    private static func difference(_ ms: Int64, _ nowMs: Int64) -> Int64 {
        let (delta, overflow) = ms.subtractingReportingOverflow(nowMs)
        if overflow { return ms > nowMs ? .max : -.max }
        return max(delta, -.max)
    }
}
