import Foundation

/// The secret fields of a platform (SPEC §9), stored as one sealed JSON object in `platforms.credentials_encrypted`.
///
/// The JSON keys are the property names, as in the object read by `platforms add --secret-stdin`; unset fields are
/// left out. `description`, `debugDescription` and `dump` show only which fields are set, never their values.
public struct PlatformSecrets: Codable, Sendable, Equatable {
    /// The field name bound into the sealed blob's associated data.
    public static let field = "credentials"

    public var apiKey: String?
    public var apiSecret: String?
    public var clientId: String?
    public var clientSecret: String?
    public var accessToken: String?
    public var refreshToken: String?
    public var username: String?
    public var password: String?

    public init(
        apiKey: String? = nil, apiSecret: String? = nil, clientId: String? = nil, clientSecret: String? = nil,
        accessToken: String? = nil, refreshToken: String? = nil, username: String? = nil, password: String? = nil
    ) {
        self.apiKey = apiKey
        self.apiSecret = apiSecret
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.username = username
        self.password = password
    }

    /// Every field by its JSON name, in declaration order.
    var fields: [(name: String, value: String?)] {
        [
            ("apiKey", apiKey), ("apiSecret", apiSecret), ("clientId", clientId), ("clientSecret", clientSecret),
            ("accessToken", accessToken), ("refreshToken", refreshToken), ("username", username),
            ("password", password),
        ]
    }

    /// The names of the fields that hold a value, in declaration order.
    public var setFieldNames: [String] { fields.compactMap { $0.value == nil ? nil : $0.name } }

    // MARK: - Sealing

    /// The JSON object sealed by `box` for platform `platformId`, ready for `credentials_encrypted`. Registers the
    /// values with `SecretRegistry.shared`, so this process masks them wherever they appear.
    public func sealed(by box: SecretBox, platformId: Int64) throws -> [UInt8] {
        SecretRegistry.shared.register(self)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try box.seal(Array(encoder.encode(self)), platformId: platformId, field: PlatformSecrets.field)
    }

    /// Opens what `sealed(by:platformId:)` produced and registers the values with `SecretRegistry.shared`; throws
    /// `SecretError` naming `platformName` on any failure.
    public static func opened(
        _ blob: [UInt8], by box: SecretBox, platformId: Int64, platformName: String
    ) throws -> PlatformSecrets {
        let json = try box.open(blob, platformId: platformId, field: field, platformName: platformName)
        do {
            let secrets = try JSONDecoder().decode(PlatformSecrets.self, from: Data(json))
            SecretRegistry.shared.register(secrets)
            return secrets
        } catch {
            // The decoder's message could quote the secret values; only say what kind of damage it is.
            throw SecretError.malformed(
                platform: platformName, field: field, reason: "it is not a JSON object of secret fields")
        }
    }
}

// MARK: - Never print the values

extension PlatformSecrets: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "PlatformSecrets(" + setFieldNames.map { "\($0): ***" }.joined(separator: ", ") + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: setFieldNames.map { name -> Mirror.Child in (name, "***") }, displayStyle: .struct)
    }
}
