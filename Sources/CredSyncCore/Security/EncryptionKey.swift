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
        public var description: String { hexString(bytes) }
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
        let digits = Array(hex.utf8)
        guard digits.count == EncryptionKey.byteCount * 2 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(EncryptionKey.byteCount)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.init(bytes: bytes)
    }

    /// The key as 64 lower-case hex digits: the content of a key file and of `CREDSYNC_ENCRYPTION_KEY`.
    public var hexEncoded: String { hexString(bytes) }
}

// MARK: - Never print the key

extension EncryptionKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "EncryptionKey(id: \(id))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["id": id.description], displayStyle: .struct) }
}

// MARK: - Hex

private func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
}

private func hexValue(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
}
