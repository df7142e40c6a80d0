import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

/// A corrupt key file is named in every error; a missing one is never silently replaced while secrets are sealed
/// with it; `key reset --yes` starts over and says which platforms need their secrets again.
@Suite(.serialized) struct KeySafetyTests {
    let home = TemporaryDirectory("credsync-keys")
    var keyPath: String { "\(home.path)/config/credsync/key" }

    @discardableResult
    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try CredsyncProcess.run(
            arguments,
            environment: CredsyncProcess.environment(home: home.path, ["CREDSYNC_DB": home.file("k.db")]))
    }

    func addPlatform(_ name: String) throws -> (status: Int32, stdout: String, stderr: String) {
        try #"{"apiKey": "key-\#(name)-123456"}"#.write(
            toFile: home.file("s.json"), atomically: true, encoding: .utf8)
        return try run([
            "platforms", "add", "--name", name, "--adapter", "swayam", "--url", "https://\(name).example.in",
            "--secret-file", home.file("s.json"),
        ])
    }

    @Test func aCorruptKeyFileIsNamedInEveryError() throws {
        try #require(try addPlatform("alpha").status == 0)
        try "not a key\n".write(toFile: keyPath, atomically: true, encoding: .utf8)
        chmod(keyPath, 0o600)
        for arguments in [["sync", "alpha", "--wait"], ["tokens", "refresh", "alpha"], ["key", "status"]] {
            let result = try run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("key file \(keyPath) does not hold a credsync key"), "\(arguments): \(result.stderr)")
        }
        let added = try addPlatform("beta")
        #expect(added.status == 1)
        #expect(added.stderr.contains(keyPath))
        let shown = try run(["platforms", "show", "alpha"])
        #expect(shown.status == 0, "the platform is still shown")
        #expect(shown.stderr.contains("secrets cannot be listed: key file \(keyPath)"), "\(shown.stderr)")
    }

    @Test func aMissingKeyFileIsNotReplacedWhileSecretsAreSealedAndResetStartsOver() throws {
        try #require(try addPlatform("alpha").status == 0)
        try FileManager.default.removeItem(atPath: keyPath)

        let refused = try addPlatform("beta")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("key file \(keyPath) is missing, but the secrets of 1 platform (alpha)"))
        #expect(refused.stderr.contains("credsync key reset --yes"))
        #expect(!FileManager.default.fileExists(atPath: keyPath), "no new key was made")
        #expect(try run(["platforms", "show", "beta"]).status == 1, "nothing was stored")

        let asked = try run(["key", "reset"])
        #expect(asked.status == 2)
        #expect(asked.stderr.contains("1 platform (alpha)"))
        let reset = try run(["key", "reset", "--yes"])
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(reset.stdout.contains("re-enter the secrets of alpha"))
        #expect(FileManager.default.fileExists(atPath: keyPath))
        let shown = try run(["platforms", "show", "alpha", "--json"])
        #expect(shown.stdout.contains(#""active" : false"#), "\(shown.stdout)")
        #expect(shown.stdout.contains("lost in a key reset"))
        #expect(try addPlatform("beta").status == 0)
        #expect(try run(["audit", "--json"]).stdout.contains("key.reset"))
    }
}
