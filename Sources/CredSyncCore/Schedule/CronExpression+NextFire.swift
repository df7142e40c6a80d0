import Foundation

extension CronExpression {
    /// How far ahead, in years of wall-clock time, `nextFire` looks before deciding the expression never fires.
    /// The Gregorian calendar, weekdays included, repeats every 400 years, so nil means "never" (e.g. `0 0 30 2 *`).
    static let searchHorizonYears = 400

    /// The first time strictly after `instant` at which the schedule fires, on a whole minute,
    /// or nil if it never fires (`0 0 30 2 *`).
    ///
    /// Fields are matched against `timeZone`'s wall clock. Across daylight-saving changes a wall time that
    /// does not exist fires once at the first minute after the gap (02:30 on a spring-forward night fires
    /// at 03:00, and `*/15 2 * * *` fires there once, not four times), and a wall time that occurs twice
    /// fires once, at its first occurrence.
    public func nextFire(after instant: Date, in timeZone: TimeZone) -> Date? {
        var start = timeZone.wallTime(at: instant).minutesSinceEpoch + 1
        let lastYear = WallTime(minutesSinceEpoch: start).year + Self.searchHorizonYears
        while let wall = nextMatch(from: WallTime(minutesSinceEpoch: start), throughYear: lastYear) {
            let fire = timeZone.firstInstant(of: wall)
            // A match can resolve to an instant already past: a wall time whose first occurrence came before
            // `instant` in a fall-back overlap, or a skipped wall time whose gap `instant` is at the end of.
            if fire > instant { return fire }
            start = wall.minutesSinceEpoch + 1
        }
        return nil
    }

    /// The next `count` fire times after `instant`, in order; fewer if the schedule stops firing.
    public func nextFires(after instant: Date, in timeZone: TimeZone, count: Int) -> [Date] {
        var fires: [Date] = []
        var cursor = instant
        while fires.count < count, let fire = nextFire(after: cursor, in: timeZone) {
            fires.append(fire)
            cursor = fire
        }
        return fires
    }

    /// The first wall time at or after `start` whose fields all match, skipping whole months, days and
    /// hours that cannot match; nil if there is none up to the end of `lastYear`.
    func nextMatch(from start: WallTime, throughYear lastYear: Int) -> WallTime? {
        var wall = start
        while wall.year <= lastYear {
            guard let month = Self.firstValue(in: months, atLeast: wall.month) else {
                wall = WallTime(year: wall.year + 1, month: 1, day: 1, hour: 0, minute: 0)
                continue
            }
            if month != wall.month {
                wall = WallTime(year: wall.year, month: month, day: 1, hour: 0, minute: 0)
            }
            guard wall.day <= WallTime.daysInMonth(wall.month, year: wall.year) else {
                wall = WallTime(year: wall.year, month: wall.month + 1, day: 1, hour: 0, minute: 0)
                continue
            }
            guard runs(onDay: wall.day, weekday: wall.weekday),
                let hour = Self.firstValue(in: hours, atLeast: wall.hour)
            else {
                wall = WallTime(year: wall.year, month: wall.month, day: wall.day + 1, hour: 0, minute: 0)
                continue
            }
            if hour != wall.hour {
                wall.hour = hour
                wall.minute = 0
            }
            guard let minute = Self.firstValue(in: minutes, atLeast: wall.minute) else {
                wall.hour += 1
                wall.minute = 0
                continue
            }
            wall.minute = minute
            return wall
        }
        return nil
    }

    /// The smallest value in `bits` that is at least `lowest`.
    static func firstValue(in bits: UInt64, atLeast lowest: Int) -> Int? {
        guard lowest < 64 else { return nil }
        let candidates = bits & (~0 << UInt64(lowest))
        return candidates == 0 ? nil : candidates.trailingZeroBitCount
    }
}
