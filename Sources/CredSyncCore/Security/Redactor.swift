/// Masks secrets in text before it is logged, stored as an error, audited or printed (SPEC §7). Pure: the same
/// input and known secrets give the same output.
///
/// What it masks, with `***`:
/// - every occurrence of a known secret value (the plain texts this process has opened; see `SecretRegistry`);
/// - `name=value` pairs whose name says secret (`access_token=…`, `client_secret=…`, `password=…`, log fields such
///   as `apiKey=…`), in form bodies, query strings and log lines alike;
/// - JSON members with such a name and a string value (`"refresh_token": "…"`);
/// - `Authorization:`, `X-API-Key:` and `Cookie:` header values;
/// - in messages only: the credentials after `Bearer` (that spelling: "a bearer token" in a sentence stays), and the query string, fragment and user information of every
///   `http(s)://` URL (documents keep their URLs' queries, minus the secret parameters).
///
/// A name "says secret" when, lower-cased with everything but letters and digits dropped, it is `token`, `secret`,
/// `password`, `apikey`, `authorization`, `signature`… or ends in `token`, `secret`, `password` or `apikey`:
/// `accessToken`, `refresh_token`, `clientSecret`, `X-API-Key` — but not `token_type` or `tokenUrl`.
public struct Redactor: Sendable {
    /// What replaces a secret.
    public static let mask = "***"

    /// Where the text goes, which decides how much of it may stay.
    public enum Mode: Sendable {
        /// Log lines and error messages: URLs also lose their query strings, `Bearer` credentials are masked.
        case message
        /// `--json` output, exports, stored documents: data stays as it is except for the secrets themselves.
        case document
    }

    /// Known secret values, longest first, so a secret that contains another is masked whole.
    public let knownSecrets: [String]
    private let knownSecretBytes: [[UInt8]]

    public init(knownSecrets: some Sequence<String> = [String]()) {
        let unique = Set(knownSecrets.filter { !$0.isEmpty })
        self.knownSecrets = unique.sorted { ($0.utf8.count, $0) > ($1.utf8.count, $1) }
        knownSecretBytes = self.knownSecrets.map { Array($0.utf8) }
    }

    // MARK: - Text

    /// `text` with every secret it contains masked.
    public func redact(_ text: String, mode: Mode = .message) -> String {
        var bytes = Array(text.utf8)
        var changed = false
        for secret in knownSecretBytes {
            if let replaced = Self.replacing(secret, in: bytes) {
                bytes = replaced
                changed = true
            }
        }
        var scanner = RedactionScanner(bytes: bytes, mode: mode)
        let output = scanner.run()
        return changed || scanner.changed ? String(decoding: output, as: UTF8.self) : text
    }

    /// A JSON value with the values of secret-named members masked and every string redacted as `mode` text.
    public func redact(_ value: JSONValue, mode: Mode = .message) -> JSONValue {
        switch value {
        case .string(let text):
            return .string(redact(text, mode: mode))
        case .array(let array):
            return .array(array.map { redact($0, mode: mode) })
        case .object(let object):
            var result = JSONObject()
            for (key, member) in object {
                switch member {
                case .string, .number, .integer:
                    result[key] = Self.isSecretName(key) ? .string(Self.mask) : redact(member, mode: mode)
                default:
                    result[key] = redact(member, mode: mode)
                }
            }
            return .object(result)
        case .null, .bool, .number, .integer:
            return value
        }
    }

    /// Every member of `object` redacted: for audit details.
    public func redact(_ object: JSONObject, mode: Mode = .message) -> JSONObject {
        redact(.object(object), mode: mode).objectValue ?? object
    }

    // MARK: - Names

