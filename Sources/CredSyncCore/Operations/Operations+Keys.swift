extension Operations {
    // MARK: - Keys

    /// Re-encrypts every stored secret under `ring`'s current key in one transaction, holding the engine lease so
    /// no engine seals with the old key meanwhile (stop the daemon first).
    public func rotateKey(_ ring: KeyRing) throws -> KeyRotation.Result {
        try withoutEngine { try KeyRotation(db: db, audit: context.audit).run(ring) }
    }

    /// For a key that is lost: forgets every sealed secret and token, disables those platforms with a reason that
    /// says to re-enter their secrets, and returns their names; then `newKey` makes the key to use from now on. Asks
    /// first (`confirmed`), and holds the engine lease meanwhile.
    public func resetKey(confirmed: Bool, newKey: () throws -> Void) throws -> [String] {
        let platforms = try SecretReencryption(db: db).platformsWithSecrets()
        guard confirmed else {
            throw OperationError.needsConfirmation(
                "resetting the key deletes the sealed secrets and tokens of \(platforms.count) platform"
                    + "\(platforms.count == 1 ? "" : "s")\(platforms.isEmpty ? "" : " (\(platforms.joined(separator: ", ")))")"
                    + " and disables them until their secrets are re-entered; repeat with --yes to confirm")
        }
        return try withoutEngine {
            try db.transaction(.immediate) {
                try context.platforms.forgetSealedSecrets()
                try context.audit.record(
                    "key.reset", target: "key", details: ["platforms": .array(platforms.map(JSONValue.string))])
            }
            try newKey()
            return platforms
        }
    }

    /// Runs `body` holding the engine lease: an engine keeps its key in memory and would seal with it.
    private func withoutEngine<T>(_ body: () throws -> T) throws -> T {
        let leases = EngineLeaseStore(db: db, clock: clock)
        let me = EngineIdentity.current()
        if case .heldBy(let lease) = try leases.tryAcquire(me, ttlMs: 60_000) {
            throw KeyRotationError.engineRunning(pid: lease.pid, host: lease.host)
        }
        defer { try? leases.release(me) }
        return try body()
    }
}
