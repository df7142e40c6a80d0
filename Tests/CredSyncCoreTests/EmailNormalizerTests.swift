import Testing

@testable import CredSyncCore

@Suite struct EmailNormalizerTests {
    @Test(arguments: [
        ("asha@example.com", "asha@example.com"),
        ("Asha.Rao@Example.COM", "asha.rao@example.com"),
        ("  asha@example.com  ", "asha@example.com"),
        ("\tasha@example.com\n", "asha@example.com"),
        ("\r\n ASHA@EXAMPLE.COM \t", "asha@example.com"),
        ("\u{00A0}asha@example.com\u{00A0}", "asha@example.com"),
        // Dots and plus tags are different mailboxes at many providers: kept as they are.
        ("first.last+tag@gmail.com", "first.last+tag@gmail.com"),
        ("F.L+Tag@Sub.Example.co.in", "f.l+tag@sub.example.co.in"),
        ("a@b.in", "a@b.in"),
    ])
    func normalizes(raw: String, expected: String) {
        #expect(EmailNormalizer.normalize(raw) == expected)
    }

    @Test(arguments: [
        "",
        "   \t\n",
        "asha",
        "asha.example.com",
        "asha@",
        "@example.com",
        "asha@example",
        "asha@@example.com",
        "a@b@example.com",
        "asha @example.com",
        "asha@exa mple.com",
        "asha\t@example.com",
        "asha@example.com\nx",
        "asha\u{0}@example.com",
        "asha@.example.com",
        "asha@example.com.",
        "asha@example..com",
    ])
    func rejectsImplausibleAddresses(raw: String) {
        #expect(EmailNormalizer.normalize(raw) == nil)
    }
}
