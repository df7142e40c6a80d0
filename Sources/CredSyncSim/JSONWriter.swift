/// Writes JSON text straight into bytes, for the simulator's pages: a million credentials must render faster than
/// credsync can ingest them, so there is no intermediate `JSONValue`. The caller writes the structure; `comma`
/// bookkeeping is the caller's too, via `separator()`.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 4_096) {
        bytes.reserveCapacity(capacity)
    }

    /// Literal JSON punctuation or text known to need no escaping.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func byte(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// `"key":`.
    mutating func key(_ key: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(key)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A string value, escaped.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            guard utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                case 0..<0x20:
                    raw("\\u00")
                    bytes.append(Self.hex[Int(byte >> 4)])
                    bytes.append(Self.hex[Int(byte & 0x0F)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A string value, or `null`.
    mutating func string(_ text: String?) {
        if let text { string(text) } else { raw("null") }
    }

    mutating func int<Integer: BinaryInteger>(_ value: Integer) {
        guard value >= 0, let number = Int(exactly: value) else { return raw(String(value)) }
        var divisor = 1
        while divisor <= number / 10 { divisor *= 10 }
        var rest = number
        while divisor > 0 {
            bytes.append(UInt8(48 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// `"<base><path><id>"` for the URLs items carry, without building the string first. The parts are the
    /// simulator's own ASCII (URLs and generated ids) and need no escaping.
    mutating func url(_ base: String, _ path: StaticString, _ id: String) {
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: base.utf8)
        raw(path)
        bytes.append(contentsOf: id.utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func bool(_ value: Bool) {
        raw(value ? "true" : "false")
    }

    private static let hex = Array("0123456789abcdef".utf8)
}

// MARK: - Dates, written digit by digit

extension JSONWriter {
    /// `"2024-03-01T10:00:00Z"` (UTC, whole seconds).
    mutating func dateTime(_ ms: Int64) {
        let seconds = Int(ms / 1_000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        bytes.append(UInt8(ascii: "\""))
        writeDate(days)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3_600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2)
        raw("Z\"")
    }

    /// `"2024-03-01"`.
    mutating func date(_ ms: Int64) {
        bytes.append(UInt8(ascii: "\""))
        writeDate(Int(ms / 86_400_000))
        bytes.append(UInt8(ascii: "\""))
    }

    /// `YYYY-MM-DD` of a day count from 1970-01-01 (Howard Hinnant's `civil_from_days`), unquoted.
    mutating func writeDate(_ days: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        digits(yearOfEra + era * 400 + (month <= 2 ? 1 : 0), 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
    }

    private mutating func digits(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(48 + rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
