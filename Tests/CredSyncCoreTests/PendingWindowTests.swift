import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

/// The Pending list read in windows: every row reachable by key, searches across the columns the dashboard shows
/// (emails and phones in their matching form), and plans that walk the status index instead of the table.
@Suite struct PendingWindowTests {
    let fixture: TestDatabase
    let store: CredentialStore
    let phones = PhoneNormalizer(defaultCountryCode: "91")
    /// 5,000 pending credentials (ids 1...5000, every third from another platform) and 1,000 matched between them.
    let pendingIds: [Int64]

    init() throws {
        let fixture = try TestDatabase()
        let phones = self.phones
        self.fixture = fixture
        store = CredentialStore(db: fixture.db, clock: fixture.clock)
        let first = try fixture.insertPlatform(name: "nsqf")
        let second = try fixture.insertPlatform(name: "swayam")
        var ids: [Int64] = []
        try fixture.db.transaction {
            for index in 1...6_000 {
                let pending = index % 6 != 0
                let phone = String(format: "+91 98765 %05d", index)
                try fixture.db.run(
                    """
                    INSERT INTO external_credentials (platform_id, external_id, learner_name, learner_email, learner_phone,
                        email_normalized, phone_normalized, certificate_title, status, match_note, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)
                    """,
                    [
                        index % 3 == 0 ? second : first, "e\(index)", "Learner \(index)x", "learner\(index)x@example.org",
                        phone, "learner\(index)x@example.org", phones.normalize(phone), "Course \(index % 7)",
                        pending ? "pending" : "matched", pending ? "no user with this email" : nil,
                    ])
                if pending { ids.append(Int64(index)) }  // a new table numbers rows from 1
            }
        }
        pendingIds = ids
    }

    @Test func windowsReachEveryPendingRowByKey() throws {
        let first = try store.pendingWindow(KeysetWindow(anchor: .first, size: 30), search: nil)
        #expect(first.map(\.id) == Array(pendingIds.prefix(30)))
        let last = try store.pendingWindow(KeysetWindow(anchor: .last, size: 30), search: nil)
        #expect(last.map(\.id) == Array(pendingIds.suffix(30)))
        let after = try store.pendingWindow(KeysetWindow(anchor: .after(pendingIds[29], skip: 100), size: 30), search: nil)
        #expect(after.map(\.id) == Array(pendingIds[130..<160]))
        let before = try store.pendingWindow(KeysetWindow(anchor: .before(pendingIds[4_000], skip: 10), size: 30), search: nil)
        #expect(before.map(\.id) == Array(pendingIds[3_960..<3_990]))
        let from = try store.pendingWindow(KeysetWindow(anchor: .from(pendingIds[2_500]), size: 5), search: nil)
        #expect(from.map(\.id) == Array(pendingIds[2_500..<2_505]))
        #expect(try store.pendingCount(search: nil) == 5_000)
        #expect(try store.pendingPosition(of: pendingIds[4_321], search: nil) == 4_321)
    }

    @Test func searchFindsEveryMatchWithItsTrueCount() throws {
        let swayam = CredentialSearch("SWAYAM", phones: phones)
        #expect(try store.pendingCount(search: swayam) == pendingIds.filter { $0 % 3 == 0 }.count)
        let lastSwayam = try store.pendingWindow(KeysetWindow(anchor: .last, size: 1), search: swayam)
        #expect(lastSwayam.map(\.id) == [pendingIds.last { $0 % 3 == 0 }!])
        // A name beyond the first 200 rows, an email in another case, a phone typed without its spaces or prefix.
        for text in ["learner 4321x", "LEARNER4321X@Example.org", "9876504321"] {
            let search = CredentialSearch(text, phones: phones)
            #expect(try store.pendingCount(search: search) == 1, "\(text)")
            #expect(try store.pendingWindow(KeysetWindow(), search: search).map(\.learnerName) == ["Learner 4321x"], "\(text)")
        }
        #expect(try store.pendingCount(search: CredentialSearch("no user with", phones: phones)) == 5_000)
        #expect(try store.pendingCount(search: CredentialSearch("100%", phones: phones)) == 0)
        #expect(CredentialSearch("   ", phones: phones) == nil)
    }

    @Test func searchComparesLettersBeyondASCIIAsTypedAndListsTheSameRowsAsTheCommandLine() throws {
        let platform = try fixture.insertPlatform(name: "skills")
        for (index, name) in ["Élodie Durand", "काव्या शर्मा", "Kavya Menon"].enumerated() {
            try fixture.db.run(
                """
                INSERT INTO external_credentials (platform_id, external_id, learner_name, status, created_at, updated_at)
                VALUES (?, ?, ?, 'pending', 0, 0)
                """, [platform, "u\(index)", name])
        }
        for (text, name) in [("Élodie", "Élodie Durand"), ("काव्या", "काव्या शर्मा"), ("KAVYA", "Kavya Menon")] {
            let search = CredentialSearch(text, phones: phones)
            #expect(try store.pendingWindow(KeysetWindow(), search: search).map(\.learnerName) == [name], "\(text)")
            // `credsync credentials --search` reads through the same condition: the same rows.
            #expect(try store.credentials(CredentialStore.Filter(search: search)).map(\.learnerName) == [name], "\(text)")
        }
        // The platform's name and the match note are searched by both.
        let swayam = CredentialSearch("swayam", phones: phones)
        let listed = try store.credentials(CredentialStore.Filter(status: .pending, search: swayam, limit: 10_000))
        #expect(listed.count == (try store.pendingCount(search: swayam)))
    }

    @Test func everyQueryWalksTheStatusIndex() throws {
        let id = pendingIds[2_000]
        let anchors: [KeysetWindow<Int64>.Anchor] = [.first, .last, .from(id), .after(id, skip: 3), .before(id, skip: 3)]
        for search in [nil, CredentialSearch("kavya", phones: phones)] {
            for anchor in anchors {
                let query = CredentialStore.windowQuery(KeysetWindow(anchor: anchor, size: 30), search: search)
                try expectIndexed(query.sql, query.values)
            }
            for before in [nil, id] {
                let query = CredentialStore.countQuery(before: before, search: search)
                try expectIndexed(query.sql, query.values)
            }
        }
    }

    /// The plan reads credentials through the status index, sorts nothing, and looks each platform up by key.
    private func expectIndexed(_ sql: String, _ values: [any DatabaseValueConvertible]) throws {
        let plan = try fixture.db.all("EXPLAIN QUERY PLAN \(sql)", values) { $0.text(3) }
        let text = plan.joined(separator: "; ")
        #expect(plan.contains { $0.contains("external_credentials_status") }, "\(text) for \(sql)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") || $0.hasPrefix("SCAN") }, "\(text) for \(sql)")
    }
}