    /// Whether a field, parameter or header called `name` holds a secret.
    public static func isSecretName(_ name: some StringProtocol) -> Bool {
        var normalized: [UInt8] = []
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): normalized.append(byte + 32)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): normalized.append(byte)
            default: continue
            }
        }
        return isSecretNormalizedName(normalized)
    }

    private static let exactSecretNames: Set<[UInt8]> = Set(
        [
            "token", "secret", "password", "passwd", "pwd", "apikey", "authorization", "proxyauthorization",
            "signature", "sig", "privatekey", "clientassertion", "cookie", "setcookie",
        ].map { Array($0.utf8) })
    private static let secretNameSuffixes: [[UInt8]] = ["token", "secret", "password", "apikey", "privatekey"]
        .map { Array($0.utf8) }
    /// Header names whose `Name: value` form is masked in free text (`token: …` in a sentence is not a header).
    private static let secretHeaderNames: Set<[UInt8]> = Set(
        [
            "authorization", "proxyauthorization", "xapikey", "apikey", "cookie", "setcookie", "xauthtoken",
            "xaccesstoken",
        ].map { Array($0.utf8) })

    fileprivate static func isSecretNormalizedName(_ name: [UInt8]) -> Bool {
        exactSecretNames.contains(name) || secretNameSuffixes.contains { name.count > $0.count && name.ends(with: $0) }
    }

    fileprivate static func isSecretHeaderName(_ name: [UInt8]) -> Bool {
        secretHeaderNames.contains(name)
    }

    fileprivate static func normalized(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.compactMap { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): byte
            default: nil
            }
        }
    }

    // MARK: - Known secrets

    /// `bytes` with every occurrence of `secret` masked; nil when there is none.
    private static func replacing(_ secret: [UInt8], in bytes: [UInt8]) -> [UInt8]? {
        guard let first = secret.first, bytes.count >= secret.count else { return nil }
        var output: [UInt8] = []
        var copiedUpTo = 0
        var index = 0
        let last = bytes.count - secret.count
        while index <= last {
            if bytes[index] == first && bytes[index..<index + secret.count].elementsEqual(secret) {
                if output.isEmpty { output.reserveCapacity(bytes.count) }
                output += bytes[copiedUpTo..<index]
                output += Array(mask.utf8)
                index += secret.count
                copiedUpTo = index
            } else {
                index += 1
            }
        }
        guard copiedUpTo > 0 else { return nil }
        output += bytes[copiedUpTo...]
        return output
    }
}

// MARK: - The scanner

/// One left-to-right pass over UTF-8 bytes that copies them to `output`, masking what the rules match.
private struct RedactionScanner {
    let bytes: [UInt8]
    let mode: Redactor.Mode
    var output: [UInt8] = []
    var index = 0
    /// Whether anything was masked or dropped.
    var changed = false

    init(bytes: [UInt8], mode: Redactor.Mode) {
        self.bytes = bytes
        self.mode = mode
        output.reserveCapacity(bytes.count)
    }

    static let maskBytes = Array(Redactor.mask.utf8)

