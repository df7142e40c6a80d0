import Foundation

/// The plain texts of the secrets this process has opened or received, so that `redact` masks them wherever they
/// turn up: a platform echoing a client secret in an error body, a token quoted in a log line.
///
/// `PlatformSecrets` registers its values when it is opened or sealed, `TokenStore` and `TokenRefresher` register
/// tokens. Each value is also registered in the forms it takes on the wire and in JSON (form-encoded, JSON-escaped).
/// Values shorter than `minimumLength` are not registered: masking every "admin" in a log would hide more than it
/// protects, and the name-based rules of `Redactor` still apply to them. Thread safe.
public final class SecretRegistry: @unchecked Sendable {
    /// The registry the whole process uses.
    public static let shared = SecretRegistry()

    /// Shorter values are not worth masking by value.
    public static let minimumLength = 6
    /// The most values kept; the oldest go first (rotated tokens of a long-running daemon).
    public static let capacity = 2_000

    private let lock = NSLock()
    private var values: [String] = []
    private var known: Set<String> = []
    private var cachedRedactor: Redactor?

    public init() {}

    /// Remembers `secret` (and its encoded forms) for masking.
    public func register(_ secret: String?) {
        guard let secret, secret.count >= Self.minimumLength else { return }
        let forms = [secret, FormURLEncoding.percentEncode(secret), Self.jsonEscaped(secret)]
        lock.withLock {
            for form in forms where !known.contains(form) {
                known.insert(form)
                values.append(form)
                cachedRedactor = nil
            }
            if values.count > Self.capacity {
                let dropped = values.prefix(values.count - Self.capacity)
                known.subtract(dropped)
                values.removeFirst(dropped.count)
            }
        }
    }

    /// Remembers every secret field of `secrets`, each also base64-encoded, and the `user:password` pair of HTTP
    /// Basic auth in plain and base64 form (as an `Authorization` header carries it); identifiers alone
    /// (`clientId`, `username`) are not secrets.
    public func register(_ secrets: PlatformSecrets) {
        for value in [
            secrets.apiKey, secrets.apiSecret, secrets.clientSecret, secrets.accessToken, secrets.refreshToken,
            secrets.password,
        ] {
            register(value)
            register(value.map(Self.base64))
        }
        if let user = secrets.username ?? secrets.apiKey {
            let pair = "\(user):\(secrets.password ?? "")"
            if secrets.password?.isEmpty == false || secrets.username == nil { register(pair) }
            register(Self.base64(pair))
        }
    }

    private static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }

    /// A redactor that knows every registered value.
    public var redactor: Redactor {
        lock.withLock {
            if let cachedRedactor { return cachedRedactor }
            let redactor = Redactor(knownSecrets: values)
            cachedRedactor = redactor
            return redactor
        }
    }

    /// `text` with registered values and secret-looking fields masked.
    public func redact(_ text: String, mode: Redactor.Mode = .message) -> String {
        redactor.redact(text, mode: mode)
    }

    private static func jsonEscaped(_ text: String) -> String {
        var output = ""
        JSONValue.writeString(text, to: &output)
        return String(output.dropFirst().dropLast())
    }
}
