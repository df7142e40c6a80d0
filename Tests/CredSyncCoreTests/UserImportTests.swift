import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

@Suite struct UserImportTests {
    let fixture: TestDatabase
    let normalizer = PhoneNormalizer(defaultCountryCode: "91")

    init() throws {
        fixture = try TestDatabase()
    }

    private func insertPending(_ externalId: String, email: String?, phone: String?) throws {
        let platform =
            try fixture.db.first("SELECT id FROM platforms WHERE name = 'p'") { $0.int64(0) }
            ?? fixture.insertPlatform(name: "p")
        try fixture.db.run(
            """
            INSERT INTO external_credentials (platform_id, external_id, learner_email, learner_phone, email_normalized,
                phone_normalized, status, match_note, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, 'pending', 'no user with this email or phone', 0, 0)
            """,
            [platform, externalId, email, phone, email.flatMap(EmailNormalizer.normalize), phone.flatMap(normalizer.normalize)])
    }

    @Test func aGoodCSVImportsEveryRowAndMatchesPendingCredentials() throws {
        try insertPending("a", email: "Asha@Example.com", phone: nil)
        try insertPending("b", email: nil, phone: "09876543210")
        try insertPending("c", email: "stranger@example.com", phone: nil)
        let csv = """
            external_ref,name,email,phone
            u1,Asha,asha@example.com,
            u2,"Ravi, K",,+91 98765 43210
            u3,Meera,meera@example.com,9123456789
            """
        let file = try UserImport(text: csv, format: .csv, phoneNormalizer: normalizer)
        let summary = try UserStore(db: fixture.db, clock: fixture.clock).importUsers(file, phoneNormalizer: normalizer)
        #expect(summary == UserStore.ImportSummary(created: 3, updated: 0, autoMatched: 2))
        let statuses = try fixture.db.all(
            "SELECT external_id, status, ifnull(matched_by, '') FROM external_credentials ORDER BY 1"
        ) { "\($0.text(0)) \($0.text(1)) \($0.text(2))" }
        #expect(statuses == ["a matched email", "b matched phone", "c pending "])
        #expect(try UserStore(db: fixture.db, clock: fixture.clock).users(search: "ravi").first?.name == "Ravi, K")
    }

    @Test func reimportingUpdatesUsersByExternalRef() throws {
        let store = UserStore(db: fixture.db, clock: fixture.clock)
        _ = try store.importUsers(
            try UserImport(text: "external_ref,name,email\nu1,Asha,asha@example.com", format: .csv, phoneNormalizer: normalizer),
            phoneNormalizer: normalizer)
        let summary = try store.importUsers(
            try UserImport(text: "external_ref,name,email\nu1,Asha R,asha.r@example.com", format: .csv, phoneNormalizer: normalizer),
            phoneNormalizer: normalizer)
        #expect(summary.updated == 1 && summary.created == 0)
        #expect(try store.users().map(\.email) == ["asha.r@example.com"])
    }

    @Test func aFileWithBadRowsReportsTheirLinesAndImportsNothing() throws {
        let csv = """
            external_ref,name,email,phone
            u1,Asha,asha@example.com,
            u2,Nobody,,
            u3,Bad mail,not-an-email,
            u4,Bad phone,,12345
            u1,Again,again@example.com,
            u6,Short,x@y.com
            """
        #expect {
            try UserImport(text: csv, format: .csv, phoneNormalizer: normalizer)
        } throws: { error in
            guard let problems = error as? UserImport.Problems else { return false }
            return problems.lines.map(\.line) == [3, 4, 5, 6, 7]
                && problems.description.hasPrefix("nothing imported: 5 bad rows — line 3: needs an email or a phone")
        }
        #expect(try fixture.db.first("SELECT count(*) FROM users") { $0.int(0) } == 0)
    }

    @Test func jsonLinesWorkTheSame() throws {
        let text = """
            {"external_ref": "u1", "name": "Asha", "email": "asha@example.com"}

            {"external_ref": 2, "name": "Ravi", "phone": "9876543210"}
            not json
            """
        #expect {
            try UserImport(text: text, format: .jsonl, phoneNormalizer: normalizer)
        } throws: { ($0 as? UserImport.Problems)?.lines.map(\.line) == [4] }
        let good = try UserImport(
            text: String(text.split(separator: "\n").dropLast().joined(separator: "\n")), format: .jsonl,
            phoneNormalizer: normalizer)
        #expect(good.rows.map(\.externalRef) == ["u1", "2"])
        #expect(good.rows.map(\.phoneNormalized) == [nil, "+919876543210"])
    }
}

