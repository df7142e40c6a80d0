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

    /// A short relative form for tables: `in 12s`, `3m ago`, `2h 5m ago`, `in 4d 2h`; `now` within a second.
    public static func relative(_ ms: Int64, nowMs: Int64) -> String {
        let delta = ms - nowMs
        if abs(delta) < 1_000 { return "now" }
        let text = duration(abs(delta))
        return delta > 0 ? "in \(text)" : "\(text) ago"
    }

    /// `850ms`, `12s`, `3m 5s`, `2h`, `4d 2h`: two units at most, a zero second unit left out.
    public static func duration(_ ms: Int64) -> String {
        let ms = max(0, ms)
        if ms < 1_000 { return "\(ms)ms" }
        let seconds = ms / 1_000
        func pair(_ major: Int64, _ majorUnit: String, _ minor: Int64, _ minorUnit: String) -> String {
            minor == 0 ? "\(major)\(majorUnit)" : "\(major)\(majorUnit) \(minor)\(minorUnit)"
        }
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3_600 { return pair(seconds / 60, "m", seconds % 60, "s") }
        if seconds < 86_400 { return pair(seconds / 3_600, "h", seconds % 3_600 / 60, "m") }
        return pair(seconds / 86_400, "d", seconds % 86_400 / 3_600, "h")
    }

    /// A time left, in whole seconds rounded up and at least `1s` (never `789ms`): a countdown moves with a
    /// whole-second clock and does not read zero before it is due.
    public static func countdown(_ ms: Int64) -> String {
        duration(max(1, (ms + 999) / 1_000) * 1_000)
    }
}
