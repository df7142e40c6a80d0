/// A master key that cannot be loaded or stored, phrased for the operator.
public enum KeyStoreError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `CREDSYNC_ENCRYPTION_KEY` (or `variable`) is set but is not 64 hex digits; `problem` says how ("it has 63
    /// characters").
    case invalidEnvironmentKey(variable: String = KeyStore.environmentVariable, problem: String)
    /// The key file does not exist and was not to be created.
    case keyFileMissing(path: String)
    /// The key file does not exist, but the database holds secrets sealed with a key: a new key would leave them
    /// unreadable, so none is created.
    case keyFileMissingWithSealedSecrets(path: String, platforms: [String])
    /// Group or others may read or write the key file; `mode` holds its permission bits.
    case keyFileTooOpen(path: String, mode: UInt32)
    /// The key file exists but does not hold a key; `problem` never quotes the content.
    case invalidKeyFile(path: String, problem: String)
    /// Neither `XDG_CONFIG_HOME` nor `HOME` gives a place for the default key file.
    case noKeyFileLocation
    /// A system call on the key file or its folder failed.
    case fileSystem(path: String, operation: String, reason: String)

    public var description: String {
        switch self {
        case .invalidEnvironmentKey(let variable, let problem):
            "\(variable) must be exactly 64 hex characters (a 32-byte key) but \(problem); "
                + "set it to the content of a credsync key file, or unset it to use the key file"
        case .keyFileMissing(let path):
            "no encryption key: \(KeyStore.environmentVariable) is not set and key file \(path) does not exist; "
                + "restore the key file or set \(KeyStore.environmentVariable)"
        case .keyFileMissingWithSealedSecrets(let path, let platforms):
            "key file \(path) is missing, but the secrets of \(platforms.count) platform\(platforms.count == 1 ? "" : "s") "
                + "(\(platforms.joined(separator: ", "))) are sealed with a key; restore the key file from a backup, "
                + "set \(KeyStore.environmentVariable) to the old key, or run 'credsync key reset --yes' to start a "
                + "new key and re-enter those secrets"
        case .keyFileTooOpen(let path, let mode):
            "key file \(path) is \(mode & 0o044 != 0 ? "readable" : "writable") by other users "
                + "(mode \(KeyStoreError.octal(mode))); run 'chmod 600 \(path)'"
        case .invalidKeyFile(let path, let problem):
            "key file \(path) does not hold a credsync key: \(problem); restore it from a backup, or move it away to "
                + "create a new key (secrets encrypted with the old key must then be re-entered)"
        case .noKeyFileLocation:
            "cannot place the key file: neither XDG_CONFIG_HOME nor HOME is set; set HOME or "
                + KeyStore.environmentVariable
        case .fileSystem(let path, let operation, let reason):
            "cannot \(operation) \(path): \(reason); check the path and its permissions"
        }
    }

    /// Permission bits as `ls -l` users know them from chmod: "0644".
    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
