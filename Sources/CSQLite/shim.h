#ifndef CREDSYNC_CSQLITE_SHIM_H
#define CREDSYNC_CSQLITE_SHIM_H
#include <sqlite3.h>
#include <malloc.h>

/// SQLITE_TRANSIENT is a cast macro Swift cannot import: SQLite copies the value before bind returns.
static inline int credsync_sqlite3_bind_text_transient(sqlite3_stmt *stmt, int index, const char *text, int length) {
    return sqlite3_bind_text(stmt, index, text, length, SQLITE_TRANSIENT);
}

static inline int credsync_sqlite3_bind_blob_transient(sqlite3_stmt *stmt, int index, const void *bytes, int length) {
    return sqlite3_bind_blob(stmt, index, bytes, length, SQLITE_TRANSIENT);
}

/// sqlite3_config is variadic. Turns off SQLite's memory statistics, which take a process-wide mutex around every
/// sqlite3_malloc and sqlite3_free. Only effective before SQLite initialises (returns SQLITE_MISUSE after).
static inline int credsync_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// mallopt(M_TRIM_THRESHOLD): how much freed heap glibc keeps before returning it to the kernel. SQLite's statement
/// journals free and re-allocate their pages on every statement; see ProcessTuning.swift.
static inline int credsync_set_malloc_trim_threshold(int bytes) {
    return mallopt(M_TRIM_THRESHOLD, bytes);
}

/// malloc_trim(0): hands every freed page of every heap arena back to the kernel.
static inline int credsync_release_freed_heap(void) {
    return malloc_trim(0);
}
#endif
