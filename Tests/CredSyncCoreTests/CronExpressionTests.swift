import Foundation
import Testing

@testable import CredSyncCore

private let utc = TimeZone(identifier: "UTC")!
private let newYork = TimeZone(identifier: "America/New_York")!
private let london = TimeZone(identifier: "Europe/London")!

/// The next `count` fires of `expression` after `start`, written in `zone`'s offset.
private func fires(_ expression: String, after start: String, in zone: TimeZone, count: Int = 5) throws -> [String] {
    let instant = try #require(ISO8601Offset.parse(start, defaultZone: zone))
    return try CronExpression(parsing: expression).nextFires(after: instant, in: zone, count: count)
        .map { ISO8601Offset.format($0, in: zone) }
}

/// The error parsing `expression` throws, or nil if it parses.
private func parseError(_ expression: String) -> CronError? {
    do {
        _ = try CronExpression(parsing: expression)
        return nil
    } catch {
        return error
    }
}

/// The values one field of `expression` allows, ascending.
private func values(of field: CronField, in expression: String) throws -> [Int] {
    let parsed = try CronExpression(parsing: expression)
    let bits =
        switch field {
        case .minute: parsed.minutes
        case .hour: parsed.hours
        case .dayOfMonth: parsed.daysOfMonth
        case .month: parsed.months
        case .dayOfWeek: parsed.daysOfWeek
        }
    return (0..<64).filter { bits & (1 << UInt64($0)) != 0 }
}

@Suite struct CronExpressionTests {
    // MARK: - Errors: one per kind, each naming the field

    @Test func outOfRangeNamesFieldValueAndBounds() {
        let error = parseError("61 * * * *")
        #expect(error?.field == .minute)
        #expect(error?.reason == .outOfRange(61))
        #expect(
            error?.description == #"invalid cron expression "61 * * * *": minute field "61": 61 is out of range 0-59"#)
    }

    @Test(arguments: [
        ("0 24 * * *", CronField.hour, "24", 24, "0-23"),
        ("0 0 0 * *", .dayOfMonth, "0", 0, "1-31"),
        ("0 0 1-32 * *", .dayOfMonth, "1-32", 32, "1-31"),
        ("0 0 * 13 *", .month, "13", 13, "1-12"),
        ("0 0 * * 1,8", .dayOfWeek, "1,8", 8, "0-7"),
        ("0-60/5 * * * *", .minute, "0-60/5", 60, "0-59"),
    ])
    func everyFieldChecksItsBounds(expression: String, field: CronField, text: String, value: Int, bounds: String) {
        let error = parseError(expression)
        #expect(error == CronError(expression: expression, field: field, fieldText: text, reason: .outOfRange(value)))
        #expect(error?.description.hasSuffix("\(field) field \"\(text)\": \(value) is out of range \(bounds)") == true)
    }

    @Test func wrongFieldCountSaysWhatIsExpected() {
        #expect(
            parseError("* * * *")?.description
                == #"invalid cron expression "* * * *": expected 5 fields (minute hour day-of-month month day-of-week)"#
                + " or a macro, got 4")
        #expect(parseError("0 2 * * * /usr/bin/true")?.reason == .wrongFieldCount(6))
        #expect(parseError("   ")?.reason == .wrongFieldCount(0))
        #expect(parseError("* * * *")?.field == nil)
        #expect(
            parseError("0\t2 * *\n")?.description.hasPrefix(#"invalid cron expression "0\t2 * *\n": expected"#) == true)
    }

    @Test func unknownMacroListsTheKnownOnes() {
        let error = parseError("@reboot")
        #expect(error?.reason == .unknownMacro("@reboot"))
        #expect(
            error?.description.hasPrefix(#"invalid cron expression "@reboot": unknown macro "@reboot"; use @yearly"#)
                == true)
        #expect(parseError("@daily 0")?.reason == .unknownMacro("@daily 0"))
    }

