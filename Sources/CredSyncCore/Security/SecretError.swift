/// A stored secret that cannot be opened, phrased for the operator: which platform, which field, what to do.
public enum SecretError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Authentication failed: the blob was modified, or belongs to another platform or field.
    case cannotDecrypt(platform: String, field: String)
    /// The blob was sealed with a key the box does not hold.
    case unknownKey(platform: String, field: String, sealedWith: EncryptionKey.ID, configured: EncryptionKey.ID)
    /// The blob was written in a format version this build does not know.
    case unsupportedVersion(platform: String, field: String, version: UInt8)
    /// The blob is too short to be a sealed secret, or its opened content is not what the field holds.
    case malformed(platform: String, field: String, reason: String)

    public var description: String {
        switch self {
        case .cannotDecrypt(let platform, let field):
            "the stored secret \(field) of platform '\(platform)' cannot be decrypted: it was modified or belongs to "
                + "another platform; re-enter the platform's secrets"
        case .unknownKey(let platform, _, let sealedWith, let configured):
            "the secrets of platform '\(platform)' were encrypted with key \(sealedWith) but the configured key is "
                + "\(configured); set CREDSYNC_ENCRYPTION_KEY or the key file to the key that encrypted them "
                + "(or re-enter the secrets)"
        case .unsupportedVersion(let platform, let field, let version):
            "the stored secret \(field) of platform '\(platform)' uses secret format \(version), which this credsync "
                + "does not know; upgrade credsync or re-enter the platform's secrets"
        case .malformed(let platform, let field, let reason):
            "the stored secret \(field) of platform '\(platform)' is damaged (\(reason)); "
                + "re-enter the platform's secrets"
        }
    }
}
