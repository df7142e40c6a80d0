/// Seals and opens platform secrets with AES-256-GCM under the current key, and opens with older keys during a
/// key rotation.
///
/// A sealed blob describes itself (format version 1):
///
///     offset  size  content
///          0     1  format version, 0x01
///          1     8  key id: first 8 bytes of SHA-256 of the key (`EncryptionKey.ID`)
///          9    12  nonce, fresh from RAND_bytes for every seal
///         21     n  ciphertext, as long as the plaintext
///       21+n    16  GCM tag
///
/// The associated data is the 9-byte header followed by the UTF-8 of
/// `credsync:v1:platform=<platformId>:field=<field>`, so a blob copied to another row or column, or given another
/// header, fails to open. The field name comes last, so the encoding stays unambiguous whatever it contains.
public struct SecretBox: Sendable {
    public static let formatVersion: UInt8 = 1
    static let headerByteCount = 1 + EncryptionKey.ID.byteCount
    static let minimumBlobByteCount = headerByteCount + Crypto.nonceByteCount + Crypto.tagByteCount

    /// The key every `seal` uses.
    public let currentKey: EncryptionKey
    private let keysByID: [EncryptionKey.ID: EncryptionKey]

    /// A box that seals with `currentKey` and opens blobs sealed with it or with any of `previousKeys`.
    public init(currentKey: EncryptionKey, previousKeys: [EncryptionKey] = []) {
        self.currentKey = currentKey
        var keysByID: [EncryptionKey.ID: EncryptionKey] = [:]
        for key in previousKeys { keysByID[key.id] = key }
        keysByID[currentKey.id] = currentKey
        self.keysByID = keysByID
    }

    // MARK: - Sealing

    /// Encrypts `plaintext` for column `field` of platform `platformId`; every call draws a fresh nonce.
    ///
    /// Throws `CryptoError.failed` only when libcrypto fails (no randomness, broken installation).
    public func seal(_ plaintext: [UInt8], platformId: Int64, field: String) throws -> [UInt8] {
        precondition(!field.isEmpty, "a sealed secret needs a field name")
        let header = [SecretBox.formatVersion] + currentKey.id.bytes
        let nonce = try Crypto.randomBytes(Crypto.nonceByteCount)
        let (ciphertext, tag) = try Crypto.aes256GCMSeal(
            key: currentKey.bytes, nonce: nonce, plaintext: plaintext,
            aad: SecretBox.associatedData(header: header, platformId: platformId, field: field))
        return header + nonce + ciphertext + tag
    }

    /// Seals the UTF-8 of `plaintext`.
    public func seal(_ plaintext: String, platformId: Int64, field: String) throws -> [UInt8] {
        try seal(Array(plaintext.utf8), platformId: platformId, field: field)
    }

    // MARK: - Opening

    /// Decrypts a blob made by `seal` for the same `platformId` and `field`.
    ///
    /// Throws `SecretError` naming `platformName` when the blob is damaged, was moved from another platform or
    /// field, or was sealed with a key this box does not hold. Never returns unauthenticated bytes.
    public func open(_ blob: [UInt8], platformId: Int64, field: String, platformName: String) throws -> [UInt8] {
        guard let version = blob.first else {
            throw SecretError.malformed(platform: platformName, field: field, reason: "it is empty")
        }
        guard version == SecretBox.formatVersion else {
            throw SecretError.unsupportedVersion(platform: platformName, field: field, version: version)
        }
        guard blob.count >= SecretBox.minimumBlobByteCount else {
            throw SecretError.malformed(
                platform: platformName, field: field,
                reason: "\(blob.count) bytes, shorter than the \(SecretBox.minimumBlobByteCount) of an empty secret")
        }
        let header = Array(blob[0..<SecretBox.headerByteCount])
        let keyID = EncryptionKey.ID(bytes: Array(header[1...]))!
        guard let key = keysByID[keyID] else {
            throw SecretError.unknownKey(
                platform: platformName, field: field, sealedWith: keyID, configured: currentKey.id)
        }
        let nonceEnd = SecretBox.headerByteCount + Crypto.nonceByteCount
        let tagStart = blob.count - Crypto.tagByteCount
        do {
            return try Crypto.aes256GCMOpen(
                key: key.bytes, nonce: Array(blob[SecretBox.headerByteCount..<nonceEnd]),
                ciphertext: Array(blob[nonceEnd..<tagStart]), tag: Array(blob[tagStart...]),
                aad: SecretBox.associatedData(header: header, platformId: platformId, field: field))
        } catch CryptoError.authenticationFailed {
            throw SecretError.cannotDecrypt(platform: platformName, field: field)
        }
    }

    /// Opens a blob sealed from a `String`.
    public func openString(_ blob: [UInt8], platformId: Int64, field: String, platformName: String) throws -> String {
        let bytes = try open(blob, platformId: platformId, field: field, platformName: platformName)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SecretError.malformed(platform: platformName, field: field, reason: "it is not UTF-8 text")
        }
        return text
    }

    // MARK: - Key rotation

    /// The id of the key that sealed `blob`, or nil when `blob` is not a version-1 sealed secret.
    ///
    /// `credsync key rotate` re-seals every blob whose key id is not `currentKey.id`.
    public static func keyID(of blob: [UInt8]) -> EncryptionKey.ID? {
        guard blob.count >= minimumBlobByteCount, blob[0] == formatVersion else { return nil }
        return EncryptionKey.ID(bytes: Array(blob[1..<headerByteCount]))
    }

    /// Opens `blob` with whichever key sealed it and seals the plaintext again under `currentKey`.
    public func reseal(_ blob: [UInt8], platformId: Int64, field: String, platformName: String) throws -> [UInt8] {
        try seal(
            open(blob, platformId: platformId, field: field, platformName: platformName),
            platformId: platformId, field: field)
    }

    // MARK: - Associated data

    static func associatedData(header: [UInt8], platformId: Int64, field: String) -> [UInt8] {
        header + Array("credsync:v1:platform=\(platformId):field=\(field)".utf8)
    }
}
