import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

/// A typo in `--db` is an error, not an empty database; each unusable location gets one plain sentence; a
/// malformed file on the command line is a usage error that says where.
@Suite struct DatabasePathTests {
    let home = TemporaryDirectory("credsync-dbpath")

    func run(_ arguments: [String], _ extra: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        try CredsyncProcess.run(arguments, environment: CredsyncProcess.environment(home: home.path, extra))
    }

    @Test func anExplicitPathInAMissingFolderIsRefusedAndNothingIsCreated() throws {
        let folder = home.file("no-such-folder")
        let result = try run(["--db", "\(folder)/x.db", "platforms", "list"])
        #expect(result.status == 1)
        #expect(result.stderr == "credsync: the folder \(folder) of database \(folder)/x.db does not exist; create it, or check the path given with --db or CREDSYNC_DB\n")
        #expect(!FileManager.default.fileExists(atPath: folder))
        let viaEnvironment = try run(["platforms", "list"], ["CREDSYNC_DB": "\(folder)/x.db"])
        #expect(viaEnvironment.status == 1)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func theDefaultLocationIsCreated() throws {
        let result = try run(["platforms", "list"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(home.path)/data/credsync/credsync.db"))
    }

    @Test func aDirectoryOrADeviceIsOnePlainSentence() throws {
        for (path, words) in [(home.path, "is a directory"), ("/dev/null", "is not a regular file")] {
            let result = try run(["--db", path, "platforms", "list"])
            #expect(result.status == 1)
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(result.stderr.contains(words), "\(path): \(result.stderr)")
            #expect(!result.stderr.contains("PRAGMA") && !result.stderr.contains("SQLite"))
        }
    }

    @Test func aTruncatedPlatformFileIsAUsageErrorWithItsLineAndColumn() throws {
        try "{\n  \"name\": \"nsqf\",\n  \"config\": {\"pageSize\": 1".write(
            toFile: home.file("p.json"), atomically: true, encoding: .utf8)
        let result = try run(["--db", home.file("p.db"), "platforms", "add", "--file", home.file("p.json")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not valid JSON at line 3, column"), "\(result.stderr)")
        let badValue = try run([
            "--db", home.file("p.db"), "platforms", "add", "--name", "nsqf", "--url", "https://n.example",
            "--frequency", "0",
        ])
        #expect(badValue.status == 2)
        #expect(badValue.stderr.contains("sync_frequency_hours: must be a whole number from 1–8760 hours (got 0)"))
    }
}
