import CredSyncTestSupport
import Foundation
import Testing

/// `CREDSYNC_LOG_FORMAT=json` on the real daemon: the log file and the stderr mirror hold one JSON object per line.
@Suite struct StructuredLogTests {
    let home = TemporaryDirectory("credsync-jsonlog")

    @Test func theDaemonWritesOneJSONObjectPerLine() throws {
        let logPath = home.file("state/credsync/credsync.log")
        let daemon = CredsyncProcess(
            ["daemon"],
            environment: CredsyncProcess.environment(
                home: home.path, ["CREDSYNC_DB": home.file("log.db"), "CREDSYNC_LOG_FORMAT": "json"]))
        try daemon.start()
        #expect(
            eventually(timeoutSeconds: 15) {
                (try? String(contentsOfFile: logPath, encoding: .utf8))?.contains("engine started") == true
            })
        daemon.signal(SIGTERM)
        let result = daemon.wait()
        #expect(result.status == 0)
        for text in [try String(contentsOfFile: logPath, encoding: .utf8), result.stderr] {
            let lines = text.split(separator: "\n")
            #expect(lines.count >= 3)
            for line in lines {
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
                #expect(object["time"] is String && object["level"] is String && object["message"] is String)
                #expect(object["fields"] is [String: Any])
            }
            #expect(text.contains(#""message":"engine stopped""#))
        }
    }
}
