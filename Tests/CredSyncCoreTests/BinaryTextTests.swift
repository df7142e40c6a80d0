import Testing

@testable import CredSyncCore

/// `BinaryText` keys compare as SQLite's BINARY collation does: byte for byte, short strings (stored inline) and long
/// ones alike.
@Suite struct BinaryTextTests {
    private let short = "SWAYAM-0001"
    private let long = String(repeating: "credential-", count: 8) + "0001"

    @Test func equalBytesAreOneKey() {
        #expect(BinaryText(short) == BinaryText("SWAYAM-" + "0001"))
        #expect(BinaryText(long) == BinaryText(String(repeating: "credential-", count: 8) + "0001"))
        #expect(BinaryText("") == BinaryText(String()))
    }

    @Test func anyByteOrLengthApartMakesTwoKeys() {
        #expect(BinaryText(short) != BinaryText("SWAYAM-0002"))
        #expect(BinaryText(long) != BinaryText(String(repeating: "credential-", count: 8) + "0002"))
        #expect(BinaryText(short) != BinaryText(short + " "))
        #expect(BinaryText(long) != BinaryText(String(long.dropLast())))
        #expect(BinaryText("") != BinaryText("a"))
    }

    /// `String` holds these two equal; SQLite's unique key and `=` hold them apart, and so must the writer's maps.
    @Test func canonicallyEquivalentTextStaysTwoKeys() {
        let precomposed = "caf\u{E9}"
        let decomposed = "cafe\u{0301}"
        #expect(precomposed == decomposed)
        #expect(BinaryText(precomposed) != BinaryText(decomposed))
        var keys: [BinaryText: Int] = [:]
        keys[BinaryText(precomposed)] = 1
        keys[BinaryText(decomposed)] = 2
        #expect(keys.count == 2)
        #expect(keys[BinaryText("caf\u{E9}")] == 1)
    }
}
