import Foundation

/// Fetches and parses a sync's pages on a thread of its own, one page ahead of the worker thread that writes them,
/// so the network and JSON half of a sync runs beside the database half.
///
/// The prefetch thread follows each page's next cursor and hands pages over, in order, through a one-page slot: it
/// fetches page N+1 while the worker writes page N, then waits for the worker to take it. Errors and stops are
/// handed over in the same order, so the worker sees exactly the sequence of pages, failures and stops a loop that
/// fetched each page itself would have seen. Like that loop, the thread checks the job's stop reason before each
/// fetch, never during one.
///
/// From `start` until `finish` returns, the prefetch thread owns the adapter's session: the slot's HTTP client and,
/// for token-based auth, a `TokenStore` on a connection of its own (connections are used by one thread at a time).
/// The worker must not touch the HTTP client in between.
final class PagePrefetcher: @unchecked Sendable {
    /// What the worker takes from the slot.
    enum Delivery {
        /// A page, with what was read ahead for its credentials (nil when nothing was).
        case page(FetchedPage, MatchReadAhead?)
        /// The job was asked to stop before the next page was fetched.
        case stopped(StopReason)
        /// Authentication or a fetch failed.
        case failed(SyncError)
    }

    /// Everything the prefetch thread needs to build the session and fetch. The HTTP client is handed over to the
    /// thread (not shared): see the type's comment.
    struct Source {
        var platform: Platform
        var secrets: PlatformSecrets
        var adapter: any PlatformAdapter
        var client: HTTPClient
        var handler: SyncJobHandler
        /// The database, for the session's own token connection.
        var databasePath: String
        var context: JobContext
        var firstRequest: PageRequest
    }

    /// Used by the prefetch thread only, once started.
    private let source: Source
    private let condition = NSCondition()
    private var slot: Delivery?
    /// Set by `finish`: the worker takes nothing more.
    private var isFinishing = false
    private var isRunning = true
    /// Whether to read ahead for the next pages, and to read them as new (`readAhead(wanted:expectNew:)`).
    private var wantsReadAhead: Bool
    private var expectNew = false
    /// Whether the worker found the slot empty when it last asked for a page: this thread is then the slower one,
    /// and reading ahead would slow the sync instead of sharing its work.
    private var workerWaited = false
    /// The prefetch thread's connection and writer for reading ahead, opened at the first page that wants it.
    private var readAheadWriter: CredentialWriter?

    /// Starts the prefetch thread.
    init(_ source: Source) {
        self.source = source
        wantsReadAhead = source.handler.policy.readsAhead
        let thread = Thread { [self] in
            run()
            condition.withLock {
                isRunning = false
                condition.broadcast()
            }
        }
        thread.name = "credsync-prefetch-\(source.context.job.id)"
        thread.start()
    }

    /// The next page, stop or failure, in order; blocks until the prefetch thread hands it over.
    func next() -> Delivery {
        condition.withLock {
            workerWaited = slot == nil
            while slot == nil {
                precondition(isRunning, "the prefetch thread ended without handing over the last page's successor")
                condition.wait()
            }
            defer {
                slot = nil
                condition.broadcast()
            }
            return slot!
        }
    }

    /// Whether the pages from the next one on should come with a `MatchReadAhead`: while the worker's batches write
    /// credentials (a first sync, a platform's changes). A re-sync of unchanged items reads nothing ahead, which
    /// would cost the prefetch thread — the one that bounds a re-sync — a second read of each page's stored rows.
    /// Never while `SyncPolicy.readsAhead` is off. `expectNew`: the worker reads its next batch as new, so the
    /// read-ahead skips the stored rows too and reads every item's candidates.
    func readAhead(wanted: Bool, expectNew: Bool) {
        condition.withLock {
            wantsReadAhead = wanted && source.handler.policy.readsAhead
            self.expectNew = expectNew
        }
    }

    /// Tells the prefetch thread to stop and waits for it to end: after the fetch in progress, if any, returns.
    func finish() {
        condition.withLock {
            isFinishing = true
            slot = nil
            condition.broadcast()
            while isRunning { condition.wait() }
        }
    }

    // MARK: - The prefetch thread

    private func run() {
        let session: PlatformSession
        do {
            session = try makeSession()
            try session.authenticate()
        } catch {
            hand(.failed(SyncError(error)))
            return
        }
        var request = source.firstRequest
        let watch = PlatformSettingsWatch(
            databasePath: source.databasePath, platformId: source.platform.id,
            seenUpdatedAtMs: source.platform.updatedAtMs)
        while true {
            if condition.withLock({ isFinishing }) { return }
            // Pacing, rate limit and timeout follow an edit at once; the page size stays the run's (see
            // `SyncCheckpoint.pageSize`).
            if let edited = watch.editedSettings() { session.apply(edited) }
            if let reason = source.context.stopReason {
                hand(.stopped(reason))
                return
            }
            let page: FetchedPage
            do {
                page = try source.adapter.fetchPage(request, using: session)
            } catch {
                hand(.failed(SyncError(error)))
                return
            }
            guard hand(.page(page, readAhead(for: page))), let cursor = page.nextCursor else { return }
            request = PageRequest(cursor: cursor, sinceMs: request.sinceMs, pageSize: request.pageSize)
        }
    }

    /// The page's identities and candidate users, read on this thread's own connection while the worker writes the
    /// page before; nil when not wanted, when the worker is waiting on this thread rather than the other way round
    /// (both cores busy: an HTTP feed served from the same machine), or when they cannot be read. The worker then
    /// reads them itself.
    private func readAhead(for page: FetchedPage) -> MatchReadAhead? {
        let (wanted, asNew) = condition.withLock { (wantsReadAhead && !workerWaited && !isFinishing, self.expectNew) }
        guard wanted else { return nil }
        do {
            if readAheadWriter == nil {
                readAheadWriter = CredentialWriter(
                    db: try Connection(path: source.databasePath),
                    phoneNormalizer: PhoneNormalizer(defaultCountryCode: source.handler.policy.defaultCountryCode))
            }
            return try readAheadWriter?.readAhead(page.items, platformId: source.platform.id, expectNew: asNew)
        } catch {
            return nil
        }
    }

    /// Puts `delivery` in the slot once the worker has taken the previous one; false when the worker finished.
    @discardableResult
    private func hand(_ delivery: Delivery) -> Bool {
        condition.withLock {
            while slot != nil && !isFinishing { condition.wait() }
            guard !isFinishing else { return false }
            slot = delivery
            condition.broadcast()
            return true
        }
    }

    private func makeSession() throws -> PlatformSession {
        let handler = source.handler
        let tokens = try handler.keys.box().map {
            // The schema is already migrated: a plain connection, without the migrator's write transaction.
            TokenStore(db: try Connection(path: source.databasePath), clock: handler.clock, box: $0)
        }
        return try PlatformSession(
            platform: source.platform, secrets: source.secrets, dependencies: dependencies(tokens: tokens))
    }

    private func dependencies(tokens: TokenStore?) -> PlatformSession.Dependencies {
        let handler = source.handler
        let sleep = handler.sleep
        let context = source.context
        var dependencies = PlatformSession.Dependencies(
            client: source.client, tokens: tokens, pacers: handler.pacers, retryPolicy: handler.policy.httpRetry,
            clock: handler.clock, sleep: { sleep($0) }, actor: handler.actor, alertSink: handler.alertSink)
        dependencies.awaitingResponse = { context.markAwaitingResponse(sinceMs: $0) }
        return dependencies
    }
}
