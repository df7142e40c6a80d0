import CredSyncCore
import Foundation

/// `credsync-sim` started next to this benchmark, serving one platform; its banner tells the URL and secrets.
/// `bannerFile`: the banner of one started by hand instead (under valgrind, which cannot spawn it), saved from its
/// output (`credsync-sim --platform bench:swayam:50000:7 > banner.txt &`).
final class SimulatorProcess {
    private let process = Process()
    let baseURL: String
    let secrets: PlatformSecrets
    let config: JSONObject

    init(platform: String, bannerFile: String? = nil) throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("credsync-sim")
        process.executableURL = executable
        process.arguments = ["--platform", platform]
        let output = Pipe()
        process.standardOutput = output
        var banner = ""
        if let bannerFile {
            // Read once: nothing writes to the pipe, so a banner without its config line is refused below.
            banner = try String(contentsOfFile: bannerFile, encoding: .utf8)
        } else {
            try process.run()
            let handle = output.fileHandleForReading
            while !banner.contains("config") {
                let chunk = handle.availableData
                guard !chunk.isEmpty else { throw CommandError("credsync-sim exited before it served") }
                banner += String(decoding: chunk, as: UTF8.self)
            }
        }
        func field(_ label: String) -> String? {
            banner.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }
                .map { String($0.trimmingCharacters(in: .whitespaces).dropFirst(label.count)).trimmingCharacters(in: .whitespaces) }
        }
        // A platform without auth prints no secrets line.
        let secretObject = field("secrets").flatMap { (try? JSONParser.parse($0))?.objectValue } ?? JSONObject()
        guard let url = field("base URL"), let configText = field("config") else { throw CommandError("cannot read credsync-sim's banner:\n\(banner)") }
        baseURL = url
        config = (try? JSONParser.parse(configText))?.objectValue ?? JSONObject()
        var secrets = PlatformSecrets()
        secrets.clientId = secretObject["clientId"]?.stringValue ?? secretObject["apiKey"]?.stringValue
        secrets.clientSecret = secretObject["clientSecret"]?.stringValue ?? secretObject["apiSecret"]?.stringValue
        secrets.apiKey = secretObject["apiKey"]?.stringValue
        secrets.accessToken = secretObject["accessToken"]?.stringValue
        self.secrets = secrets
    }

    func stop() {
        guard process.isRunning else { return }
        process.interrupt()
        process.waitUntilExit()
    }
}