    @Test func zeroOrNonNumericStepIsRejected() {
        let zero = parseError("*/0 * * * *")
        #expect(
            zero == CronError(expression: "*/0 * * * *", field: .minute, fieldText: "*/0", reason: .invalidStep("0")))
        #expect(
            zero?.description.hasSuffix(#"minute field "*/0": step "0" must be a whole number of at least 1"#) == true)
        #expect(parseError("0 */x * * *")?.reason == .invalidStep("x"))
        #expect(parseError("0 0 1-5/ * *")?.reason == .invalidStep(""))
        #expect(parseError("0 0 * * 1/2/3")?.reason == .invalidStep("2/3"))
    }

    @Test func reversedRangeIsRejected() {
        let error = parseError("30-10 * * * *")
        #expect(error?.field == .minute)
        #expect(
            error?.description.hasSuffix(
                #"minute field "30-10": range "30-10" is reversed; write the smaller value first"#) == true)
        // Vixie cron reads SUN as 0, so FRI-SUN runs backwards; croniter would wrap it around.
        let weekdays = parseError("0 0 * * FRI-SUN")
        #expect(weekdays?.reason == .reversedRange("FRI-SUN"))
        #expect(weekdays?.description.hasSuffix("(Sunday can be written 7)") == true)
    }

    @Test func unknownNameSaysWhichNamesTheFieldTakes() {
        let month = parseError("0 0 1 FOO *")
        #expect(month?.field == .month)
        #expect(
            month?.description.hasSuffix(#"month field "FOO": "FOO" is not a number or a month name (JAN-DEC)"#) == true
        )
        let weekday = parseError("0 0 * * MONDAY")
        #expect(weekday?.description.hasSuffix(#""MONDAY" is not a number or a weekday name (SUN-SAT)"#) == true)
        // Names belong to their own field only; other fields take numbers.
        #expect(
            parseError("0 0 JAN * *")?.description.hasSuffix(#"day-of-month field "JAN": "JAN" is not a number"#)
                == true)
        #expect(parseError("0 0 * * MON-")?.reason == .invalidValue(""))
        #expect(parseError("-5 * * * *")?.reason == .invalidValue(""))
        #expect(
            parseError("/5 * * * *")?.description.hasSuffix(#"a value is missing before or after "-" or "/""#) == true)
        #expect(parseError("+5 * * * *")?.reason == .invalidValue("+5"))
        #expect(parseError("0 0 * * ?")?.reason == .invalidValue("?"))
    }

    @Test func emptyListItemIsRejected() {
        let error = parseError("1,,2 * * * *")
        #expect(
            error == CronError(expression: "1,,2 * * * *", field: .minute, fieldText: "1,,2", reason: .emptyListItem))
        #expect(error?.description.hasSuffix(#"minute field "1,,2": empty list item; remove the extra comma"#) == true)
        #expect(parseError("0 0 * * MON,")?.field == .dayOfWeek)
    }

    // MARK: - Fields: lists, ranges, steps, names, Sunday as 0 or 7

    @Test(arguments: [
        ("*/15 * * * *", CronField.minute, [0, 15, 30, 45]),
        ("1-30/5 * * * *", .minute, [1, 6, 11, 16, 21, 26]),
        ("5/10 * * * *", .minute, [5, 15, 25, 35, 45, 55]),
        ("0,30,59 * * * *", .minute, [0, 30, 59]),
        ("10-12,40,11 * * * *", .minute, [10, 11, 12, 40]),
        ("*/100 * * * *", .minute, [0]),
        ("0 9-17/4 * * *", .hour, [9, 13, 17]),
        ("0 22/1 * * *", .hour, [22, 23]),
        ("0 0 */10 * *", .dayOfMonth, [1, 11, 21, 31]),
        ("0 0 * JAN,jul *", .month, [1, 7]),
        ("0 0 * mar-MAY *", .month, [3, 4, 5]),
        ("0 0 * */3 *", .month, [1, 4, 7, 10]),
        ("0 0 * 1/5 *", .month, [1, 6, 11]),
        ("0 0 * * 7", .dayOfWeek, [0]),
        ("0 0 * * 0,7", .dayOfWeek, [0]),
        ("0 0 * * 5-7", .dayOfWeek, [0, 5, 6]),
        ("0 0 * * 0-7", .dayOfWeek, [0, 1, 2, 3, 4, 5, 6]),
        ("0 0 * * sun", .dayOfWeek, [0]),
        ("0 0 * * Mon-FRI", .dayOfWeek, [1, 2, 3, 4, 5]),
        ("0 0 * * */2", .dayOfWeek, [0, 2, 4, 6]),
        ("0 0 * * 1/2", .dayOfWeek, [1, 3, 5]),
    ])
    func fieldSyntax(expression: String, field: CronField, expected: [Int]) throws {
        #expect(try values(of: field, in: expression) == expected)
    }

    @Test(arguments: [
        ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"), ("@weekly", "0 0 * * 0"),
        ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"), ("@hourly", "0 * * * *"), (" @DAILY\n", "0 0 * * *"),
    ])
    func macroMeansItsExpansion(macro: String, expansion: String) throws {
        for field in CronField.allCases {
            #expect(try values(of: field, in: macro) == values(of: field, in: expansion), "\(field)")
        }
        #expect(
            try fires(macro, after: "2024-02-28T12:34:00Z", in: utc)
                == fires(expansion, after: "2024-02-28T12:34:00Z", in: utc))
    }

