/// Normal form of a phone number for matching: E.164 (`+` and 8–15 digits, the first not 0), or nil.
///
/// Spaces (any whitespace), dashes, dots and parentheses are ignored; a `+` may only come before the first digit;
/// only ASCII digits count. The shapes accepted:
/// - `+` and a valid E.164 number, kept as is (no check of the country's numbering plan);
/// - `00` (the international prefix) and a valid E.164 number, read as `+…`;
/// - a national number, which gets `+` and the default country code:
///   - for 91 (India, SPEC §5): 10 digits starting 6–9, alone, after one trunk `0`, or after `91`;
///   - for any other code, where credsync knows no numbering plan: 6–14 digits not starting with 0, alone or after
///     one trunk `0`, and at most 15 digits with the country code. The code-prefixed form without `+` or `00` is not
///     recognised there (without a numbering plan `44 20…` cannot be told from a national number), so such input is
///     read as a national number.
public struct PhoneNormalizer: Sendable, Hashable {
    /// The country calling code for national numbers, digits only, e.g. "91".
    public let defaultCountryCode: String

    /// A normaliser that reads national numbers as numbers of `defaultCountryCode`.
    ///
    /// The code must pass `isValidCountryCode`; validate configuration with it first, an invalid code here traps.
    public init(defaultCountryCode: String = "91") {
        precondition(
            PhoneNormalizer.isValidCountryCode(defaultCountryCode),
            "invalid default country code \"\(defaultCountryCode)\": expected 1-3 digits, the first not 0")
        self.defaultCountryCode = defaultCountryCode
    }

    /// Whether `code` is a country calling code in form: 1–3 ASCII digits, the first not 0 (e.g. "1", "44", "91").
    public static func isValidCountryCode(_ code: String) -> Bool {
        let digits = Array(code.utf8)
        return (1...3).contains(digits.count) && digits.allSatisfy(isDigit) && digits[0] != zero
    }

    /// The number in E.164 form, or nil when `raw` is not a phone number in one of the accepted shapes.
    public func normalize(_ raw: String) -> String? {
        let fast = raw.utf8.withContiguousStorageIfAvailable { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { digits in
                normalizeASCII(bytes, digits: digits)
            }
        }
        if case .decided(let result) = fast { return result }
        return normalizeUnicode(raw)
    }

    /// What the byte-level reading found.
    private enum ASCIIOutcome {
        case decided(String?)
        /// A non-ASCII character: the Unicode path decides.
        case needsUnicode
    }

    /// `normalize` on the UTF-8 bytes, collecting digits into `digits` (at least as long as `bytes`).
    private func normalizeASCII(_ bytes: UnsafeBufferPointer<UInt8>, digits: UnsafeMutableBufferPointer<UInt8>)
        -> ASCIIOutcome
    {
        var count = 0
        var international = false
        for byte in bytes {
            switch byte {
            case zero...UInt8(ascii: "9"):
                digits[count] = byte
                count += 1
            case UInt8(ascii: "+"):
                guard !international, count == 0 else { return .decided(nil) }
                international = true
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"):
                continue
            case 0x80...:
                return .needsUnicode
            default:
                guard ASCIIText.isWhitespace(byte) else { return .decided(nil) }
            }
        }
        return .decided(normalized(UnsafeBufferPointer(rebasing: digits[..<count]), international: international))
    }

    /// `normalize` by Unicode scalar, for text that is not all ASCII.
    func normalizeUnicode(_ raw: String) -> String? {
        var digits: [UInt8] = []
        var international = false
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "0"..."9":
                digits.append(UInt8(scalar.value))
            case "+":
                guard !international, digits.isEmpty else { return nil }
                international = true
            case "-", ".", "(", ")":
                continue
            default:
                guard scalar.properties.isWhitespace else { return nil }
            }
        }
        return digits.withUnsafeBufferPointer { normalized($0, international: international) }
    }

    /// The E.164 form of the ASCII `digits` read from a number, `international` when they followed a `+`.
    private func normalized(_ digits: UnsafeBufferPointer<UInt8>, international: Bool) -> String? {
        if international { return Self.e164(digits[...]) }
        if digits.count >= 2 && digits[0] == zero && digits[1] == zero { return Self.e164(digits.dropFirst(2)) }
        return national(digits[...])
    }

    // MARK: - Shapes

    private typealias Digits = Slice<UnsafeBufferPointer<UInt8>>

    /// `+` and `digits` when they form a valid E.164 number.
    private static func e164(_ digits: Digits) -> String? {
        guard (8...15).contains(digits.count), digits.first != zero else { return nil }
        return "+" + String(decoding: digits, as: UTF8.self)
    }

    private func national(_ digits: Digits) -> String? {
        let number: Digits
        if defaultCountryCode == "91" {
            number =
                digits.count == 12 && digits.first == UInt8(ascii: "9") && digits.dropFirst().first == UInt8(ascii: "1")
                ? digits.dropFirst(2) : withoutTrunkZero(digits)
            guard number.count == 10, let first = number.first, (six...nine).contains(first) else { return nil }
        } else {
            number = withoutTrunkZero(digits)
            guard (6...14).contains(number.count), number.first != zero,
                defaultCountryCode.utf8.count + number.count <= 15
            else {
                return nil
            }
        }
        return "+" + defaultCountryCode + String(decoding: number, as: UTF8.self)
    }

    /// `digits` without one leading trunk `0`.
    private func withoutTrunkZero(_ digits: Digits) -> Digits {
        digits.first == zero ? digits.dropFirst() : digits
    }
}

// MARK: - ASCII digits

private let zero = UInt8(ascii: "0")
private let six = UInt8(ascii: "6")
private let nine = UInt8(ascii: "9")

private func isDigit(_ byte: UInt8) -> Bool {
    (zero...UInt8(ascii: "9")).contains(byte)
}
