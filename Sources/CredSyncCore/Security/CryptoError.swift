/// A failure inside libcrypto, or a ciphertext that does not authenticate.
///
/// `SecretBox` reports a failed authentication as a `SecretError` naming the platform; `.failed` reaches the caller.
public enum CryptoError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The key, nonce, ciphertext, tag or associated data differ from those that were sealed.
    case authenticationFailed
    /// libcrypto refused an operation; `reason` is OpenSSL's error string.
    case failed(String, reason: String)

    public var description: String {
        switch self {
        case .authenticationFailed:
            "AES-256-GCM authentication failed: wrong key or modified data"
        case .failed(let operation, let reason):
            "libcrypto \(operation) failed: \(reason); check the OpenSSL installation (libssl3 and its configuration)"
        }
    }
}
