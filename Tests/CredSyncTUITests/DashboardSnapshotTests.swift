import CredSyncCore
import Testing

@testable import CredSyncTUI

@Suite struct DashboardSnapshotTests {
    @Test func anEmptySnapshotHasNothingPending() {
        let snapshot = DashboardSnapshot(nowMs: 0, databasePath: "/tmp/x.db", role: .noEngine)
        #expect(snapshot.pendingTotal == 0)
        #expect(snapshot.role == .noEngine)
    }
}
