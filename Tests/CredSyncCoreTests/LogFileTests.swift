import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

/// 2026-11-21T05:40:01.123Z
private let startMs: Int64 = 1_795_239_601_123

@Suite struct LogFileTests {
    let directory = TemporaryDirectory("credsync-log")

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func lines(_ path: String) throws -> [String] {
        try read(path).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    @Test func aLineHasTheUTCTimeTheLevelTheMessageAndSortedFields() throws {
        let path = directory.file("credsync.log")
        let clock = ManualClock(nowMs: startMs)
        let log = try LogFile(path: path, maxBytes: 1 << 20, keepFiles: 2, clock: clock)
        log.log(.info, "sync finished", fields: ["platform": "nsqf", "note": "two words", "fetched": "120"])
        clock.advance(byMs: 877)
        log.log(.error, "page failed\nstatus 500", fields: ["body": "say \"hi\"", "empty": ""])
        #expect(
            try lines(path) == [
                "2026-11-21T05:40:01.123Z INFO sync finished fetched=120 note=\"two words\" platform=nsqf",
                "2026-11-21T05:40:02.000Z ERROR page failed\\nstatus 500 body=\"say \\\"hi\\\"\" empty=\"\"",
            ])
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(1_709_251_199_999), "2024-02-29T23:59:59.999Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z"),
        (Int64(253_402_300_799_000), "9999-12-31T23:59:59.000Z"),
    ])
    func timestampsAreUTCWithMilliseconds(unixMs: Int64, expected: String) {
        #expect(LogFile.timestamp(unixMs: unixMs) == expected)
    }

    @Test func rotationKeepsNFilesWithTheNewestLinesInTheLog() throws {
        let path = directory.file("credsync.log")
        let clock = ManualClock(nowMs: startMs)
        // Each line is 24 (time) + 1 + 4 (INFO) + 1 + 8 ("line 000") + 1 = 39 bytes; three fit in 120.
        let log = try LogFile(path: path, maxBytes: 120, keepFiles: 3, clock: clock)
        for number in 0..<20 {
            log.log(.info, "line \(String(repeating: "0", count: 3 - String(number).count))\(number)")
        }
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: "\(path).1"))
        #expect(fm.fileExists(atPath: "\(path).3"))
        #expect(!fm.fileExists(atPath: "\(path).4"))
        // 20 lines, 3 per file: the log holds 18–19, .1 holds 15–17, .2 12–14, .3 09–11; older ones are gone.
        #expect(try lines(path).map { String($0.suffix(8)) } == ["line 018", "line 019"])
        #expect(try lines("\(path).1").map { String($0.suffix(8)) } == ["line 015", "line 016", "line 017"])
        #expect(try lines("\(path).3").map { String($0.suffix(8)) } == ["line 009", "line 010", "line 011"])
        for file in [path, "\(path).1", "\(path).2", "\(path).3"] {
            #expect(try read(file).utf8.count <= 120)
            #expect(try mode(file) == 0o600)
        }
    }

    @Test func withKeepFilesZeroTheLogStartsOverAndKeepsNoOldFile() throws {
        let path = directory.file("credsync.log")
        let log = try LogFile(path: path, maxBytes: 100, keepFiles: 0, clock: ManualClock(nowMs: startMs))
        for number in 0..<5 { log.log(.warn, "message number \(number)") }
        #expect(!FileManager.default.fileExists(atPath: "\(path).1"))
        #expect(try lines(path).count == 1)
        #expect(try read(path).hasSuffix("WARN message number 4\n"))
    }

    @Test func aLineLongerThanTheLimitIsWrittenWhole() throws {
        let path = directory.file("credsync.log")
        let log = try LogFile(path: path, maxBytes: 64, keepFiles: 1, clock: ManualClock(nowMs: startMs))
        log.log(.info, "short")
        let long = String(repeating: "x", count: 200)
        log.log(.info, long)
        #expect(try lines(path) == ["2026-11-21T05:40:01.123Z INFO \(long)"])
        #expect(try lines("\(path).1") == ["2026-11-21T05:40:01.123Z INFO short"])
    }

    @Test func fileIsPrivateInAPrivateNewDirectory() throws {
        let path = directory.file("state/credsync/credsync.log")
        let log = try LogFile(path: path, maxBytes: 4096, keepFiles: 1, clock: ManualClock(nowMs: startMs))
        log.log(.info, "hello")
        #expect(try mode(path) == 0o600)
        #expect(try mode(directory.file("state/credsync")) == 0o700)
        #expect(try mode(directory.file("state")) == 0o700)
    }

    @Test func anExistingWideOpenLogIsNarrowedAndAppendedTo() throws {
        let path = directory.file("credsync.log")
        try Data("earlier\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(try mode(path) == 0o644)
        let log = try LogFile(path: path, maxBytes: 4096, keepFiles: 1, clock: ManualClock(nowMs: startMs))
        log.log(.info, "later")
        #expect(try mode(path) == 0o600)
        #expect(try lines(path) == ["earlier", "2026-11-21T05:40:01.123Z INFO later"])
    }

    @Test func aLogRemovedBehindItsBackIsRecreated() throws {
        let path = directory.file("credsync.log")
        let log = try LogFile(path: path, maxBytes: 4096, keepFiles: 1, clock: ManualClock(nowMs: startMs))
        log.log(.info, "before")
        try FileManager.default.moveItem(atPath: path, toPath: directory.file("moved.log"))
        log.log(.info, "after")
        #expect(try lines(path) == ["2026-11-21T05:40:01.123Z INFO after"])
        #expect(try mode(path) == 0o600)
    }

    @Test func linesBelowTheThresholdAreDroppedUnbuilt() throws {
        let path = directory.file("credsync.log")
        let log = try LogFile(path: path, maxBytes: 4096, keepFiles: 1, level: .warn, clock: ManualClock(nowMs: 0))
        var built = 0
        func message(_ text: String) -> String {
            built += 1
            return text
        }
        log.log(.debug, message("debug"))
        log.log(.info, message("info"))
        log.log(.warn, message("warn"))
        log.log(.error, message("error"))
        #expect(built == 2)
        #expect(try lines(path).map { $0.split(separator: " ")[1] } == ["WARN", "ERROR"])
        #expect(!log.isEnabled(.info))
        #expect(log.isEnabled(.error))
    }

    @Test func messagesAndFieldsGoThroughTheRedactionPoint() throws {
        let path = directory.file("credsync.log")
        let log = try LogFile(
            path: path, maxBytes: 4096, keepFiles: 1, clock: ManualClock(nowMs: startMs),
            redact: { $0.replacingOccurrences(of: "s3cr3t", with: "****") })
        log.log(.info, "token s3cr3t refreshed", fields: ["authorization": "Bearer s3cr3t"])
        let text = try read(path)
        #expect(!text.contains("s3cr3t"))
        #expect(text.contains("token **** refreshed authorization=\"Bearer ****\""))
    }

    @Test func concurrentWritersProduceWholeLinesOnly() throws {
        let path = directory.file("credsync.log")
        let log = try LogFile(path: path, maxBytes: 16 * 1024, keepFiles: 50, clock: SystemClock())
        let threads = 6
        let perThread = 400
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for number in 0..<perThread {
                log.log(
                    .info, "writer \(thread) line \(number)", fields: ["padding": String(repeating: "p", count: 40)])
            }
        }
        var seen = Set<String>()
        let pattern = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO (writer \d+ line \d+) padding=p{40}$/
        for file in [path] + (1...50).map({ "\(path).\($0)" }) where FileManager.default.fileExists(atPath: file) {
            let text = try read(file)
            #expect(text.hasSuffix("\n"))
            #expect(text.utf8.count <= 16 * 1024)
            for line in text.split(separator: "\n") {
                let match = try #require(line.wholeMatch(of: pattern), "torn line: \(line)")
                seen.insert(String(match.output.1))
            }
        }
        #expect(seen.count == threads * perThread)
    }

    // MARK: - Formats and redaction

    /// The redaction the binary uses: a known secret, secret-named fields and `Bearer` credentials masked.
    static let redactor = Redactor(knownSecrets: ["s3cr3t-value"])

    func logBoth(_ format: LogFormat) throws -> [String] {
        let path = directory.file("\(format).log")
        let log = try LogFile(
            path: path, maxBytes: 1 << 20, keepFiles: 1, clock: ManualClock(nowMs: startMs), format: format,
            redact: { Self.redactor.redact($0) })
        log.log(
            .warn, "platform refused s3cr3t-value\nAuthorization: Bearer abc.def",
            fields: [
                "platform": "nsqf", "job": "12", "run": "40", "client_secret": "xyz", "note": "say \"hi\"",
                "pages": "3",
            ])
        log.log(.info, "plain")
        return try lines(path)
    }

    @Test func jsonLinesCarryTimeLevelContextMessageAndFieldsRedacted() throws {
        let lines = try logBoth(.json)
        #expect(lines.count == 2)
        #expect(
            lines[0] == #"{"time":"2026-11-21T05:40:01.123Z","level":"warn","platform":"nsqf","job":12,"run":40,"#
                + #""message":"platform refused ***\nAuthorization: ***","#
                + #""fields":{"client_secret":"***","note":"say \"hi\"","pages":"3"}}"#)
        #expect(lines[1] == #"{"time":"2026-11-21T05:40:01.123Z","level":"info","message":"plain","fields":{}}"#)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["message"] is String)
            #expect(!line.contains("s3cr3t") && !line.contains("xyz") && !line.contains("abc.def"))
        }
    }

    @Test func textLinesAreRedactedTheSameWay() throws {
        let lines = try logBoth(.text)
        #expect(
            lines == [
                "2026-11-21T05:40:01.123Z WARN platform refused ***\\nAuthorization: Bearer *** client_secret=*** "
                    + "job=12 note=\"say \\\"hi\\\"\" pages=3 platform=nsqf run=40",
                "2026-11-21T05:40:01.123Z INFO plain",
            ])
    }
}
