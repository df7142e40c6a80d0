/// A minute on a wall clock: a proleptic Gregorian date and time with no time zone.
///
/// `minutesSinceEpoch` counts minutes from 1970-01-01 00:00 as if the wall clock were UTC; it orders
/// wall times and makes minute arithmetic simple. Turning one into an instant needs a time zone
/// (`TimeZone.firstInstant(of:)`).
struct WallTime: Equatable, Sendable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
    }

    init(minutesSinceEpoch: Int) {
        let (days, minuteOfDay) = minutesSinceEpoch.floorDividedBy(24 * 60)
        (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        hour = minuteOfDay / 60
        minute = minuteOfDay % 60
    }

    var minutesSinceEpoch: Int {
        (Self.daysSinceEpoch(year: year, month: month, day: day) * 24 + hour) * 60 + minute
    }

    /// 0 for Sunday through 6 for Saturday.
    var weekday: Int {
        Self.weekday(year: year, month: month, day: day)
    }

    // MARK: - Calendar arithmetic

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func weekday(year: Int, month: Int, day: Int) -> Int {
        // 1970-01-01 was a Thursday.
        (daysSinceEpoch(year: year, month: month, day: day) + 4).floorDividedBy(7).remainder
    }

    /// Days from 1970-01-01 (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear.floorDividedBy(400).quotient
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `daysSinceEpoch` days from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = daysSinceEpoch + 719_468
        let era = shifted.floorDividedBy(146_097).quotient
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int {
    /// Division rounding toward negative infinity, with a remainder in `0..<divisor`.
    func floorDividedBy(_ divisor: Int) -> (quotient: Int, remainder: Int) {
        let remainder = ((self % divisor) + divisor) % divisor
        return ((self - remainder) / divisor, remainder)
    }
}
