import Testing

@testable import CredSyncCore

/// The byte-level fast paths for ASCII text against the Unicode paths they shortcut: the same answer for every ASCII
/// character in every position that matters.
@Suite struct ASCIIFastPathTests {
    /// Every ASCII character, alone and placed at the start, inside and at the end of plausible values.
    private static func variants(of template: String) -> [String] {
        var texts: [String] = []
        for byte in UInt8(0)..<0x80 {
            let character = String(decoding: [byte], as: UTF8.self)
            texts.append(character)
            texts.append(character + template)
            texts.append(template + character)
            texts.append(character + template + character)
            let middle = template.index(template.startIndex, offsetBy: template.count / 2)
            texts.append(String(template[..<middle]) + character + String(template[middle...]))
        }
        return texts + ["", " ", "\r\n", " \r\n\t", "\r\n" + template + "\r\n"]
    }

    private static let emails = ["Asha.Rao+x@Example.CO.in", "a@b.c", "@x.y", "a@", "a@b", "a@.b", "a@b.", "a@@b.c"]
    private static let phones = ["+91 98765-43210", "(0)98765 43210", "0044 20 7946 0958", "919876543210", "123"]

    @Test func trimmingMatchesCharacterTrimming() {
        for text in Self.variants(of: " Asha Rao\t") + Self.variants(of: "2024-03-01") {
            #expect(ItemText.trimmed(text) == ItemText.trimmedUnicode(text), "\(text.debugDescription)")
        }
    }

    @Test func emailNormalisationMatchesTheUnicodePath() {
        for text in Self.emails.flatMap(Self.variants(of:)) {
            #expect(EmailNormalizer.normalize(text) == EmailNormalizer.normalizeUnicode(text), "\(text.debugDescription)")
        }
    }

    @Test func phoneNormalisationMatchesTheUnicodePath() {
        for normalizer in [PhoneNormalizer(defaultCountryCode: "91"), PhoneNormalizer(defaultCountryCode: "44")] {
            for text in Self.phones.flatMap(Self.variants(of:)) {
                #expect(normalizer.normalize(text) == normalizer.normalizeUnicode(text), "\(text.debugDescription)")
            }
        }
    }

    @Test func nonASCIITextTakesTheUnicodePath() {
        #expect(ItemText.trimmed("\u{00A0}Asha\u{2003}") == "Asha")
        #expect(EmailNormalizer.normalize("\u{00A0}ÄSHA@Example.com") == "äsha@example.com")
        #expect(EmailNormalizer.normalize("asha\u{2003}@example.com") == nil)
        #expect(PhoneNormalizer().normalize("98765\u{00A0}43210") == "+919876543210")
        #expect(PhoneNormalizer().normalize("98765\u{0669}43210") == nil)
    }

    @Test func dotPathsSplitOnlyAtDots() throws {
        let json = try JSONParser.parse(#"{"a":{"b.c":1,"b":[{"c":2}]},"":{"":3},"é":{"x":4}}"#)
        #expect(json.value(at: "a.b.0.c") == .number(2))
        #expect(json.value(at: "a.b.c") == nil)
        #expect(json.value(at: ".") == .number(3))
        #expect(json.value(at: "é.x") == .number(4))
        #expect(json.value(at: "a.b.1.c") == nil)
    }

    @Test func integersAreReadFromTheirDigits() throws {
        #expect(try JSONParser.parse("-0") == .number(0))
        #expect(try JSONParser.parse("9007199254740991") == .number(9_007_199_254_740_991))
        #expect(try JSONParser.parse("9007199254740993") == .integer(9_007_199_254_740_993))
        #expect(try JSONParser.parse("-9223372036854775808") == .integer(Int64.min))
        #expect(try JSONParser.parse("9223372036854775808") == .number(9_223_372_036_854_775_808))
        #expect(try JSONParser.parse("123456789012345678901234567890") == .number(1.2345678901234568e29))
    }
}
