import CredSyncCore
import CredSyncSim
import CredSyncTestSupport
import Foundation
import Testing

// MARK: - Fixtures

/// Hostile values of every JSON type, as raw JSON text (so NaN, huge numbers and invalid UTF-8 can be written).
private func randomJSON(_ random: inout SplitMix64, depth: Int = 0) -> [UInt8] {
    let choices: [() -> String] = [
        { "null" }, { "true" }, { "-1" }, { "0" }, { "1.5" }, { "1e308" }, { "-1e308" }, { "9223372036854775807" },
        { "-9223372036854775808" }, { "99999999999999999999999" }, { "1e16" }, { "NaN" }, { "Infinity" },
        { "\"\"" }, { "\"   \"" }, { "\"\(String(repeating: "x", count: 70_000))\"" },
        { "\"\\u001b[2J\\u001b]0;pwned\\u0007\"" }, { "\"line\\nbreak\\rreturn\"" }, { "\"../../admin\"" },
        { "\"http://user:pass@127.0.0.1:1/\"" }, { "\"https://ok.example\"" }, { "\"nsqf\"" }, { "\"api_key\"" },
        { "[1, [2, {\"a\": null}]]" }, { "{\"pageSize\": -5, \"x\": {}}" }, { "\"\\ud800\"" }, { "\"日本語✅\"" },
    ]
    var text = Array(choices[Int(random.next() % UInt64(choices.count))]().utf8)
    if random.next() % 10 == 0 { text.insert(0xFF, at: text.count / 2) }  // invalid UTF-8
    return text
}

private let platformFields = PlatformChanges.fields + ["adapter", "pagesize", "unknown_field"]
private let configKeys = PlatformSettings.commonKeys + ["organizationId", "endpoint", "pagination", "fields", "path"]

/// A platform file with a few fields set to hostile values, written as bytes.
private func randomPlatformFile(_ random: inout SplitMix64) -> [UInt8] {
    var members: [[UInt8]] = [Array("\"name\": \"fuzz\"".utf8), Array("\"adapter\": \"swayam\"".utf8)]
    for _ in 0..<(1 + Int(random.next() % 3)) {
        let field = platformFields[Int(random.next() % UInt64(platformFields.count))]
        if field == "config" {
            var config: [[UInt8]] = []
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let key = configKeys[Int(random.next() % UInt64(configKeys.count))]
                config.append(Array("\"\(key)\": ".utf8) + randomJSON(&random))
            }
            members.append(Array("\"config\": {".utf8) + Array(config.joined(separator: Array(", ".utf8))) + [UInt8(ascii: "}")])
        } else {
            members.append(Array("\"\(field)\": ".utf8) + randomJSON(&random))
        }
    }
    return [UInt8(ascii: "{")] + Array(members.joined(separator: Array(", ".utf8))) + [UInt8(ascii: "}")]
}

/// Hostile flag values: numbers out of every range, control characters, very long text.
private let hostileArguments = [
    "-1", "0", "999999999999999999999", "NaN", "1e9", "", " ", "\u{1b}[2J", "a\nb", String(repeating: "y", count: 10_000),
    "../../etc/passwd", "--", "-x", "http://u:p@h/", "日本語", "0x10", "+5", "3.5",
]

/// Commands with a flag or argument that takes a value; `V` stands for the hostile value.
private let commandTemplates: [[String]] = [
    ["credentials", "--limit", "V"], ["credentials", "--status", "V"], ["credentials", "--platform", "V"],
    ["jobs", "--state", "V"], ["jobs", "--limit", "V"], ["jobs", "cancel", "V"], ["jobs", "retry", "V"],
    ["logs", "--limit", "V"], ["logs", "--platform", "V"], ["audit", "--limit", "V"], ["users", "list", "--limit", "V"],
    ["users", "list", "--search", "V"], ["export", "--format", "V"], ["export", "--status", "V"], ["claim", "V", "V"],
    ["reject", "V", "--reason", "V"], ["claim", "--undo", "V"], ["alerts", "ack", "V"], ["sync", "V"],
    ["tokens", "refresh", "V"], ["platforms", "show", "V"], ["platforms", "disable", "V"],
    ["platforms", "edit", "fuzz", "--config", "V"], ["platforms", "edit", "fuzz", "--frequency", "V"],
    ["platforms", "edit", "fuzz", "--url", "V"], ["platforms", "edit", "fuzz", "--api-version", "V"],
    ["platforms", "edit", "fuzz", "--auth", "V"], ["scheduler", "start", "--cron", "V"],
    ["cron", "next", "V"], ["cron", "next", "* * * * *", "--count", "V"], ["cron", "next", "* * * * *", "--tz", "V"],
    ["users", "import", "V"], ["platforms", "add", "--file", "V"], ["V"],
]

