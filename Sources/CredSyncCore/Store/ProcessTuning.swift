import CSQLite

/// Process-wide settings every credsync executable applies first.
public enum ProcessTuning {
    /// Keeps up to 8 MiB of freed heap instead of handing it back to the kernel after every statement.
    ///
    /// SQLite frees its statement journal's pages when each INSERT ends; with glibc's default trim threshold that
    /// memory went back to the kernel (`brk`) and was faulted in again for the next row — two system calls and
    /// dozens of page faults per credential, which made the first sync three times slower (docs/performance.md).
    public static func apply() {
        _ = credsync_set_malloc_trim_threshold(8 << 20)
    }
}
