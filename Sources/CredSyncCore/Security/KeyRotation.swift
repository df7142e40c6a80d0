/// `credsync key rotate`: every stored secret re-encrypted under a new key in one transaction, the old key usable
/// until that transaction has committed (SPEC §7).
///
/// With a key file, in three steps, each safe to be cut off after:
/// 1. `prepare`: the new key is written to `key.next` (or the one a cut-off rotation left there is taken up). From
///    now on every process that loads its keys seals with it and still opens with the old one (`KeyRing`).
/// 2. `reencrypt`: one `BEGIN IMMEDIATE` transaction re-seals every secret under the new key and records the
///    `key.rotate` audit row. A crash inside it rolls it back: everything is still under the old key.
/// 3. `finish`: `key.next` is renamed over `key`. Only now is the old key gone.
///
/// With `CREDSYNC_ENCRYPTION_KEY` there is no file to write: the operator provides the new key in that variable
/// and the old one in `CREDSYNC_PREVIOUS_ENCRYPTION_KEY`, and only step 2 runs.
public struct KeyRotation {
    public let db: Connection
    public let audit: AuditLog

    public init(db: Connection, audit: AuditLog) {
        self.db = db
        self.audit = audit
    }

    /// What a rotation did.
    public struct Result: Sendable, Equatable {
        public var fromKeys: [EncryptionKey.ID]
        public var toKey: EncryptionKey.ID
        public var summary: SecretReencryption.Summary
    }

    /// Runs the whole rotation for the keys `ring` was loaded from.
    public func run(_ ring: KeyRing) throws -> Result {
        switch ring.source {
        case .environment:
            guard !ring.previous.isEmpty else { throw KeyRotationError.environmentKeyWithoutPrevious }
            return try reencrypt(ring)
        case .file(let path):
            let prepared = try prepare(keyFilePath: path)
            let result = try reencrypt(prepared)
            try finish(keyFilePath: path)
            return result
        }
    }

    /// Step 1: the ring to rotate with — the key in `key.next` (written now with a new key when it does not exist)
    /// sealing, the key file's key opening.
    public func prepare(keyFilePath path: String) throws -> KeyRing {
        let pendingPath = KeyRing.pendingKeyFilePath(for: path)
        let old = try KeyRing.existingKey(at: path)
        if let pending = try KeyRing.existingKey(at: pendingPath) {
            return KeyRing(
                current: pending, previous: old.map { [$0] } ?? [], source: .file(path: path), rotationPending: true)
        }
        guard let old else { throw KeyStoreError.keyFileMissing(path: path) }
        let new = try KeyStore.generate()
        try KeyStore.writeKeyFile(new, to: pendingPath)
        return KeyRing(current: new, previous: [old], source: .file(path: path), rotationPending: true)
    }

    /// Step 2: every secret under `ring.current`, with the audit row, in one transaction. `afterEach` is called
    /// after each re-sealed value, inside the transaction.
    public func reencrypt(_ ring: KeyRing, afterEach: (Int) throws -> Void = { _ in }) throws -> Result {
        let fromKeys = ring.previous.map(\.id)
        let summary = try SecretReencryption(db: db).run(box: ring.box, afterEach: afterEach) { summary in
            try audit.record(
                "key.rotate", target: "key",
                details: [
                    "from_keys": .array(fromKeys.map { .string($0.description) }),
                    "to_key": .string(ring.current.id.description), "key_source": .string(ring.source.kindName),
                    "sealed_values": .integer(Int64(summary.sealed)),
                    "resealed_values": .integer(Int64(summary.resealed)),
                    "platforms": .array(summary.platforms.sorted().map(JSONValue.string)),
                ])
        }
        return Result(fromKeys: fromKeys, toKey: ring.current.id, summary: summary)
    }

    /// Step 3: `key.next` becomes the key file; the old key is gone.
    public func finish(keyFilePath path: String) throws {
        try KeyStore.promoteKeyFile(at: KeyRing.pendingKeyFilePath(for: path), to: path)
    }
}
