import CredSyncCore
import Foundation

/// Reads platform secrets — one JSON object — from `--secret-file`, `--secret-stdin` or an interactive prompt with
/// echo off. Never from a flag value, so secrets stay out of shell history and `ps`.
enum SecretInput {
    static let keys = ["apiKey", "apiSecret", "clientId", "clientSecret", "accessToken", "refreshToken", "username", "password"]

    /// The secrets the arguments point at; nil when none were asked for and no prompt is possible or needed.
    static func read(_ parsed: Arguments, authType: AuthType, promptIfMissing: Bool) throws -> PlatformSecrets? {
        if let path = parsed.option("--secret-file") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure("cannot read the secret file \(path); check the path and its permissions")
            }
            return try decode(data, source: path)
        }
        if parsed.flag("--secret-stdin") {
            return try decode(FileHandle.standardInput.readDataToEndOfFile(), source: "standard input")
        }
        guard promptIfMissing, authType != .none else { return nil }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandFailure(
                "auth type \(authType.rawValue) needs secrets: pass --secret-file FILE or --secret-stdin with a JSON "
                    + "object such as {\"apiKey\": \"…\"}")
        }
        return try prompt(for: authType)
    }

    private static func decode(_ data: Data, source: String) throws -> PlatformSecrets {
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(data))
        } catch let error as JSONError {
            // The parser's message names the problem, never the text around it.
            throw Arguments.UsageError(
                description: "the secrets in \(source) are not valid JSON at \(error.position(in: Array(data))): "
                    + error.message)
        }
        guard let object = value.objectValue else {
            throw Arguments.UsageError(
                description: "the secrets in \(source) are not a JSON object; expected e.g. {\"apiKey\": \"…\"}")
        }
        for key in object.keys.sorted() where !keys.contains(key) {
            let hint = NearestName.suggestion(for: key, among: keys).map { " — did you mean '\($0)'?" } ?? ""
            throw Arguments.UsageError(
                description: "unknown secret '\(key)' in \(source)\(hint); known: \(keys.joined(separator: ", "))")
        }
        var secrets = PlatformSecrets()
        secrets.apiKey = object["apiKey"]?.stringValue
        secrets.apiSecret = object["apiSecret"]?.stringValue
        secrets.clientId = object["clientId"]?.stringValue
        secrets.clientSecret = object["clientSecret"]?.stringValue
        secrets.accessToken = object["accessToken"]?.stringValue
        secrets.refreshToken = object["refreshToken"]?.stringValue
        secrets.username = object["username"]?.stringValue
        secrets.password = object["password"]?.stringValue
        return secrets
    }

    /// The fields each auth type asks for at the prompt.
    static func promptedFields(_ authType: AuthType) -> [String] {
        switch authType {
        case .none: []
        case .apiKey: ["apiKey"]
        case .bearer, .longLivedToken: ["accessToken"]
        case .basic: ["username", "password"]
        case .oauth2ClientCredentials: ["clientId", "clientSecret"]
        case .oauth2RefreshToken: ["clientId", "clientSecret", "refreshToken"]
        }
    }

    private static func prompt(for authType: AuthType) throws -> PlatformSecrets {
        var object = JSONObject()
        for field in promptedFields(authType) {
            FileHandle.standardError.write(Data("\(field): ".utf8))
            var original = termios()
            tcgetattr(STDIN_FILENO, &original)
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &silent)
            let line = readLine(strippingNewline: true) ?? ""
            tcsetattr(STDIN_FILENO, TCSANOW, &original)
            FileHandle.standardError.write(Data("\n".utf8))
            if !line.isEmpty { object[field] = .string(line) }
        }
        return try decode(Data(JSONValue.object(object).serialized.utf8), source: "the prompt")
    }
}
