/// A key rotation that cannot start, phrased for the operator.
public enum KeyRotationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The key comes from `CREDSYNC_ENCRYPTION_KEY` and no previous key was given.
    case environmentKeyWithoutPrevious
    /// An engine holds the database and keeps the old key in memory.
    case engineRunning(pid: Int32, host: String)

    public var description: String {
        switch self {
        case .environmentKeyWithoutPrevious:
            "the key comes from \(KeyStore.environmentVariable), which credsync cannot rewrite; set "
                + "\(KeyStore.previousEnvironmentVariable) to the current key and \(KeyStore.environmentVariable) to a "
                + "new one ('openssl rand -hex 32'), run 'credsync key rotate', then unset "
                + KeyStore.previousEnvironmentVariable
        case .engineRunning(let pid, let host):
            "an engine (pid \(pid) on \(host)) is running on this database with the old key in memory; stop it "
                + "(the daemon, a dashboard or 'sync --wait'), run 'credsync key rotate', then start it again"
        }
    }
}