// MARK: - Tests

/// Every field of the platform file and every valued flag of every command, with hostile values: nothing traps,
/// every refusal is one line that names what is wrong, and a refused command stores nothing.
@Suite(.serialized) struct InputFuzzTests {
    let home = TemporaryDirectory("credsync-fuzz")
    var database: String { home.file("fuzz.db") }

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try CredsyncProcess.run(
            arguments,
            environment: CredsyncProcess.environment(
                home: home.path, ["CREDSYNC_DB": database, "CREDSYNC_ENCRYPTION_KEY": String(repeating: "cd", count: 32)]))
    }

    func auditCount(_ db: Connection) throws -> Int {
        try db.first("SELECT count(*) FROM audit_log") { $0.int(0) } ?? 0
    }

    /// The checks every refusal passes.
    func expectOneLineRefusal(_ result: (status: Int32, stdout: String, stderr: String), _ context: String) {
        #expect([0, 1, 2].contains(result.status), "\(context): exit \(result.status) \(result.stderr.prefix(300))")
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Swift runtime failure"), "\(context)")
        guard result.status != 0 else { return }
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "\(context): not one line: \(result.stderr.prefix(400))")
        #expect(result.stderr.hasPrefix("credsync: "), "\(context): \(result.stderr.prefix(200))")
        #expect(!result.stderr.unicodeScalars.dropLast().contains { $0.value < 0x20 }, "\(context): raw control")
        #expect(!result.stderr.contains("SQLite error"), "\(context): \(result.stderr.prefix(200))")
    }

    @Test func hostilePlatformFilesAreRefusedInOneLineAndStoreNothing() throws {
        var random = SplitMix64(seed: 0x5EED)
        let db = try Database.open(path: database)
        try #"{"apiKey": "fuzz-key-123456"}"#.write(toFile: home.file("s.json"), atomically: true, encoding: .utf8)
        for round in 0..<150 {
            let file = randomPlatformFile(&random)
            try Data(file).write(to: URL(fileURLWithPath: home.file("p.json")))
            let before = try PlatformStore(db: db, clock: SystemClock()).all().count
            let audits = try auditCount(db)
            let result = try run(["platforms", "add", "--file", home.file("p.json"), "--secret-file", home.file("s.json")])
            let context = "round \(round): \(String(decoding: file.prefix(300), as: UTF8.self))"
            expectOneLineRefusal(result, context)
            if result.status != 0 {
                #expect(try PlatformStore(db: db, clock: SystemClock()).all().count == before, "\(context): stored")
                #expect(try auditCount(db) == audits, "\(context): audited")
            } else {
                _ = try run(["platforms", "remove", "fuzz", "--yes"])
            }
        }
    }

    @Test func hostileFlagValuesAreRefusedInOneLineAndStoreNothing() throws {
        let db = try Database.open(path: database)
        try #"{"apiKey": "fuzz-key-123456"}"#.write(toFile: home.file("s.json"), atomically: true, encoding: .utf8)
        try #require(
            try run([
                "platforms", "add", "--name", "fuzz", "--adapter", "swayam", "--url", "https://fuzz.example",
                "--secret-file", home.file("s.json"),
            ]).status == 0)
        let platformBefore = try PlatformStore(db: db, clock: SystemClock()).require("fuzz")
        for template in commandTemplates {
            for value in hostileArguments {
                let arguments = template.map { $0 == "V" ? value : $0 }
                let audits = try auditCount(db)
                let result = try run(arguments)
                let context = "\(arguments.map { String($0.prefix(40)) })"
                expectOneLineRefusal(result, context)
                if result.status != 0 {
                    #expect(try auditCount(db) == audits, "\(context): audited a refused command")
                }
            }
        }
        // Whatever was accepted left a platform that still passes its checks.
        if let platformAfter = try PlatformStore(db: db, clock: SystemClock()).platform(named: "fuzz") {
            #expect(platformAfter.definition.problems().isEmpty, "\(platformAfter.definition.problems())")
        }
        _ = platformBefore
    }
}
