import Foundation
import Testing

@testable import CredSyncCore

/// Replays the croniter-recorded vectors in `CronReferenceVectors`.
@Suite struct CronReferenceTests {
    @Test(arguments: CronReferenceVectors.all)
    func nextFiveFiresMatchCroniter(_ vector: CronReferenceVector) throws {
        let zone = try #require(TimeZone(identifier: vector.zone))
        let start = try #require(ISO8601Offset.parse(vector.start, defaultZone: zone))
        let expression = try CronExpression(parsing: vector.expression)
        let fires = expression.nextFires(after: start, in: zone, count: 5)
        #expect(fires.map { ISO8601Offset.format($0, in: zone) } == vector.expected)
    }

    @Test func vectorsCoverEveryZoneAndMacro() {
        let zones = Set(CronReferenceVectors.all.map(\.zone))
        #expect(zones == ["UTC", "Asia/Kolkata", "America/New_York", "Europe/London"])
        let macros = Set(CronReferenceVectors.all.map(\.expression).filter { $0.hasPrefix("@") })
        #expect(macros == ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"])
    }
}
