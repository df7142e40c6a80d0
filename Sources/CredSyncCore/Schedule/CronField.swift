/// One of the five fields of a cron expression, in the order they are written.
public enum CronField: Int, CaseIterable, Sendable, CustomStringConvertible {
    case minute, hour, dayOfMonth, month, dayOfWeek

    /// The name used in error messages: `minute`, `hour`, `day-of-month`, `month`, `day-of-week`.
    public var description: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// The numbers the field accepts; day-of-week accepts both 0 and 7 for Sunday.
    var bounds: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    /// What `*` and the open end of `n/step` stand for. Day-of-week stops at Saturday, as croniter does,
    /// so `1/2` means Monday, Wednesday, Friday; with 0-7 `*/n` would give the same days anyway.
    var fullRange: ClosedRange<Int> {
        self == .dayOfWeek ? 0...6 : bounds
    }

    /// Three-letter names, matched case-insensitively, and the number each stands for.
    var names: [(name: String, value: Int)] {
        switch self {
        case .month:
            ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
                .enumerated().map { ($0.element, $0.offset + 1) }
        case .dayOfWeek:
            ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"].enumerated().map { ($0.element, $0.offset) }
        case .minute, .hour, .dayOfMonth:
            []
        }
    }
}
