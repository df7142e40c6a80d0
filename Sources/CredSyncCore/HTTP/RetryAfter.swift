/// The `Retry-After` header (RFC 9110 §10.2.3): `delay-seconds` or an `HTTP-date`.
public enum RetryAfter {
    /// The longest delay a number of seconds can express here (ten years); larger values are clamped to it.
    public static let maxSeconds: Int64 = 10 * 365 * 86_400

    /// The delay the header asks for, in milliseconds from `nowMs`: `120` → 120,000; a date → the time until it,
    /// 0 when it has passed. Nil when the value is neither form.
    ///
    /// Dates are read in all three forms RFC 9110 §5.6.7 says a recipient must accept: IMF-fixdate
    /// (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850 form (`Sunday, 06-Nov-94 08:49:37 GMT`, whose
    /// two-digit year is the most recent one that is not more than 50 years ahead) and asctime
    /// (`Sun Nov  6 08:49:37 1994`).
    public static func parse(_ value: String, nowMs: Int64) -> Int64? {
        let text = value.trimmingASCIIWhitespace()
        guard !text.isEmpty else { return nil }
        if text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            let seconds = Int64(text).map { min($0, maxSeconds) } ?? maxSeconds
            return seconds * 1_000
        }
        guard let dateMs = httpDateMs(text, nowMs: nowMs) else { return nil }
        return max(0, dateMs - nowMs)
    }

    /// An HTTP-date as Unix milliseconds.
    static func httpDateMs(_ text: String, nowMs: Int64) -> Int64? {
        let parts = text.split(separator: " ")
        let date: (year: Int, month: Int, day: Int, time: Substring)
        switch parts.count {
        case 6:  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
            guard isDayName(parts[0], comma: true, long: false), parts[5] == "GMT", parts[1].count == 2,
                parts[3].count == 4, let day = Int(parts[1]), let month = month(parts[2]), let year = Int(parts[3])
            else { return nil }
            date = (year, month, day, parts[4])
        case 4:  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
            let dayMonthYear = parts[1].split(separator: "-")
            guard isDayName(parts[0], comma: true, long: true), parts[3] == "GMT", dayMonthYear.count == 3,
                dayMonthYear[0].count == 2, dayMonthYear[2].count == 2, let day = Int(dayMonthYear[0]),
                let month = month(dayMonthYear[1]), let shortYear = Int(dayMonthYear[2])
            else { return nil }
            date = (fullYear(shortYear, nowMs: nowMs), month, day, parts[2])
        case 5:  // asctime: Sun Nov  6 08:49:37 1994
            guard isDayName(parts[0], comma: false, long: false), parts[2].count <= 2, parts[4].count == 4,
                let month = month(parts[1]), let day = Int(parts[2]), let year = Int(parts[4])
            else { return nil }
            date = (year, month, day, parts[3])
        default:
            return nil
        }
        let clock = date.time.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }), let hour = Int(clock[0]),
            let minute = Int(clock[1]), let second = Int(clock[2]), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second), (1...WallTime.daysInMonth(date.month, year: date.year)).contains(date.day)
        else { return nil }
        let days = WallTime.daysSinceEpoch(year: date.year, month: date.month, day: date.day)
        return ((Int64(days) * 24 + Int64(hour)) * 60 + Int64(minute)) * 60_000 + Int64(second) * 1_000
    }

    private static let monthNames = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    private static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    private static func month(_ name: Substring) -> Int? {
        monthNames.firstIndex { $0 == name }.map { $0 + 1 }
    }

    private static func isDayName(_ token: Substring, comma: Bool, long: Bool) -> Bool {
        var name = token
        if comma {
            guard name.last == "," else { return false }
            name = name.dropLast()
        }
        return dayNames.contains { long ? $0 == name : $0.prefix(3) == name }
    }

    /// RFC 9110: a two-digit year that appears to be more than 50 years in the future is the most recent past year
    /// with the same last two digits.
    private static func fullYear(_ shortYear: Int, nowMs: Int64) -> Int {
        let today = Int((nowMs / 86_400_000))
        let currentYear = WallTime.civilDate(daysSinceEpoch: today).year
        let candidate = currentYear - currentYear % 100 + shortYear
        return candidate > currentYear + 50 ? candidate - 100 : candidate
    }
}

extension String {
    fileprivate func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
