extension Operations {
    // MARK: - Keys

    /// Re-encrypts every stored secret under `ring`'s current key in one transaction, holding the engine lease so
    /// no engine seals with the old key meanwhile (stop the daemon first).
    public func rotateKey(_ ring: KeyRing) throws -> KeyRotation.Result {
        let leases = EngineLeaseStore(db: db, clock: clock)
        let me = EngineIdentity.current()
        if case .heldBy(let lease) = try leases.tryAcquire(me, ttlMs: 60_000) {
            throw KeyRotationError.engineRunning(pid: lease.pid, host: lease.host)
        }
        defer { try? leases.release(me) }
        return try KeyRotation(db: db, audit: context.audit).run(ring)
    }
}
