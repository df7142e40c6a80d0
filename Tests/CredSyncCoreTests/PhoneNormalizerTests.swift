import Testing

@testable import CredSyncCore

private let india = PhoneNormalizer(defaultCountryCode: "91")

@Suite struct PhoneNormalizerTests {
    // MARK: - India (the default)

    @Test(arguments: [
        "9876543210",
        "98765 43210",
        "98765-43210",
        "98765.43210",
        "(98765) 43210",
        " 98765 43210\n",
        "+919876543210",
        "+91 98765-43210",
        "+91 (98765) 43210",
        "(+91) 98765 43210",
        "09876543210",
        "0 98765 43210",
        "919876543210",
        "91 98765 43210",
        "0091 98765 43210",
        "00919876543210",
    ])
    func readsEveryIndianShape(raw: String) {
        #expect(india.normalize(raw) == "+919876543210")
    }

    @Test(arguments: [
        ("6123456789", "+916123456789"),
        ("7000000000", "+917000000000"),
        ("8 00 00 00 000", "+918000000000"),
        // The `+` and `00` international forms are kept without checking the country's numbering plan.
        ("+44 20 7946 0958", "+442079460958"),
        ("0044 20 7946 0958", "+442079460958"),
        ("+1 (415) 555-0132", "+14155550132"),
        ("0091 58765 43210", "+915876543210"),
        ("+12345678", "+12345678"),
        ("+123456789012345", "+123456789012345"),
    ])
    func normalizes(raw: String, expected: String) {
        #expect(india.normalize(raw) == expected)
    }

    @Test(arguments: [
        "",
        "   ",
        "12345",
        "5876543210",  // a national number must start 6-9
        "05876543210",
        "915876543210",
        "0987654321",  // trunk 0 and only 9 digits
        "98765432101",  // 11 digits, no trunk 0
        "919876543",
        "+0123456789",
        "+1234567",  // E.164 needs at least 8 digits here
        "+1234567890123456",  // and at most 15
        "000123456789",
        "0091",
        "+",
        "++919876543210",
        "98765+43210",
        "+91 98765 4321O",  // a letter O, not a zero
        "98765abcde",
        "phone: 9876543210",
        "98765/43210",
        "\u{0669}\u{0668}\u{0667}\u{0666}\u{0665}\u{0664}\u{0663}\u{0662}\u{0661}\u{0660}",  // Arabic-Indic digits
    ])
    func rejectsAnythingElse(raw: String) {
        #expect(india.normalize(raw) == nil)
    }

    // MARK: - Other default country codes

    @Test(arguments: [
        ("020 7946 0958", "+442079460958"),
        ("20 7946 0958", "+442079460958"),
        ("123456", "+44123456"),
        ("1234567890123", "+441234567890123"),
        ("+91 98765 43210", "+919876543210"),
        ("0091 98765 43210", "+919876543210"),
    ])
    func otherCodesPrefixNationalNumbersOfSixToFourteenDigits(raw: String, expected: String) {
        #expect(PhoneNormalizer(defaultCountryCode: "44").normalize(raw) == expected)
    }

    @Test(arguments: ["12345", "012345", "12345678901234", "00 0123456789"])
    func otherCodesRejectShortLongAndDoubleZeroNumbers(raw: String) {
        #expect(PhoneNormalizer(defaultCountryCode: "44").normalize(raw) == nil)
    }

    @Test func aNationalNumberMayNotMakeTheWholeNumberLongerThanFifteenDigits() {
        let uzbekistan = PhoneNormalizer(defaultCountryCode: "998")
        #expect(uzbekistan.normalize("901234567") == "+998901234567")
        #expect(uzbekistan.normalize("123456789012") == "+998123456789012")
        #expect(uzbekistan.normalize("1234567890123") == nil)
    }

    @Test func theIndianNationalRuleAppliesOnlyToCountryCode91() {
        let northAmerica = PhoneNormalizer(defaultCountryCode: "1")
        #expect(northAmerica.normalize("(415) 555-0132") == "+14155550132")
        #expect(northAmerica.normalize("5876543210") == "+15876543210")
        #expect(india.normalize("(415) 555-0132") == nil)
    }

    @Test(arguments: [
        ("91", true), ("1", true), ("998", true),
        ("", false), ("0", false), ("091", false), ("1234", false), ("+91", false), ("9a", false),
    ])
    func validatesCountryCodes(code: String, valid: Bool) {
        #expect(PhoneNormalizer.isValidCountryCode(code) == valid)
    }

    @Test func theDefaultCountryCodeIs91() {
        #expect(PhoneNormalizer().defaultCountryCode == "91")
    }
}
