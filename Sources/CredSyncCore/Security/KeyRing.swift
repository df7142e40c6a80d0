import Foundation

/// The keys a process holds: the one that seals, and the older one that still opens while a key rotation is under
/// way (SPEC §7: "old keys kept until then").
///
/// - From the key file: `key` alone normally. `credsync key rotate` first writes the new key to `key.next`; while
///   that file exists it is the sealing key and `key` still opens, so a rotation cut off at any point — before,
///   during or after its database transaction — leaves every secret readable, and the next `key rotate` finishes
///   it with the same new key.
/// - From the environment: `CREDSYNC_ENCRYPTION_KEY` seals; `CREDSYNC_PREVIOUS_ENCRYPTION_KEY`, when set, also
///   opens. To rotate, set the previous variable to the old key and the main one to a new key, run
///   `credsync key rotate`, then drop the previous variable.
public struct KeyRing: Sendable {
    /// Where the sealing key came from.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case environment
        case file(path: String)

        public var description: String {
            switch self {
            case .environment: KeyStore.environmentVariable
            case .file(let path): path
            }
        }

        /// `file` or `environment`, for the audit row (the path is not needed there).
        public var kindName: String {
            switch self {
            case .environment: "environment"
            case .file: "file"
            }
        }
    }

    public let current: EncryptionKey
    public let previous: [EncryptionKey]
    public let source: Source
    /// A key file rotation was started and not finished: `key.next` exists and seals.
    public let rotationPending: Bool

    public init(current: EncryptionKey, previous: [EncryptionKey] = [], source: Source, rotationPending: Bool = false) {
        self.current = current
        self.previous = previous.filter { $0.id != current.id }
        self.source = source
        self.rotationPending = rotationPending
    }

    /// The box that seals with `current` and opens with every key held.
    public var box: SecretBox { SecretBox(currentKey: current, previousKeys: previous) }

    /// `key.next` beside the key file at `keyFilePath`: where a rotation keeps the new key until it is done.
    public static func pendingKeyFilePath(for keyFilePath: String) -> String { keyFilePath + ".next" }

    /// The keys this process should hold: from the environment when `CREDSYNC_ENCRYPTION_KEY` is set, else from the
    /// key file at `keyFilePath` (default `KeyStore.defaultKeyFilePath`) and its pending `.next` file. A missing key
    /// file is created with a new key when `createIfMissing`, unless a rotation is pending.
    ///
    /// `sealedPlatforms` names the platforms whose secrets the database holds sealed: when any do, a missing key
    /// file is an error (`keyFileMissingWithSealedSecrets`) instead of a new key that could not open them.
    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment, keyFilePath: String? = nil,
        createIfMissing: Bool = true, sealedPlatforms: () throws -> [String] = { [] }
    ) throws -> KeyRing {
        if let text = environment[KeyStore.environmentVariable] {
            let current = try KeyStore.key(fromEnvironmentValue: text)
            let previous = try environment[KeyStore.previousEnvironmentVariable].map {
                try KeyStore.key(fromEnvironmentValue: $0, variable: KeyStore.previousEnvironmentVariable)
            }
            return KeyRing(current: current, previous: previous.map { [$0] } ?? [], source: .environment)
        }
        let path = try keyFilePath ?? KeyStore.defaultKeyFilePath(environment: environment)
        if let pending = try existingKey(at: pendingKeyFilePath(for: path)) {
            let old = try existingKey(at: path)
            return KeyRing(
                current: pending, previous: old.map { [$0] } ?? [], source: .file(path: path), rotationPending: true)
        }
        do {
            let current = try KeyStore.loadKey(
                environment: environment.filter { $0.key != KeyStore.environmentVariable }, keyFilePath: path,
                createIfMissing: false)
            return KeyRing(current: current, source: .file(path: path))
        } catch KeyStoreError.keyFileMissing(let missing) where createIfMissing {
            let sealed = try sealedPlatforms()
            guard sealed.isEmpty else {
                throw KeyStoreError.keyFileMissingWithSealedSecrets(path: missing, platforms: sealed)
            }
            return KeyRing(current: try KeyStore.createKeyFile(at: missing), source: .file(path: path))
        }
    }

    /// The key in the file at `path`; nil when there is no such file.
    static func existingKey(at path: String) throws -> EncryptionKey? {
        do {
            return try KeyStore.readKeyFile(at: path)
        } catch KeyStoreError.keyFileMissing {
            return nil
        }
    }
}