    mutating func run() -> [UInt8] {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\""), maskJSONMember() { continue }
            if isNameByte(byte) && (index == 0 || !isNameByte(bytes[index - 1])) {
                if mode == .message, copyURL() { continue }
                copyName()
                continue
            }
            output.append(byte)
            index += 1
        }
        return output
    }

    // MARK: JSON members

    /// At a `"`: when it opens a secret-named member with a string value, writes the member with its value masked
    /// and returns true.
    mutating func maskJSONMember() -> Bool {
        guard let keyEnd = stringEnd(from: index) else { return false }
        let key = bytes[(index + 1)..<(keyEnd - 1)]
        var cursor = skipSpaces(from: keyEnd)
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else { return false }
        cursor = skipSpaces(from: cursor + 1)
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\""),
            Redactor.isSecretNormalizedName(Redactor.normalized(key)), let valueEnd = stringEnd(from: cursor)
        else { return false }
        output += bytes[index...cursor]
        output += Self.maskBytes
        output.append(UInt8(ascii: "\""))
        index = valueEnd
        changed = true
        return true
    }

    /// The index just past the string that opens at `start` (a `"`), honouring backslash escapes.
    func stringEnd(from start: Int) -> Int? {
        var cursor = start + 1
        while cursor < bytes.count {
            switch bytes[cursor] {
            case UInt8(ascii: "\\"): cursor += 2
            case UInt8(ascii: "\""): return cursor + 1
            case UInt8(ascii: "\n"): return nil
            default: cursor += 1
            }
        }
        return nil
    }

    func skipSpaces(from start: Int) -> Int {
        var cursor = start
        while cursor < bytes.count && (bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t")) {
            cursor += 1
        }
        return cursor
    }

    // MARK: Names: parameters, headers, Bearer

    /// Copies the name at `index` and masks the value after it when the name says secret.
    mutating func copyName() {
        var end = index
        while end < bytes.count && isNameByte(bytes[end]) { end += 1 }
        let name = bytes[index..<end]
        output += name
        index = end
        guard end < bytes.count else { return }
        let normalized = Redactor.normalized(name)
        if bytes[end] == UInt8(ascii: "="), Redactor.isSecretNormalizedName(normalized) {
            output.append(UInt8(ascii: "="))
            index = maskValue(from: end + 1)
        } else if bytes[end] == UInt8(ascii: ":"), Redactor.isSecretHeaderName(normalized) {
            let valueStart = skipSpaces(from: end + 1)
            output += bytes[end..<valueStart]
            var valueEnd = valueStart
            while valueEnd < bytes.count && !isHeaderValueEnd(bytes[valueEnd]) { valueEnd += 1 }
            if valueEnd > valueStart {
                output += Self.maskBytes
                changed = true
            }
            index = valueEnd
        } else if mode == .message, name.elementsEqual("Bearer".utf8), bytes[end] == UInt8(ascii: " ") {
            let tokenStart = skipSpaces(from: end)
            var tokenEnd = tokenStart
            while tokenEnd < bytes.count && isTokenByte(bytes[tokenEnd]) { tokenEnd += 1 }
            guard tokenEnd > tokenStart else { return }
            output += bytes[end..<tokenStart]
            output += Self.maskBytes
            changed = true
            index = tokenEnd
        }
    }

    /// Masks a parameter value, quoted (`"…"`, as log fields quote) or up to the next separator; returns the index
    /// after it.
    mutating func maskValue(from start: Int) -> Int {
        if start < bytes.count, bytes[start] == UInt8(ascii: "\""), let end = stringEnd(from: start) {
            output += [UInt8(ascii: "\"")] + Self.maskBytes + [UInt8(ascii: "\"")]
            changed = true
            return end
        }
        var end = start
        while end < bytes.count && !isParameterValueEnd(bytes[end]) { end += 1 }
        if end > start {
            output += Self.maskBytes
            changed = true
        }
        return end
    }

    // MARK: URLs

    /// At a name start: when an `http(s)://` URL starts here, writes it without query, fragment and user
    /// information and returns true.
    mutating func copyURL() -> Bool {
        guard startsWith("http://") || startsWith("https://") else { return false }
        var end = index
        while end < bytes.count && !isURLEnd(bytes[end]) { end += 1 }
        let url = String(decoding: bytes[index..<end], as: UTF8.self)
        let kept = URLRedaction.withoutQuery(url)
        output += Array(kept.utf8)
        changed = changed || kept != url
        index = end
        return true
    }

    func startsWith(_ prefix: String) -> Bool {
        let prefixBytes = Array(prefix.utf8)
        guard bytes.count - index >= prefixBytes.count else { return false }
        for (offset, expected) in prefixBytes.enumerated() {
            var byte = bytes[index + offset]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 32 }
            if byte != expected { return false }
        }
        return true
    }

    // MARK: Byte classes

    func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        default: false
        }
    }

    /// RFC 6750's b64token characters.
    func isTokenByte(_ byte: UInt8) -> Bool {
        isNameByte(byte) || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
            || byte == UInt8(ascii: "=")
    }

    func isParameterValueEnd(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
            UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ")"),
            UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"),
            UInt8(ascii: "#"):
            true
        default: false
        }
    }

    func isHeaderValueEnd(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"),
            UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "}"):
            true
        default: false
        }
    }

    func isURLEnd(_ byte: UInt8) -> Bool {
        switch byte {
        case 0..<0x21, 0x7F, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"), UInt8(ascii: ">"),
            UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
            true
        default: false
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
