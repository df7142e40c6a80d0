/// A recipient identity published only as a salted hash, as Open Badges does (`hashed: true`).
///
/// The hash is SHA-256 of the identifier's normal form followed by the salt, written `sha256$` and hex digits
/// (either case). It is matched by hashing each candidate's normalised email or phone with the same salt; see
/// `UserDirectory.usersMatching(hashed:)`.
public struct HashedIdentity: Sendable, Hashable {
    /// Why an `identityHash` could not be read.
    public enum ReadError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The part before `$` names an algorithm other than sha256 (md5, for one, is not accepted).
        case unsupportedAlgorithm(String)
        /// Not `sha256$` followed by 64 hex digits.
        case malformed

        public var description: String {
            switch self {
            case .unsupportedAlgorithm(let name): "unsupported hash algorithm \"\(name)\""
            case .malformed: "expected sha256$ and 64 hex digits"
            }
        }
    }

    /// The only algorithm read.
    public static let sha256 = "sha256"

    public let type: IdentifierType
    /// Always `sha256`.
    public let algorithm: String
    /// 64 lower-case hex digits.
    public let hashHex: String
    /// The salt appended to the identifier before hashing; "" when the credential gives none.
    public let salt: String
    /// The 32 bytes `hashHex` spells, compared with candidates' digests.
    let digest: [UInt8]

    /// Reads an Open Badges `identityHash` such as `sha256$ECF5…`; a missing salt is "".
    public init(type: IdentifierType, identityHash: String, salt: String?) throws(ReadError) {
        let parts = identityHash.split(separator: "$", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .malformed }
        guard parts[0].lowercased() == HashedIdentity.sha256 else { throw .unsupportedAlgorithm(String(parts[0])) }
        guard let digest = Hex.decode(parts[1]), digest.count == Crypto.sha256ByteCount else { throw .malformed }
        self.type = type
        self.algorithm = HashedIdentity.sha256
        self.hashHex = parts[1].lowercased()
        self.salt = salt ?? ""
        self.digest = digest
    }

    /// Whether `normalizedIdentifier` (an `EmailNormalizer` or `PhoneNormalizer` result) followed by the salt hashes
    /// to this identity.
    public func matches(_ normalizedIdentifier: String) -> Bool {
        HashedIdentity.digest(of: normalizedIdentifier, salt: salt) == digest
    }

    /// SHA-256 of the identifier's UTF-8 bytes followed by the salt's: the one definition of the hash, shared with
    /// `UserDirectory`'s batch lookup.
    static func digest(of normalizedIdentifier: String, salt: String) -> [UInt8] {
        Crypto.sha256(Array(normalizedIdentifier.utf8) + Array(salt.utf8))
    }

    /// The identity as Open Badges writes it: `sha256$` and lower-case hex.
    public var identityHash: String { "\(algorithm)$\(hashHex)" }
}
