import Foundation
import Testing

@testable import CredSyncCore

private let utc = TimeZone(identifier: "UTC")!
private let newYork = TimeZone(identifier: "America/New_York")!

@Suite struct ISO8601OffsetTests {
    @Test func formatsWallClockTimeWithNumericOffset() {
        let instant = Date(timeIntervalSince1970: 1_710_054_000)  // 2024-03-10T07:00:00Z
        #expect(ISO8601Offset.format(instant, in: newYork) == "2024-03-10T03:00:00-04:00")
        #expect(ISO8601Offset.format(instant, in: utc) == "2024-03-10T07:00:00+00:00")
        #expect(ISO8601Offset.format(instant, in: TimeZone(identifier: "Asia/Kolkata")!) == "2024-03-10T12:30:00+05:30")
        #expect(ISO8601Offset.format(instant.addingTimeInterval(-0.5), in: utc) == "2024-03-10T06:59:59+00:00")
        #expect(ISO8601Offset.format(Date(timeIntervalSince1970: -1), in: utc) == "1969-12-31T23:59:59+00:00")
    }

    @Test func parsesOffsetsAndZ() {
        let expected = Date(timeIntervalSince1970: 1_710_053_940)  // 2024-03-10T06:59:00Z
        #expect(ISO8601Offset.parse("2024-03-10T01:59:00-05:00", defaultZone: utc) == expected)
        #expect(ISO8601Offset.parse("2024-03-10T06:59:00Z", defaultZone: newYork) == expected)
        #expect(ISO8601Offset.parse("2024-03-10T12:29:00+05:30", defaultZone: utc) == expected)
        #expect(ISO8601Offset.parse("2024-03-10T06:59:00.250Z", defaultZone: utc) == expected.addingTimeInterval(0.25))
    }

    @Test func withoutOffsetReadsTheDefaultZonesWallClock() {
        #expect(
            ISO8601Offset.parse("2024-03-10T01:59:00", defaultZone: newYork)
                == ISO8601Offset.parse("2024-03-10T01:59:00-05:00", defaultZone: utc))
        #expect(
            ISO8601Offset.parse("2024-07-01T12:00:00", defaultZone: newYork)
                == ISO8601Offset.parse("2024-07-01T12:00:00-04:00", defaultZone: utc))
        // Resolved as the scheduler resolves wall times: the end of a gap, the first of two occurrences.
        #expect(
            ISO8601Offset.parse("2024-03-10T02:30:00", defaultZone: newYork)
                == ISO8601Offset.parse("2024-03-10T03:00:00-04:00", defaultZone: utc))
        #expect(
            ISO8601Offset.parse("2024-11-03T01:30:00", defaultZone: newYork)
                == ISO8601Offset.parse("2024-11-03T01:30:00-04:00", defaultZone: utc))
    }

    @Test(arguments: [
        "", "2024-03-10", "2024-03-10T01:59", "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-03-10T24:00:00Z",
        "2024-03-10T01:60:00Z", "2024-03-10T01:59:00+05", "2024-03-10T01:59:00+0500", "2024-03-10T01:59:00Z junk",
        "2024-03-10T01:59:00.Z", "24-03-10T01:59:00Z", "2024-3-10T01:59:00Z",
    ])
    func rejectsMalformedText(text: String) {
        #expect(ISO8601Offset.parse(text, defaultZone: utc) == nil)
    }

    @Test func formatThenParseRoundTrips() throws {
        for text in ["2024-11-03T01:30:00-04:00", "2024-11-03T01:30:00-05:00", "2000-02-29T23:59:59+00:00"] {
            let date = try #require(ISO8601Offset.parse(text, defaultZone: utc))
            let zone = text.hasSuffix("+00:00") ? utc : newYork
            #expect(ISO8601Offset.format(date, in: zone) == text)
        }
    }
}