@Suite struct ClaimTests {
    let fixture: TestDatabase
    let store: CredentialStore
    let audit: AuditLog
    let credentialId: Int64
    let user: User

    init() throws {
        fixture = try TestDatabase()
        store = CredentialStore(db: fixture.db, clock: fixture.clock)
        audit = AuditLog(db: fixture.db, clock: fixture.clock, actor: "operator")
        let platform = try fixture.insertPlatform(name: "p")
        try fixture.db.run(
            """
            INSERT INTO external_credentials (platform_id, external_id, status, match_note, created_at, updated_at)
            VALUES (?, 'x1', 'pending', 'no usable identifier', 0, 0)
            """, [platform])
        credentialId = fixture.db.lastInsertRowID
        try fixture.db.run("INSERT INTO users (name, email, email_normalized, created_at) VALUES ('Asha', 'a@x.org', 'a@x.org', 0)")
        user = try UserStore(db: fixture.db, clock: fixture.clock).user(id: fixture.db.lastInsertRowID)!
    }

    private func auditActions() throws -> [String] {
        try fixture.db.all("SELECT action || ' ' || actor || ' ' || target FROM audit_log ORDER BY id") { $0.text(0) }
    }

    @Test func claimAssignsManuallyAndUndoRestoresThePendingState() throws {
        let claimed = try store.claim(credentialId, for: user, audit: audit)
        #expect(claimed.status == .matched)
        #expect(claimed.userId == user.id)
        #expect(claimed.matchedBy == "manual")
        #expect(claimed.matchNote == nil)
        #expect(throws: CredentialError.notPending(credentialId, .matched)) {
            try store.reject(credentialId, reason: nil, audit: audit)
        }
        let undone = try store.undo(credentialId, audit: audit)
        #expect(undone.status == .pending)
        #expect(undone.userId == nil)
        #expect(undone.matchNote == "no usable identifier")
        #expect(throws: CredentialError.nothingToUndo(credentialId)) { try store.undo(credentialId, audit: audit) }
        #expect(
            try auditActions() == [
                "credential.claim operator credential:\(credentialId)", "credential.undo operator credential:\(credentialId)",
            ])
    }

    @Test func rejectKeepsTheReasonAndIsUndoable() throws {
        let rejected = try store.reject(credentialId, reason: "duplicate of another record", audit: audit)
        #expect(rejected.status == .rejected)
        #expect(rejected.matchNote == "rejected: duplicate of another record")
        #expect(try store.undo(credentialId, audit: audit).status == .pending)
        let decision = try fixture.db.first("SELECT actor, undone_by FROM credential_decisions") { "\($0.text(0))/\($0.text(1))" }
        #expect(decision == "operator/operator")
    }

    @Test func usersResolveByIdEmailOrPhone() throws {
        let users = UserStore(db: fixture.db, clock: fixture.clock)
        let normalizer = PhoneNormalizer(defaultCountryCode: "91")
        #expect(try users.resolve(String(user.id), phoneNormalizer: normalizer) == user)
        #expect(try users.resolve(" A@X.org", phoneNormalizer: normalizer) == user)
        #expect(throws: CredentialError.userNotFound("nobody@x.org", ambiguous: false)) {
            try users.resolve("nobody@x.org", phoneNormalizer: normalizer)
        }
    }
}
