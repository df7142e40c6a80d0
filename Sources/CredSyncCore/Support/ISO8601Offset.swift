import Foundation

/// ISO 8601 timestamps with a numeric UTC offset, `2024-03-10T03:00:00-04:00`, as the CLI shows and reads them.
public enum ISO8601Offset {
    /// `date` as `zone`'s wall-clock time with its offset, to the second (fractions dropped);
    /// UTC is written `+00:00`, not `Z`.
    public static func format(_ date: Date, in zone: TimeZone) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let offsetSeconds = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        let (days, secondOfDay) = (seconds + offsetSeconds).floorDividedBy(86_400)
        let (year, month, day) = WallTime.civilDate(daysSinceEpoch: days)
        let offsetMinutes = abs(offsetSeconds) / 60
        return "\(pad(year, 4))-\(pad(month))-\(pad(day))T"
            + "\(pad(secondOfDay / 3600)):\(pad(secondOfDay / 60 % 60)):\(pad(secondOfDay % 60))"
            + "\(offsetSeconds < 0 ? "-" : "+")\(pad(offsetMinutes / 60)):\(pad(offsetMinutes % 60))"
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS` with an optional fraction of a second and an optional `Z` or `±HH:MM`.
    /// Without an offset the time is `defaultZone`'s wall-clock time, resolved as the scheduler resolves
    /// wall times: a time shown twice means its first occurrence, a time skipped by a spring-forward gap
    /// means the end of the gap. Returns nil for anything else, including impossible dates.
    public static func parse(_ text: String, defaultZone: TimeZone) -> Date? {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(digits: 4), scanner.skip("-"),
            let month = scanner.number(digits: 2), scanner.skip("-"),
            let day = scanner.number(digits: 2), scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
            let hour = scanner.number(digits: 2), scanner.skip(":"),
            let minute = scanner.number(digits: 2), scanner.skip(":"),
            let second = scanner.number(digits: 2),
            (1...12).contains(month), (1...WallTime.daysInMonth(month, year: year)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        var fraction = 0.0
        if scanner.skip(".") {
            guard let digits = scanner.digitRun(), digits.count <= 9 else { return nil }
            fraction = Double(Int(digits)!) / pow(10, Double(digits.count))
        }
        let wall = WallTime(year: year, month: month, day: day, hour: hour, minute: minute)
        let wallSeconds = wall.minutesSinceEpoch * 60 + second
        let instantSeconds: Int
        if scanner.isAtEnd {
            instantSeconds = defaultZone.firstInstant(ofWallSeconds: wall.minutesSinceEpoch * 60) + second
        } else if scanner.skip("Z") || scanner.skip("z") {
            instantSeconds = wallSeconds
        } else {
            let sign: Int
            if scanner.skip("+") { sign = 1 } else if scanner.skip("-") { sign = -1 } else { return nil }
            guard let offsetHours = scanner.number(digits: 2), scanner.skip(":"),
                let offsetMinutes = scanner.number(digits: 2), offsetHours <= 23, offsetMinutes <= 59
            else { return nil }
            instantSeconds = wallSeconds - sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard scanner.isAtEnd else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(instantSeconds) + fraction)
    }

    /// Unix milliseconds of an ISO-8601 instant; a time without an offset is read as UTC.
    public static func parseUTC(_ text: String) -> Int64? {
        parse(text, defaultZone: TimeZone(secondsFromGMT: 0)!).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// Reads ASCII digits and punctuation from the front of a byte string.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    /// Exactly `digits` digits as a number.
    mutating func number(digits: Int) -> Int? {
        guard position + digits <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[position..<position + digits] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        position += digits
        return value
    }

    /// One or more digits, as text.
    mutating func digitRun() -> String? {
        let start = position
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            position += 1
        }
        return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
    }
}
