/// The one place adapters read and write dates (SPEC §11): ISO-8601 text with or without an offset, a date alone
/// meaning midnight UTC, and epoch numbers where a platform's config says so. Pure and allocation-free on the
/// hot path: a page of thousands of items parses two or three dates each.
public enum ItemDate {
    /// How a platform writes its dates (generic_rest's `dateFormat` and `sinceFormat`).
    public enum Format: String, Sendable, CaseIterable {
        /// `2024-03-01`, `2024-03-01T10:00:00Z`, `2024-03-01T15:30:00+05:30`, `2024-03-01 10:00:00.250`.
        case iso8601
        /// Seconds since 1970 as a number or digits, fractions allowed.
        case epochSeconds = "epoch_seconds"
        /// Milliseconds since 1970 as a number or digits.
        case epochMs = "epoch_ms"
    }

    /// A date field that is present but cannot be read; the item becomes `.invalid` with this as its reason.
    public struct Unparseable: Error, CustomStringConvertible, Equatable, Sendable {
        public let field: String
        public let text: String

        public init(field: String, text: String) {
            self.field = field
            self.text = text
        }

        public var description: String { "unparseable \(field) \"\(text.prefix(60))\"" }
    }

    /// Reads a date field: nil when it is absent, null or blank; throws `Unparseable` naming `field` otherwise.
    public static func read(
        _ value: JSONValue?, field: String, format: Format = .iso8601
    ) throws(Unparseable) -> Int64? {
        guard let value, !value.isNull else { return nil }
        switch format {
        case .iso8601:
            guard case .string(let text) = value else { throw Unparseable(field: field, text: value.serialized) }
            let trimmed = ItemText.trimmed(text)
            if trimmed.isEmpty { return nil }
            guard let ms = parseISO8601(trimmed) else { throw Unparseable(field: field, text: text) }
            return ms
        case .epochSeconds, .epochMs:
            if case .string(let text) = value, ItemText.trimmed(text).isEmpty { return nil }
            let number: Double? =
                switch value {
                case .string(let text): Double(ItemText.trimmed(text))
                default: value.doubleValue
                }
            let scale = format == .epochSeconds ? 1_000.0 : 1.0
            guard let number, number.isFinite, abs(number * scale) < 1e17 else {
                throw Unparseable(field: field, text: value.textValue ?? value.serialized)
            }
            return Int64((number * scale).rounded(.down))
        }
    }

    // MARK: - ISO-8601

    /// Unix milliseconds of an ISO-8601 date or date-time; nil for anything else, impossible dates included.
    ///
    /// Accepted: `YYYY-MM-DD` (midnight UTC); `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `T`, `t` or a space, then
    /// `Z`, `±HH:MM`, `±HHMM`, `±HH` or nothing (nothing means UTC: platforms that omit the offset almost always
    /// mean it).
    public static func parseISO8601(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parseISO8601(bytes: $0) }
    }

    static func parseISO8601(bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var scanner = Scanner(bytes: bytes)
        guard let year = scanner.digits(4), scanner.skip("-"), let month = scanner.digits(2), scanner.skip("-"),
            let day = scanner.digits(2), (1...12).contains(month),
            (1...WallTime.daysInMonth(month, year: year)).contains(day)
        else { return nil }
        let days = WallTime.daysSinceEpoch(year: year, month: month, day: day)
        if scanner.isAtEnd { return Int64(days) * 86_400_000 }
        guard scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
            let hour = scanner.digits(2), scanner.skip(":"), let minute = scanner.digits(2), hour <= 23, minute <= 59
        else { return nil }
        var second = 0
        var milliseconds = 0
        if scanner.skip(":") {
            guard let value = scanner.digits(2), value <= 60 else { return nil }
            second = min(value, 59)  // a leap second reads as :59
            if scanner.skip(".") || scanner.skip(",") {
                var digitCount = 0
                while let digit = scanner.digit() {
                    if digitCount < 3 { milliseconds = milliseconds * 10 + digit }
                    digitCount += 1
                }
                guard digitCount > 0 else { return nil }
                for _ in min(digitCount, 3)..<3 { milliseconds *= 10 }
            }
        }
        var offsetSeconds = 0
        if scanner.skip("Z") || scanner.skip("z") {
        } else if let sign = scanner.sign() {
            guard let offsetHours = scanner.digits(2), offsetHours <= 23 else { return nil }
            var offsetMinutes = 0
            if scanner.skip(":") {
                guard let value = scanner.digits(2) else { return nil }
                offsetMinutes = value
            } else if let value = scanner.digits(2) {
                offsetMinutes = value
            }
            guard offsetMinutes <= 59 else { return nil }
            offsetSeconds = sign * (offsetHours * 3_600 + offsetMinutes * 60)
        }
        guard scanner.isAtEnd else { return nil }
        let seconds = Int64(days) * 86_400 + Int64(hour * 3_600 + minute * 60 + second) - Int64(offsetSeconds)
        return seconds * 1_000 + Int64(milliseconds)
    }

    /// `2024-03-01T10:00:00Z`: UTC to the second, rounded down, as adapters send `since` parameters (rounding down
    /// asks for a little more, never less).
    public static func iso8601(_ ms: Int64) -> String {
        let (days, secondOfDay) = Int(ms.floorDividedBy1000()).floorDividedBy(86_400)
        let (year, month, day) = WallTime.civilDate(daysSinceEpoch: days)
        return "\(pad(year, 4))-\(pad(month))-\(pad(day))T"
            + "\(pad(secondOfDay / 3_600)):\(pad(secondOfDay / 60 % 60)):\(pad(secondOfDay % 60))Z"
    }

    /// `2024-03-01`: the UTC date of `ms`.
    public static func isoDate(_ ms: Int64) -> String {
        let days = Int(ms.floorDividedBy1000()).floorDividedBy(86_400).quotient
        let (year, month, day) = WallTime.civilDate(daysSinceEpoch: days)
        return "\(pad(year, 4))-\(pad(month))-\(pad(day))"
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Reads digits and punctuation from the front of a byte string.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var isAtEnd: Bool { position == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }

        mutating func digit() -> Int? {
            guard position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 else { return nil }
            position += 1
            return Int(bytes[position - 1] - 48)
        }

        mutating func digits(_ count: Int) -> Int? {
            let start = position
            var value = 0
            for _ in 0..<count {
                guard let digit = digit() else {
                    position = start
                    return nil
                }
                value = value * 10 + digit
            }
            return value
        }

        mutating func sign() -> Int? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }
}

extension Int64 {
    /// Whole seconds of a millisecond count, rounded toward negative infinity.
    fileprivate func floorDividedBy1000() -> Int64 {
        self >= 0 ? self / 1_000 : -((-self + 999) / 1_000)
    }
}