    @Test func keepsTheSourceTextAndSplitsOnAnyWhitespace() throws {
        let expression = try CronExpression(parsing: " 0\t2  * * * ")
        #expect(expression.source == " 0\t2  * * * ")
        #expect(try values(of: .hour, in: " 0\t2  * * * ") == [2])
        #expect(try CronExpression(parsing: "0 2 * * *") == CronExpression(parsing: "0 2 * * *"))
        #expect(try CronExpression(parsing: "@daily") != CronExpression(parsing: "0 0 * * *"))
    }

    // MARK: - Day-of-month and day-of-week: Vixie's OR / AND rule

    @Test func bothDayFieldsRestrictedMatchEither() throws {
        // The 1st and 15th, and every Monday (2024-01-01 is a Monday).
        #expect(
            try fires("0 0 1,15 * MON", after: "2023-12-31T00:00:00Z", in: utc, count: 7) == [
                "2024-01-01T00:00:00+00:00", "2024-01-08T00:00:00+00:00", "2024-01-15T00:00:00+00:00",
                "2024-01-22T00:00:00+00:00", "2024-01-29T00:00:00+00:00", "2024-02-01T00:00:00+00:00",
                "2024-02-05T00:00:00+00:00",
            ])
    }

    @Test func dayOfMonthStartingWithStarStepMatchesBoth() throws {
        // `*/2` is days 1, 3, 5 …, but it starts with `*`, so only odd-numbered Mondays run.
        #expect(
            try fires("0 0 */2 * MON", after: "2023-12-31T00:00:00Z", in: utc) == [
                "2024-01-01T00:00:00+00:00", "2024-01-15T00:00:00+00:00", "2024-01-29T00:00:00+00:00",
                "2024-02-05T00:00:00+00:00", "2024-02-19T00:00:00+00:00",
            ])
        // The same days written without a leading `*` are a restriction: any odd day or any Monday.
        #expect(
            try fires("0 0 1-31/2 * MON", after: "2024-01-05T00:00:00Z", in: utc) == [
                "2024-01-07T00:00:00+00:00", "2024-01-08T00:00:00+00:00", "2024-01-09T00:00:00+00:00",
                "2024-01-11T00:00:00+00:00", "2024-01-13T00:00:00+00:00",
            ])
    }

    @Test func dayOfWeekStartingWithStarMatchesBoth() throws {
        // The 1st of the month, only when it is a Sunday, Tuesday, Thursday or Saturday.
        #expect(
            try fires("0 0 1 * */2", after: "2024-01-01T00:00:00Z", in: utc) == [
                "2024-02-01T00:00:00+00:00", "2024-06-01T00:00:00+00:00", "2024-08-01T00:00:00+00:00",
                "2024-09-01T00:00:00+00:00", "2024-10-01T00:00:00+00:00",
            ])
        // A plain `*` day-of-month with a weekday is every such weekday.
        #expect(
            try fires("0 0 * * 7", after: "2024-01-01T00:00:00Z", in: utc, count: 2) == [
                "2024-01-07T00:00:00+00:00", "2024-01-14T00:00:00+00:00",
            ])
    }

    // MARK: - Next fire

    @Test func nextFireIsStrictlyAfterAndOnAWholeMinute() throws {
        let everyMinute = try CronExpression(parsing: "* * * * *")
        let onTheMinute = try #require(ISO8601Offset.parse("2024-01-01T10:00:00Z", defaultZone: utc))
        #expect(everyMinute.nextFire(after: onTheMinute, in: utc) == onTheMinute.addingTimeInterval(60))
        #expect(
            everyMinute.nextFire(after: onTheMinute.addingTimeInterval(59.9), in: utc)
                == onTheMinute.addingTimeInterval(60))
        #expect(everyMinute.nextFires(after: onTheMinute, in: utc, count: 0) == [])
    }

    @Test func halfHourOffsetZoneFiresOnItsWallClock() throws {
        #expect(
            try fires(
                "0 9 * * MON-FRI", after: "2024-01-05T03:29:00Z", in: TimeZone(identifier: "Asia/Kolkata")!,
                count: 2) == ["2024-01-05T09:00:00+05:30", "2024-01-08T09:00:00+05:30"])
    }

    @Test func leapDayIsFoundAcrossTheSkipped2100() throws {
        #expect(
            try fires("0 0 29 2 *", after: "2096-03-01T00:00:00Z", in: utc, count: 1) == ["2104-02-29T00:00:00+00:00"])
        // 29 February on a Sunday (AND, since `*/7` starts with `*`): 40 years apart here.
        #expect(
            try fires("0 0 29 2 */7", after: "2088-03-01T00:00:00Z", in: utc, count: 1) == ["2128-02-29T00:00:00+00:00"]
        )
    }

    @Test(arguments: ["0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 30,31 2 *,MON"])
    func impossibleExpressionReturnsNilQuickly(expression: String) throws {
        let schedule = try CronExpression(parsing: expression)
        let start = Date(timeIntervalSince1970: 1_704_067_200)
        let elapsed = ContinuousClock().measure {
            #expect(schedule.nextFire(after: start, in: newYork) == nil)
            #expect(schedule.nextFires(after: start, in: newYork, count: 5) == [])
        }
        #expect(elapsed < .milliseconds(500))
    }

    // MARK: - Daylight saving (hand-checked: SPEC §4 rules, not croniter's)
    //
    // A wall time skipped by a spring-forward gap runs once, at the first minute after the gap; croniter agrees.
    // A wall time that occurs twice in a fall-back overlap runs once, at its first occurrence; croniter runs it
    // at both occurrences (it would add 2024-11-03T01:30:00-05:00 below), so these expectations are worked out
    // by hand from the rule rather than recorded.

    @Test func skippedWallTimeRunsAtTheEndOfTheGap() throws {
        #expect(
            try fires("30 2 * * *", after: "2024-03-09T12:00:00-05:00", in: newYork, count: 2) == [
                "2024-03-10T03:00:00-04:00", "2024-03-11T02:30:00-04:00",
            ])
        #expect(
            try fires("30 1 * * *", after: "2025-03-29T12:00:00Z", in: london, count: 2) == [
                "2025-03-30T02:00:00+01:00", "2025-03-31T01:30:00+01:00",
            ])
    }

    @Test func severalSkippedWallTimesRunOnceBetweenThem() throws {
        // 02:00, 02:15, 02:30 and 02:45 do not exist on 2024-03-10: one run at 03:00, not four.
        #expect(
            try fires("*/15 2 * * *", after: "2024-03-09T12:00:00-05:00", in: newYork, count: 2) == [
                "2024-03-10T03:00:00-04:00", "2024-03-11T02:00:00-04:00",
            ])
        // 03:00 itself also matches here; it is the same instant and still runs once.
        #expect(
            try fires("0,30 2-3 * * *", after: "2024-03-10T01:00:00-05:00", in: newYork, count: 3) == [
                "2024-03-10T03:00:00-04:00", "2024-03-10T03:30:00-04:00", "2024-03-11T02:00:00-04:00",
            ])
        // Asked again from the run at 03:00, the skipped times are not run a second time.
        #expect(
            try fires("*/15 2 * * *", after: "2024-03-10T03:00:00-04:00", in: newYork, count: 1) == [
                "2024-03-11T02:00:00-04:00"
            ])
    }

    @Test func repeatedWallTimeRunsAtItsFirstOccurrenceOnly() throws {
        #expect(
            try fires("30 1 * * *", after: "2024-11-02T12:00:00-04:00", in: newYork, count: 2) == [
                "2024-11-03T01:30:00-04:00", "2024-11-04T01:30:00-05:00",
            ])
        #expect(
            try fires("30 1 * * *", after: "2025-11-01T12:00:00-04:00", in: newYork, count: 2) == [
                "2025-11-02T01:30:00-04:00", "2025-11-03T01:30:00-05:00",
            ])
        #expect(
            try fires("30 1 * * *", after: "2024-10-26T12:00:00+01:00", in: london, count: 2) == [
                "2024-10-27T01:30:00+01:00", "2024-10-28T01:30:00+00:00",
            ])
        #expect(
            try fires("*/30 1 * * *", after: "2025-10-25T12:00:00+01:00", in: london, count: 3) == [
                "2025-10-26T01:00:00+01:00", "2025-10-26T01:30:00+01:00", "2025-10-27T01:00:00+00:00",
            ])
    }

    @Test func everyMinuteOfTheRepeatedHourRunsOnce() throws {
        #expect(
            try fires("*/20 1 * * *", after: "2024-11-03T00:00:00-04:00", in: newYork) == [
                "2024-11-03T01:00:00-04:00", "2024-11-03T01:20:00-04:00", "2024-11-03T01:40:00-04:00",
                "2024-11-04T01:00:00-05:00", "2024-11-04T01:20:00-05:00",
            ])
        // Hourly: 01:00 EDT, then an hour and more later 02:00 EST; 01:00 EST is the same wall time again.
        #expect(
            try fires("@hourly", after: "2024-11-03T00:30:00-04:00", in: newYork, count: 3) == [
                "2024-11-03T01:00:00-04:00", "2024-11-03T02:00:00-05:00", "2024-11-03T03:00:00-05:00",
            ])
    }

    @Test func askingDuringTheSecondOccurrenceSkipsWhatAlreadyRan() throws {
        #expect(
            try fires("*/20 1 * * *", after: "2024-11-03T01:10:00-05:00", in: newYork, count: 1) == [
                "2024-11-04T01:00:00-05:00"
            ])
        #expect(
            try fires("@hourly", after: "2024-11-03T01:10:00-05:00", in: newYork, count: 1) == [
                "2024-11-03T02:00:00-05:00"
            ])
        #expect(
            try fires("@hourly", after: "2024-11-03T01:59:00-04:00", in: newYork, count: 1) == [
                "2024-11-03T02:00:00-05:00"
            ])
    }
}
