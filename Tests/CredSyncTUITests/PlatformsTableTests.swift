import CredSyncCore
import Testing

@testable import CredSyncTUI

/// Rows of the Platforms pane: a platform whose sync job is retrying says so instead of `● active … 0`.
@Suite struct PlatformsTableTests {
    static func row(_ name: String, _ model: DashboardModel = DashboardFixture.model()) throws -> [Table.Content] {
        let index = try #require(model.snapshot?.platforms.firstIndex { $0.name == name })
        return PlatformsTable.make(model, indices: [index]).rows[0]
    }

    @Test func aPlatformWhoseSyncJobIsRetryingShowsRetryingAndTheFailedAttempts() throws {
        // swayam: no failed sync yet, its job failed two attempts on HTTP 503 and waits for the third.
        let row = try Self.row("swayam")
        #expect(row[1] == .text("▲ retrying", .warn))
        #expect(row[4] == .text("2", .warn))
    }

    @Test func aRunningFirstAttemptIsActiveWithNoFailures() throws {
        let row = try Self.row("nsqf")
        #expect(row[1] == .text("● active", .ok))
        #expect(row[4] == .text("0", .dim))
    }

    @Test func threeConsecutiveFailuresStillReadFailing() throws {
        let row = try Self.row("skills_portal")
        #expect(row[1] == .text("✗ failing", .error))
        #expect(row[4] == .text("3", .error))
    }

    @Test func aPlatformWhoseJobWasCancelledIsNoLongerRetrying() throws {
        // swayam's retrying job was cancelled: its one failed sync shows, but nothing retries it.
        var model = DashboardFixture.model()
        let index = try #require(model.snapshot?.platforms.firstIndex { $0.name == "swayam" })
        model.snapshot!.platforms[index].syncJob = nil
        model.snapshot!.platforms[index].consecutiveFailures = 1
        let row = try Self.row("swayam", model)
        #expect(row[1] == .text("▲ failed", .warn))
        #expect(row[4] == .text("1", .warn))
    }
}
