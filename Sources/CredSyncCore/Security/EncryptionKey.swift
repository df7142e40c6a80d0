/// A 256-bit master key for `SecretBox`, with the id that every blob sealed by it carries.
///
/// The id is the first 8 bytes of the key's SHA-256 digest, shown as 16 hex digits: it names a key in error
/// messages and lets a box holding several keys pick the right one, without revealing anything useful about the key.
/// `description`, `debugDescription` and `dump` show only the id.
public struct EncryptionKey: Sendable, Equatable {
    /// The 8-byte fingerprint stored in sealed blobs.
    public struct ID: Hashable, Sendable, CustomStringConvertible {
        public static let byteCount = 8
        public let bytes: [UInt8]

        /// Nil unless `bytes` has exactly `byteCount` bytes.
        public init?(bytes: [UInt8]) {
            guard bytes.count == ID.byteCount else { return nil }
            self.bytes = bytes
        }

        /// 16 lower-case hex digits.
        public var description: String { Hex.encode(bytes) }
    }

    public static let byteCount = 32

    public let bytes: [UInt8]
    public let id: ID

    /// Nil unless `bytes` has exactly 32 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == EncryptionKey.byteCount else { return nil }
        self.bytes = bytes
        self.id = ID(bytes: Array(Crypto.sha256(bytes).prefix(ID.byteCount)))!
    }

    /// Parses 64 hex digits (either case, nothing else); nil for anything else.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == EncryptionKey.byteCount * 2, let bytes = Hex.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }

    /// The key as 64 lower-case hex digits: the content of a key file and of `CREDSYNC_ENCRYPTION_KEY`.
    public var hexEncoded: String { Hex.encode(bytes) }
}

// MARK: - Never print the key

extension EncryptionKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "EncryptionKey(id: \(id))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["id": id.description], displayStyle: .struct) }
}
