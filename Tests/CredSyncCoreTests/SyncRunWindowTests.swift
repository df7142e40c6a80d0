import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

/// The sync log read in windows, newest first: every run reachable by key, a search across the words the Sync logs
/// pane shows with its true count, and plans that walk the start-time index instead of sorting the table.
@Suite struct SyncRunWindowTests {
    let fixture: TestDatabase
    let store: SyncRunStore
    /// 3,000 runs, newest first; every tenth failed with an HTTP 503 on swayam, run 1,234 partial with a reason.
    let newestFirst: [Int64]

    init() throws {
        let fixture = try TestDatabase()
        self.fixture = fixture
        store = SyncRunStore(db: fixture.db, clock: fixture.clock)
        let nsqf = try fixture.insertPlatform(name: "nsqf")
        let swayam = try fixture.insertPlatform(name: "swayam")
        try fixture.db.transaction {
            for index in 1...3_000 {
                let failed = index % 10 == 0
                // Two runs start in each second: the id orders runs that started together.
                try fixture.db.run(
                    """
                    INSERT INTO sync_runs (id, platform_id, trigger, status, started_at, invalid, error, invalid_reasons)
                    VALUES (?, ?, 'schedule', ?, ?, ?, ?, ?)
                    """,
                    [
                        index, failed ? swayam : nsqf, failed ? "failed" : index == 1_234 ? "partial" : "succeeded",
                        Int64(index / 2) * 1_000, index == 1_234 ? 210 : 0,
                        failed ? "GET https://swayam.example/v1?page=\(index) answered HTTP 503" : nil,
                        index == 1_234 ? #"["item 7: issued_at \"31/02\" is not a date"]"# : nil,
                    ])
            }
        }
        newestFirst = (1...3_000).reversed().map(Int64.init)
    }

    func key(_ id: Int64) -> SyncRunKey { SyncRunKey(startedAtMs: id / 2 * 1_000, id: id) }

    @Test func windowsReachEveryRunNewestFirst() throws {
        #expect(
            try store.window(KeysetWindow(anchor: .first, size: 30), search: nil).map(\.id)
                == Array(newestFirst.prefix(30)))
        #expect(
            try store.window(KeysetWindow(anchor: .last, size: 30), search: nil).map(\.id)
                == Array(newestFirst.suffix(30)))
        let after = try store.window(
            KeysetWindow(anchor: .after(key(newestFirst[29]), skip: 100), size: 30), search: nil)
        #expect(after.map(\.id) == Array(newestFirst[130..<160]))
        let before = try store.window(
            KeysetWindow(anchor: .before(key(newestFirst[2_000]), skip: 10), size: 30), search: nil)
        #expect(before.map(\.id) == Array(newestFirst[1_960..<1_990]))
        let from = try store.window(KeysetWindow(anchor: .from(key(newestFirst[2_500])), size: 5), search: nil)
        #expect(from.map(\.id) == Array(newestFirst[2_500..<2_505]))
        #expect(try store.count(search: nil) == 3_000)
        #expect(try store.position(of: key(newestFirst[2_345]), search: nil) == 2_345)
    }

    @Test func pagingWalksEveryRunOnceWithNoGaps() throws {
        var seen: [Int64] = []
        var window = try store.window(KeysetWindow(anchor: .first, size: 70), search: nil)
        while !window.isEmpty {
            seen += window.map(\.id)
            window = try store.window(KeysetWindow(anchor: .after(window.last!.key, skip: 0), size: 70), search: nil)
        }
        #expect(seen == newestFirst)
        var backwards: [Int64] = []
        window = try store.window(KeysetWindow(anchor: .last, size: 70), search: nil)
        while !window.isEmpty {
            backwards = window.map(\.id) + backwards
            window = try store.window(KeysetWindow(anchor: .before(window.first!.key, skip: 0), size: 70), search: nil)
        }
        #expect(backwards == newestFirst)
    }

    @Test func aSearchFindsRunsBeyondTheFirstWindowWithTheirTrueCount() throws {
        let failed = SyncRunSearch("FAILED")
        #expect(try store.count(search: failed) == 300)
        let oldestFailed = try store.window(KeysetWindow(anchor: .last, size: 1), search: failed)
        #expect(oldestFailed.map(\.id) == [10])
        #expect(try store.count(search: SyncRunSearch("swayam")) == 300)
        #expect(try store.count(search: SyncRunSearch("http 503")) == 300)
        #expect(try store.count(search: SyncRunSearch("page=2990 answered")) == 1)
        // The partial run: by its status and by the reason an item was invalid.
        for text in ["partial", "31/02"] {
            let search = SyncRunSearch(text)
            #expect(try store.count(search: search) == 1, "\(text)")
            #expect(try store.window(KeysetWindow(), search: search).map(\.id) == [1_234], "\(text)")
        }
        #expect(try store.position(of: key(1_230), search: failed) == 177)
        #expect(try store.count(search: SyncRunSearch("100%")) == 0)
        #expect(SyncRunSearch("  ") == nil)
    }

    @Test func everyQueryWalksTheStartTimeIndex() throws {
        let key = key(1_500)
        let anchors: [KeysetWindow<SyncRunKey>.Anchor] = [
            .first, .last, .from(key), .after(key, skip: 3), .before(key, skip: 3),
        ]
        for search in [nil, SyncRunSearch("503")] {
            for anchor in anchors {
                let query = SyncRunStore.windowOrder.windowQuery(
                    KeysetWindow(anchor: anchor, size: 30), filter: search?.condition)
                try expectIndexed(query.sql, query.values)
            }
            for before in [nil, key] where search == nil || before != nil {
                let query = SyncRunStore.windowOrder.countQuery(before: before, filter: search?.condition)
                try expectIndexed(query.sql, query.values)
            }
        }
        // A search's match count reads every run once, as it must: straight through the table, with no sort.
        let count = SyncRunStore.windowOrder.countQuery(
            before: SyncRunKey?.none, filter: SyncRunSearch("503")?.condition)
        let plan = try fixture.db.all("EXPLAIN QUERY PLAN \(count.sql)", count.values) { $0.text(3) }
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
    }

    /// The plan reads runs through `sync_runs_started` (a range, or in order from one end), sorts nothing, and
    /// looks each platform up by key.
    private func expectIndexed(_ sql: String, _ values: [any DatabaseValueConvertible]) throws {
        let plan = try fixture.db.all("EXPLAIN QUERY PLAN \(sql)", values) { $0.text(3) }
        let text = plan.joined(separator: "; ")
        #expect(plan.contains { $0.contains("sync_runs_started") }, "\(text) for \(sql)")
        #expect(
            !plan.contains { $0.contains("TEMP B-TREE") || ($0.hasPrefix("SCAN") && !$0.contains("INDEX")) },
            "\(text) for \(sql)")
    }
}
