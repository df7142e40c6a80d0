import CSQLite

/// Process-wide settings every credsync executable applies first.
public enum ProcessTuning {
    /// Keeps up to 8 MiB of freed heap instead of handing it back to the kernel after every statement.
    ///
    /// SQLite frees its statement journal's pages when each INSERT ends; with glibc's default trim threshold that
    /// memory went back to the kernel (`brk`) and was faulted in again for the next row — two system calls and
    /// dozens of page faults per credential, which made the first sync three times slower (docs/performance.md).
    ///
    /// Turns off SQLite's memory statistics (`SQLITE_CONFIG_MEMSTATUS`), which nothing reads: they take a
    /// process-wide mutex around every allocation SQLite makes — a dozen per credential written, 7% of a sync's
    /// writing time. Must run before the first connection opens.
    public static func apply() {
        _ = credsync_set_malloc_trim_threshold(8 << 20)
        // > SQLITE_CONFIG_MEMSTATUS: This option takes single argument of type int, interpreted as a boolean, which
        // > enables or disables the collection of memory allocation statistics.
        // Without them sqlite3_memory_used() and the heap limits stop working; credsync uses neither.
        _ = credsync_sqlite3_disable_memory_statistics()
    }

    /// Hands the heap's freed pages back to the kernel (`malloc_trim(0)`): what the 8 MiB threshold above keeps, and
    /// what other threads' arenas hold. For measuring one task's peak memory apart from what ran before it.
    public static func releaseFreedHeap() {
        _ = credsync_release_freed_heap()
    }
}
