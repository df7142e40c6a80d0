import Foundation

/// A five-field cron schedule with Vixie cron semantics, evaluated in a time zone's wall-clock time.
///
/// The fields are minute (0-59), hour (0-23), day-of-month (1-31), month (1-12 or JAN-DEC) and
/// day-of-week (0-7 or SUN-SAT, both 0 and 7 meaning Sunday). Each is a comma-separated list of `*`, `n`
/// or `a-b`, optionally followed by `/step`; `n/step` means from `n` to the end of the field.
/// When day-of-month or day-of-week starts with `*` (including `*/n`) a day must match both fields;
/// when both are restricted it must match either, as Vixie cron does.
/// `@yearly @annually @monthly @weekly @daily @midnight @hourly` stand for their usual expansions.
///
/// Two expressions are equal when their source text is equal.
public struct CronExpression: Sendable, Equatable {
    /// The text the expression was parsed from, for display.
    public let source: String

    /// One bit per allowed value, bit `n` for value `n`.
    let minutes: UInt64
    let hours: UInt64
    let daysOfMonth: UInt64
    let months: UInt64
    /// Bit 0 is Sunday; a 7 in the text is stored as 0.
    let daysOfWeek: UInt64
    /// Vixie's DOM_STAR / DOW_STAR: the field's text starts with `*`.
    let dayOfMonthStartsWithStar: Bool
    let dayOfWeekStartsWithStar: Bool

    /// Parses `text`, five whitespace-separated fields or a macro.
    /// - Throws: `CronError` naming the field at fault.
    public init(parsing text: String) throws(CronError) {
        source = text
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let fields: [String]
        if trimmed.hasPrefix("@") {
            guard let expansion = Self.macros[trimmed.lowercased()] else {
                throw CronError(expression: text, reason: .unknownMacro(trimmed))
            }
            fields = expansion.split(separator: " ").map(String.init)
        } else {
            fields = trimmed.split(whereSeparator: \.isWhitespace).map(String.init)
            guard fields.count == CronField.allCases.count else {
                throw CronError(expression: text, reason: .wrongFieldCount(fields.count))
            }
        }
        var sets: [UInt64] = []
        for field in CronField.allCases {
            sets.append(try Self.parseField(fields[field.rawValue], as: field, in: text))
        }
        minutes = sets[CronField.minute.rawValue]
        hours = sets[CronField.hour.rawValue]
        daysOfMonth = sets[CronField.dayOfMonth.rawValue]
        months = sets[CronField.month.rawValue]
        let sunday: UInt64 = 1 << 0
        let sundayAsSeven: UInt64 = 1 << 7
        let weekdays = sets[CronField.dayOfWeek.rawValue]
        daysOfWeek = weekdays & sundayAsSeven != 0 ? (weekdays & ~sundayAsSeven) | sunday : weekdays
        dayOfMonthStartsWithStar = fields[CronField.dayOfMonth.rawValue].hasPrefix("*")
        dayOfWeekStartsWithStar = fields[CronField.dayOfWeek.rawValue].hasPrefix("*")
    }

    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *",
        "@annually": "0 0 1 1 *",
        "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *",
        "@midnight": "0 0 * * *",
        "@hourly": "0 * * * *",
    ]

    /// Whether the schedule runs on this calendar day (Vixie's day-of-month / day-of-week rule).
    func runs(onDay day: Int, weekday: Int) -> Bool {
        let dayOfMonthMatches = daysOfMonth & (1 << UInt64(day)) != 0
        let dayOfWeekMatches = daysOfWeek & (1 << UInt64(weekday)) != 0
        if dayOfMonthStartsWithStar || dayOfWeekStartsWithStar {
            return dayOfMonthMatches && dayOfWeekMatches
        }
        return dayOfMonthMatches || dayOfWeekMatches
    }
}
