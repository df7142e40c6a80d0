import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Finds, creates and writes the master key.
///
/// The key comes from `CREDSYNC_ENCRYPTION_KEY` (64 hex digits) when that variable is set, else from the key file:
/// 64 hex digits and a newline, mode 0600, in a folder with mode 0700. A key file that group or others may read or
/// write is refused, as ssh refuses an open private key.
public enum KeyStore {
    public static let environmentVariable = "CREDSYNC_ENCRYPTION_KEY"
    /// The key being rotated away from, when the key comes from the environment (see `KeyRing`).
    public static let previousEnvironmentVariable = "CREDSYNC_PREVIOUS_ENCRYPTION_KEY"

    /// A key file is a few dozen bytes; reading stops here so a wrong path cannot load a huge file.
    private static let maximumKeyFileByteCount = 4_096

    // MARK: - Loading

    /// The key to use: `CREDSYNC_ENCRYPTION_KEY` when set (even if a key file exists), else the key file at
    /// `keyFilePath` (default `defaultKeyFilePath(environment:)`), created with a new random key when it is missing
    /// and `createIfMissing` is true.
    ///
    /// A set but invalid variable is an error, never a silent fall-back to the file.
    public static func loadKey(
        environment: [String: String] = ProcessInfo.processInfo.environment, keyFilePath: String? = nil,
        createIfMissing: Bool = true
    ) throws -> EncryptionKey {
        if let text = environment[environmentVariable] {
            return try key(fromEnvironmentValue: text)
        }
        let path = try keyFilePath ?? defaultKeyFilePath(environment: environment)
        do {
            return try readKeyFile(at: path)
        } catch KeyStoreError.keyFileMissing(let missingPath) where createIfMissing {
            return try createKeyFile(at: missingPath)
        }
    }

    /// `$XDG_CONFIG_HOME/credsync/key`, or `$HOME/.config/credsync/key` when `XDG_CONFIG_HOME` is unset, empty or
    /// relative (the XDG Base Directory specification says to ignore a relative path).
    public static func defaultKeyFilePath(environment: [String: String]) throws -> String {
        if let configHome = environment["XDG_CONFIG_HOME"], configHome.hasPrefix("/") {
            return "\(configHome)/credsync/key"
        }
        if let home = environment["HOME"], !home.isEmpty {
            return "\(home)/.config/credsync/key"
        }
        throw KeyStoreError.noKeyFileLocation
    }

    /// A new key of 32 bytes from OpenSSL's CSPRNG.
    public static func generate() throws -> EncryptionKey {
        EncryptionKey(bytes: try Crypto.randomBytes(EncryptionKey.byteCount))!
    }

