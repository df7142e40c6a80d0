import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

/// Untrusted text reaches the operator's terminal only as visible stand-ins; `--json` keeps it exact.
@Suite struct HostileOutputTests {
    static let hostile = "Asha\u{1b}[31m\u{1b}]0;pwned\u{07}\r\u{1b}[1A\u{1b}[2J\u{202e}evil\nname"

    @Test func tablesShowStandInsAndJSONRoundTripsTheExactText() throws {
        let home = TemporaryDirectory("credsync-hostile")
        let environment = CredsyncProcess.environment(home: home.path, ["CREDSYNC_DB": home.file("h.db")])
        let db = try Database.open(path: home.file("h.db"))
        try db.run(
            """
            INSERT INTO platforms (name, display_name, adapter, sync_frequency_hours, created_at, updated_at)
            VALUES ('p', 'P', 'swayam', 24, 0, 0)
            """)
        try db.run(
            """
            INSERT INTO external_credentials (platform_id, external_id, learner_identifier, identifier_type,
                learner_email, learner_name, certificate_title, raw, status, match_note, created_at, updated_at)
            VALUES (1, ?, 'a@example.org', 'email', 'a@example.org', ?, ?, '{}', 'pending', 'no user', 0, 0)
            """, ["id\u{1b}[2J", Self.hostile, "Title\u{9b}31m"])
        try "external_ref,name,email,phone\nu1,\"\(Self.hostile)\",u1@example.org,\n".write(
            toFile: home.file("users.csv"), atomically: true, encoding: .utf8)
        #expect(try CredsyncProcess.run(["users", "import", home.file("users.csv")], environment: environment).status == 0)

        for arguments in [["credentials"], ["users", "list"]] {
            let result = try CredsyncProcess.run(arguments, environment: environment)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let unsafe = result.stdout.unicodeScalars.contains {
                ($0.value < 0x20 && $0 != "\n") || (0x80...0x9F).contains($0.value) || $0.value == 0x202E
            }
            #expect(!unsafe, "\(arguments) printed a control character:\n\(result.stdout)")
            #expect(result.stdout.contains("Asha␛[31m␛]0;pwned␇␍␛[1A␛[2J\u{FFFD}evil⏎name"), "\(result.stdout)")
            #expect(result.stdout.split(separator: "\n").count == 2, "one header, one row: \(result.stdout)")
        }
        let json = try CredsyncProcess.run(["credentials", "--json"], environment: environment)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(decoded?.first?["learner_name"] as? String == Self.hostile)
        #expect(decoded?.first?["external_id"] as? String == "id\u{1b}[2J")
        let users = try CredsyncProcess.run(["users", "list", "--json"], environment: environment)
        let decodedUsers = try JSONSerialization.jsonObject(with: Data(users.stdout.utf8)) as? [[String: Any]]
        #expect(decodedUsers?.first?["name"] as? String == Self.hostile)
    }
}
