import CredSyncCore
import Testing

@Suite struct ItemDateTests {
    @Test(
        arguments: [
            ("2024-03-01", 1_709_251_200_000),
            ("2024-03-01T10:00:00Z", 1_709_287_200_000),
            ("2024-03-01T10:00:00", 1_709_287_200_000),
            ("2024-03-01 10:00:00", 1_709_287_200_000),
            ("2024-03-01T15:30:00+05:30", 1_709_287_200_000),
            ("2024-03-01T15:30:00+0530", 1_709_287_200_000),
            ("2024-03-01T05:00:00-05", 1_709_287_200_000),
            ("2024-03-01T10:00:00.250Z", 1_709_287_200_250),
            ("2024-03-01T10:00:00.1234567Z", 1_709_287_200_123),
            ("2024-03-01T10:00Z", 1_709_287_200_000),
            ("2024-02-29", 1_709_164_800_000),
            ("1969-12-31T23:59:59Z", -1_000),
        ] as [(String, Int64)])
    func readsISO8601(text: String, ms: Int64) {
        #expect(ItemDate.parseISO8601(text) == ms)
    }

    @Test(arguments: [
        "2023-02-29", "2024-13-01", "2024-02-30", "2024-03-01T24:00:00Z", "2024-03-01T10:00:00+25:00", "01/03/2024",
        "2024-3-1", "2024-03-01T10", "2024-03-01T10:00:00.Z", "2024-03-01Tx", "yesterday", "",
    ])
    func refusesWhatIsNotADate(text: String) {
        #expect(ItemDate.parseISO8601(text) == nil)
    }

    @Test func readsFieldsAsAbsentOrUnparseable() throws {
        #expect(try ItemDate.read(nil, field: "issued") == nil)
        #expect(try ItemDate.read(.null, field: "issued") == nil)
        #expect(try ItemDate.read(.string("  "), field: "issued") == nil)
        #expect(try ItemDate.read(.string(" 2024-03-01 "), field: "issued") == 1_709_251_200_000)
        #expect(throws: ItemDate.Unparseable(field: "issuedAt", text: "2024-02-30")) {
            try ItemDate.read(.string("2024-02-30"), field: "issuedAt")
        }
        let error = #expect(throws: ItemDate.Unparseable.self) { try ItemDate.read(.number(5), field: "issuedAt") }
        #expect(error?.description == "unparseable issuedAt \"5\"")
    }

    @Test func readsEpochNumbersWhenTheFormatSaysSo() throws {
        #expect(try ItemDate.read(.number(1_709_287_200), field: "t", format: .epochSeconds) == 1_709_287_200_000)
        #expect(try ItemDate.read(.string("1709287200.5"), field: "t", format: .epochSeconds) == 1_709_287_200_500)
        #expect(try ItemDate.read(.number(1_709_287_200_250), field: "t", format: .epochMs) == 1_709_287_200_250)
        #expect(throws: ItemDate.Unparseable.self) {
            try ItemDate.read(.string("2024-03-01"), field: "t", format: .epochMs)
        }
    }

    @Test func formatsUTCToTheSecondRoundingDown() {
        #expect(ItemDate.iso8601(1_709_287_200_999) == "2024-03-01T10:00:00Z")
        #expect(ItemDate.iso8601(-1) == "1969-12-31T23:59:59Z")
        #expect(ItemDate.isoDate(1_709_287_200_999) == "2024-03-01")
        #expect(ItemDate.parseISO8601(ItemDate.iso8601(1_709_287_200_000)) == 1_709_287_200_000)
    }
}
