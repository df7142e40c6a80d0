import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

/// Who a row of a users file is: by `external_ref`, or by email or phone when the operator says so — never a new
/// copy of the same person on every import — and identifiers several users share are reported.
@Suite struct UserImportIdentityTests {
    let fixture: TestDatabase
    let normalizer = PhoneNormalizer(defaultCountryCode: "91")

    init() throws {
        fixture = try TestDatabase()
    }

    private var store: UserStore { UserStore(db: fixture.db, clock: fixture.clock) }

    private func parse(_ csv: String, identity: UserImport.Identity = .externalRef, strict: Bool = false) throws
        -> UserImport
    {
        try UserImport(text: csv, format: .csv, phoneNormalizer: normalizer, identity: identity, strict: strict)
    }

    @Test func aRowWithoutExternalRefIsRefusedWithItsLine() throws {
        #expect(throws: UserImport.Problems(lines: [
            (2, "has no external_ref; give every user one, or import with --match-by email|phone"),
            (3, "has no external_ref; give every user one, or import with --match-by email|phone"),
        ])) {
            try parse("name,email,phone\nAsha,asha@example.org,\nRavi,,9876543210\n")
        }
        #expect(try store.users().isEmpty)
    }

    @Test func matchingByEmailUpdatesTheSameUserOnEveryImport() throws {
        let csv = "name,email,phone\nAsha,Asha@Example.org,\nRavi,ravi@example.org,9876543210\n"
        for _ in 0..<3 { _ = try store.importUsers(try parse(csv, identity: .email), phoneNormalizer: normalizer) }
        #expect(try store.users().map(\.email) == ["Asha@Example.org", "ravi@example.org"])
        let renamed = try store.importUsers(
            try parse("name,email\nAsha Rao,asha@example.org\n", identity: .email), phoneNormalizer: normalizer)
        #expect(renamed.updated == 1 && renamed.created == 0)
        #expect(try store.users().first?.name == "Asha Rao")
        #expect(throws: UserImport.Problems.self) { try parse("name,phone\nNo Email,9876543210\n", identity: .email) }
    }

    @Test func matchingByPhoneReadsEveryWrittenFormAsOne() throws {
        let csv = "name,phone\nRavi,+91 98765-43210\n"
        _ = try store.importUsers(try parse(csv, identity: .phone), phoneNormalizer: normalizer)
        _ = try store.importUsers(
            try parse("name,phone\nRavi K,(098765) 43.210\n", identity: .phone), phoneNormalizer: normalizer)
        #expect(try store.users().map(\.name) == ["Ravi K"])
    }

    @Test func identifiersSharedByRowsAreReportedOrRefusedWhenStrict() throws {
        let csv = """
            external_ref,name,email,phone
            u1,A,a@example.org,9876543210
            u2,B,b@example.org,098765 43210
            u3,C,c@example.org,+91 98765 43210
            u4,D,d@example.org,
            """
        let file = try parse(csv)
        #expect(file.sharedIdentifiers == [UserImport.SharedIdentifier(kind: "phone", value: "+919876543210", lines: [2, 3, 4])])
        #expect(throws: UserImport.Problems.self) { try parse(csv, strict: true) }

        try fixture.insertPlatform(name: "p")
        try fixture.db.run(
            """
            INSERT INTO external_credentials (platform_id, external_id, learner_phone, phone_normalized, status,
                match_note, created_at, updated_at)
            VALUES (1, 'x1', '9876543210', '+919876543210', 'pending', 'no user', 0, 0),
                   (1, 'x2', '9876543210', '+919876543210', 'pending', 'no user', 0, 0)
            """)
        let summary = try store.importUsers(file, phoneNormalizer: normalizer)
        #expect(summary.sharedPhones == 1 && summary.sharedEmails == 0)
        #expect(summary.ambiguousCredentials == 2)
    }

    @Test func theUserSearchReadsAPhoneAsTheImportDid() throws {
        _ = try store.importUsers(try parse("external_ref,name,phone\nu1,Ravi,9365145236\n"), phoneNormalizer: normalizer)
        for query in ["9365145236", "093651 45236", "+91 93651-45236", "(093651) 45.236"] {
            #expect(
                try store.users(search: query, phoneNormalizer: normalizer).map(\.name) == ["Ravi"], "\(query)")
        }
    }
}