    /// The key in the file at `path`, after checking that only its owner can read or write it.
    ///
    /// Throws `KeyStoreError.keyFileMissing` when there is no file, `.keyFileTooOpen` when group or others have any
    /// permission bit, `.invalidKeyFile` when the content is not 64 hex digits (surrounding whitespace allowed).
    public static func readKeyFile(at path: String) throws -> EncryptionKey {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { throw KeyStoreError.keyFileMissing(path: path) }
            throw systemError(path, "read key file")
        }
        defer { close(descriptor) }
        // Checked on the open descriptor, so the file read is the file checked.
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw systemError(path, "inspect key file") }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw KeyStoreError.invalidKeyFile(path: path, problem: "it is not a regular file")
        }
        guard status.st_mode & 0o077 == 0 else {
            throw KeyStoreError.keyFileTooOpen(path: path, mode: status.st_mode & 0o7777)
        }
        var content: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: maximumKeyFileByteCount + 1)
        while content.count <= maximumKeyFileByteCount {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw systemError(path, "read key file") }
            if count == 0 { break }
            content += buffer[0..<count]
        }
        let text = String(decoding: content, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.count == EncryptionKey.byteCount * 2 else {
            let found = content.count > maximumKeyFileByteCount ? "more than 4 KiB" : "\(text.utf8.count) characters"
            throw KeyStoreError.invalidKeyFile(
                path: path, problem: "expected 64 hex characters and a newline, found \(found)")
        }
        guard let key = EncryptionKey(hex: text) else {
            throw KeyStoreError.invalidKeyFile(path: path, problem: "it contains a character that is not a hex digit")
        }
        return key
    }

    // MARK: - Writing

    /// Creates the key file at `path` with a new key, unless another process creates it first: then that file's
    /// key is returned, so concurrent first starts agree on one key.
    ///
    /// The key is written and synced to a temporary file that is then hard-linked into place; `link` fails with
    /// EEXIST rather than replacing, so no reader ever sees a half-written key file.
    public static func createKeyFile(at path: String) throws -> EncryptionKey {
        let key = try generate()
        let temporaryPath = try writeTemporaryKeyFile(key, besides: path)
        defer { unlink(temporaryPath) }
        guard link(temporaryPath, path) == 0 else {
            if errno == EEXIST { return try readKeyFile(at: path) }
            throw systemError(path, "create key file")
        }
        try syncFolder(of: path)
        return key
    }

    /// Atomically replaces (or creates) the key file at `path` with `key`: written to a temporary file with mode
    /// 0600, synced, then renamed over the old file. For `credsync key rotate`.
    public static func writeKeyFile(_ key: EncryptionKey, to path: String) throws {
        let temporaryPath = try writeTemporaryKeyFile(key, besides: path)
        guard rename(temporaryPath, path) == 0 else {
            let error = systemError(path, "replace key file")
            unlink(temporaryPath)
            throw error
        }
        try syncFolder(of: path)
    }

    /// Moves the key file at `pendingPath` over the one at `path` (atomically; the old key is gone) and makes the
    /// rename durable. The last step of `credsync key rotate`.
    public static func promoteKeyFile(at pendingPath: String, to path: String) throws {
        guard rename(pendingPath, path) == 0 else { throw systemError(path, "replace key file") }
        try syncFolder(of: path)
    }

    // MARK: - Helpers

    /// The key in environment variable `variable` (64 hex digits).
    static func key(fromEnvironmentValue text: String, variable: String = environmentVariable) throws -> EncryptionKey {
        guard !text.isEmpty else {
            throw KeyStoreError.invalidEnvironmentKey(variable: variable, problem: "it is empty")
        }
        guard text.utf8.count == EncryptionKey.byteCount * 2 else {
            throw KeyStoreError.invalidEnvironmentKey(
                variable: variable, problem: "it has \(text.utf8.count) characters")
        }
        guard let key = EncryptionKey(hex: text) else {
            throw KeyStoreError.invalidEnvironmentKey(
                variable: variable, problem: "it contains a character that is not a hex digit")
        }
        return key
    }

    /// Writes `key` as hex and a newline to a new file with mode 0600 in the folder of `path` (created with mode
    /// 0700 when missing), synced to disk; returns the file's path.
    private static func writeTemporaryKeyFile(_ key: EncryptionKey, besides path: String) throws -> String {
        let folder = (path as NSString).deletingLastPathComponent
        try createPrivateFolder(folder.isEmpty ? "." : folder)
        let suffix = EncryptionKey.ID(bytes: try Crypto.randomBytes(EncryptionKey.ID.byteCount))!
        let temporaryPath = "\(folder.isEmpty ? "." : folder)/.key-\(getpid())-\(suffix).tmp"
        let descriptor = open(temporaryPath, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw systemError(temporaryPath, "create key file") }
        do {
            defer { close(descriptor) }
            // open() applies the umask; fchmod makes the mode exactly 0600 whatever the umask is.
            guard fchmod(descriptor, 0o600) == 0 else { throw systemError(temporaryPath, "set the mode of") }
            let content = Array((key.hexEncoded + "\n").utf8)
            var offset = 0
            while offset < content.count {
                let count = content[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { throw systemError(temporaryPath, "write key file") }
                offset += count
            }
            guard fsync(descriptor) == 0 else { throw systemError(temporaryPath, "sync key file") }
        } catch {
            unlink(temporaryPath)
            throw error
        }
        return temporaryPath
    }

    /// Creates `folder` and any missing parents with mode 0700; leaves existing folders as they are.
    private static func createPrivateFolder(_ folder: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw KeyStoreError.fileSystem(path: folder, operation: "use folder", reason: "it is not a folder")
            }
            return
        }
        let parent = (folder as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != folder { try createPrivateFolder(parent) }
        guard mkdir(folder, 0o700) == 0 || errno == EEXIST else { throw systemError(folder, "create folder") }
    }

    /// Makes a rename or link in the folder of `path` durable: losing the key file loses every secret.
    private static func syncFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw systemError(folder, "open folder") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw systemError(folder, "sync folder") }
    }

    private static func systemError(_ path: String, _ operation: String) -> KeyStoreError {
        KeyStoreError.fileSystem(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}
