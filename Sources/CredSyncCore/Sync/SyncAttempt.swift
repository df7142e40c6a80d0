import Foundation

/// One attempt of one sync job, from the first page to the run's final row. Lives on the worker thread.
final class SyncAttempt {
    private let context: JobContext
    private let platform: Platform
    /// Read from the platform when the attempt starts (`execute`); the prefetch thread follows later edits.
    private var settings: PlatformSettings
    private let handler: SyncJobHandler
    private let db: Connection
    private var checkpoint: SyncCheckpoint
    private var runStartedAtMs: Int64 = 0
    private var progressDone: Int
    private var totalCount: Int?

    init(context: JobContext, platform: Platform, handler: SyncJobHandler) {
        self.context = context
        self.platform = platform
        settings = PlatformSettings(defaultsFor: platform.definition)
        self.handler = handler
        db = context.database
        checkpoint = SyncCheckpoint(runId: 0, sinceMs: nil)
        progressDone = context.job.progressDone
        totalCount = context.job.progressTotal
    }

    private var clock: any WallClock { handler.clock }
    private var runs: SyncRunStore { SyncRunStore(db: db, clock: clock) }
    private var alerts: AlertStore { AlertStore(db: db, clock: clock) }

    func execute() -> JobOutcome {
        do {
            settings = try PlatformSession.settings(of: platform)
            try openRun()
            let secrets = try platformSecrets()
            let adapter = try handler.makeAdapter(platform.definition)
            return try withWriteTuning { try fetchPages(adapter: adapter, secrets: secrets) }
        } catch QueueError.leaseLost(let jobId) {
            return .failed(error: QueueError.leaseLost(jobId: jobId).description)
        } catch {
            return fail(SyncError(error))
        }
    }

    // MARK: - The run row and the checkpoint

    /// Continues the run of a resumed attempt (the same attempt, after a crash or a shutdown), or opens a new one.
    private func openRun() throws {
        let saved = SyncCheckpoint.decode(context.resumeCheckpoint)
        if let saved, let run = try runs.run(id: saved.runId), run.status == .running {
            checkpoint = saved
            runStartedAtMs = run.startedAtMs
            return
        }
        let request = context.job.payload.flatMap {
            try? JSONDecoder().decode(SyncJobHandler.Request.self, from: Data($0.utf8))
        }
        let trigger: JobTrigger = context.job.attempts > 1 ? .retry : context.job.trigger
        let sinceMs: Int64? =
            request?.full == true
            ? nil
            : platform.syncCursor.flatMap(ISO8601Offset.parseUTC).map {
                $0 - Int64(settings.lookbackMinutes) * 60_000
            }
        try db.transaction(.immediate) {
            let runId = try runs.start(
                platformId: platform.id, jobId: context.job.id, trigger: trigger, cursorBefore: platform.syncCursor)
            if var saved {
                // A retry after a failed attempt: a new run that continues from the committed pages.
                saved.runId = runId
                checkpoint = saved
            } else {
                checkpoint = SyncCheckpoint(runId: runId, sinceMs: sinceMs)
                checkpoint.pageSize = settings.pageSize
            }
            try context.commit(checkpoint: checkpoint.encoded, done: progressDone, total: context.job.progressTotal) { _ in }
        }
        runStartedAtMs = clock.nowMs
    }

    private func platformSecrets() throws -> PlatformSecrets {
        guard platform.hasSecrets else { return PlatformSecrets() }
        guard let box = try handler.keys.box() else {
            throw SyncError.configuration(
                "platform '\(platform.name)' has stored secrets but no encryption key is configured; "
                    + "set CREDSYNC_ENCRYPTION_KEY or CREDSYNC_KEY_FILE")
        }
        return try PlatformStore(db: db, clock: clock).secrets(of: platform, box: box)
    }

    /// Runs `body` with the worker's connection tuned for a sync's bulk writes (`SyncPolicy.writeCacheKiB`,
    /// `writeAutocheckpointPages`, `writeSynchronous`), then restores its settings: the connection serves other jobs
    /// afterwards (the job's completion commits at the connection's own `synchronous`), and a page cache shrunk back
    /// frees its memory.
    private func withWriteTuning<T>(_ body: () throws -> T) throws -> T {
        let cacheSize = try db.first("PRAGMA cache_size") { $0.int(0) } ?? -2_000
        let autocheckpoint = try db.first("PRAGMA wal_autocheckpoint") { $0.int(0) } ?? 1_000
        let synchronous = try db.first("PRAGMA synchronous") { $0.int(0) } ?? 2
        try db.execute(
            "PRAGMA cache_size = \(-handler.policy.writeCacheKiB); "
                + "PRAGMA wal_autocheckpoint = \(handler.policy.writeAutocheckpointPages); "
                + "PRAGMA synchronous = \(handler.policy.writeSynchronous.rawValue)")
        defer {
            try? db.execute(
                "PRAGMA cache_size = \(cacheSize); PRAGMA wal_autocheckpoint = \(autocheckpoint); "
                    + "PRAGMA synchronous = \(synchronous)")
        }
        return try body()
    }

    // MARK: - Pages

    /// Writes the pages the prefetch thread fetches, in order, each in batches that commit with their checkpoint.
    private func fetchPages(adapter: any PlatformAdapter, secrets: PlatformSecrets) throws -> JobOutcome {
        let writer = CredentialWriter(
            db: db, phoneNormalizer: PhoneNormalizer(defaultCountryCode: handler.policy.defaultCountryCode))
        let options = handler.policy.httpOptions
        let prefetcher = PagePrefetcher(
            PagePrefetcher.Source(
                platform: platform, secrets: secrets, adapter: adapter,
                client: context.slot.httpClient(options: options), handler: handler,
                databasePath: db.path, context: context,
                firstRequest: PageRequest(
                    cursor: checkpoint.cursor, sinceMs: checkpoint.sinceMs, pageSize: checkpoint.pageSize ?? settings.pageSize)))
        // The slot's HTTP client is the prefetch thread's until it has ended.
        defer { prefetcher.finish() }
        // Whether the batch before found its credentials new but for a few: the next is then read as new
        // (`CredentialWriter`).
        var expectNew = false
        while true {
            let page: FetchedPage
            let readAhead: MatchReadAhead?
            switch prefetcher.next() {
            case .page(let fetched, let read): (page, readAhead) = (fetched, read)
            case .stopped(let reason): return try stop(context.stopReason ?? reason)
            case .failed(let error): throw error
            }
            totalCount = page.totalCount ?? totalCount
            try guardPagination(next: page.nextCursor)
            let remaining = page.items.dropFirst(checkpoint.itemsDoneInPage)
            var start = remaining.startIndex
            repeat {
                let end = min(start + handler.policy.batchSize, remaining.endIndex)
                var next = checkpoint
                if end == remaining.endIndex {
                    next.cursor = page.nextCursor
                    next.itemsDoneInPage = 0
                    next.pages += 1
                    if let cursor = checkpoint.cursor {
                        next.recentCursors = Array((next.recentCursors + [cursor]).suffix(SyncCheckpoint.rememberedCursors))
                    }
                } else {
                    next.itemsDoneInPage += end - start
                }
                let counts = try commit(
                    remaining[start..<end], writer: writer, readAhead: readAhead, expectNew: expectNew, next: next)
                expectNew = handler.policy.readsNewBatchesAsNew && counts.foundMostlyNew
                prefetcher.readAhead(wanted: counts.created + counts.updated > 0, expectNew: expectNew)
                start = end
            } while start < remaining.endIndex
            checkLongRun()
            if page.nextCursor == nil { return try succeed() }
            if checkpoint.pages >= settings.maxPages {
                throw SyncError.paginationLoop(
                    "stopped after \(checkpoint.pages) pages, the platform's maxPages; raise config.maxPages if it "
                        + "really has more")
            }
        }
    }

    /// Writes one batch, its counts and the checkpoint after it in one transaction, and returns the counts. The
    /// batch's reads (stored rows, candidate users — those the prefetch thread read ahead while they hold) come
    /// before it, so the write lock is held only while the rows are written.
    private func commit(
        _ items: ArraySlice<ParsedItem>, writer: CredentialWriter, readAhead: MatchReadAhead?, expectNew: Bool,
        next: SyncCheckpoint
    ) throws -> BatchCounts {
        var next = next
        let done = progressDone + items.count
        let read = try writer.read(items, platformId: platform.id, readAhead: readAhead, expectNew: expectNew)
        let counts = try db.transaction(.immediate) {
            let counts = try writer.write(read, runId: checkpoint.runId, nowMs: clock.nowMs)
            next.newestUpdatedAtMs = [next.newestUpdatedAtMs, counts.newestUpdatedAtMs].compactMap { $0 }.max()
            try runs.add(counts, pages: next.pages, to: checkpoint.runId)
            try context.commit(checkpoint: next.encoded, done: done, total: totalCount) { _ in }
            return counts
        }
        progressDone = done
        checkpoint = next
        return counts
    }

    /// A cursor seen before means the platform is looping: stop instead of paging forever.
    private func guardPagination(next: String?) throws {
        guard let next else { return }
        if next == checkpoint.cursor || checkpoint.recentCursors.contains(next) {
            throw SyncError.paginationLoop(
                "the platform returned a cursor it had already returned (\(next.prefix(80))); stopped to avoid looping")
        }
    }

    // MARK: - Endings

    private func succeed() throws -> JobOutcome {
        let now = clock.nowMs
        let cursorAfter = checkpoint.newestUpdatedAtMs.map(Timestamp.iso8601Milliseconds) ?? platform.syncCursor
        var events: [AlertEvent] = []
        try db.transaction(.immediate) {
            guard let run = try runs.run(id: checkpoint.runId) else { return }
            try runs.finish(run.id, status: run.invalid > 0 ? .partial : .succeeded, error: nil, cursorAfter: cursorAfter)
            try db.run(
                "UPDATE platforms SET sync_cursor = ?, last_success_at = ?, consecutive_failures = 0 WHERE id = ?",
                [cursorAfter, now, platform.id])
            events += try resolve(.consecutiveFailures)
            if now - runStartedAtMs <= handler.policy.alertSyncDurationMs { events += try resolve(.longRun) }
            // An alert resolves only when its condition is measured false: a run that wrote no credential (an
            // unchanged re-sync) has no ratio to judge and leaves the unmatched alert as it is.
            let processed = run.matched + run.pending
            if processed > 0 {
                if Double(run.pending) / Double(processed) > handler.policy.alertUnmatchedRatio {
                    let percent = Int((Double(run.pending) * 100 / Double(processed)).rounded())
                    events += try raise(
                        .unmatchedRatio,
                        "\(percent)% of the credentials of the last \(platform.name) sync could not be matched to a "
                            + "user (\(run.pending) of \(processed)); import the missing users or claim them by hand")
                } else {
                    events += try resolve(.unmatchedRatio)
                }
            }
            try context.commit(checkpoint: nil, done: progressDone, total: totalCount) { _ in }
        }
        handler.alertSink(events)
        return .succeeded
    }

    private func fail(_ error: SyncError) -> JobOutcome {
        let outcome = OutcomeClassifier(platformName: platform.name).outcome(for: error, nowMs: clock.nowMs)
        let isFinal: Bool
        let message: String
        switch outcome {
        case .failed(let text): (isFinal, message) = (true, text)
        case .retry(_, let text): (isFinal, message) = (context.job.attempts >= context.job.maxAttempts, text)
        case .delayed(_, let text): (isFinal, message) = (false, text)
        case .succeeded, .cancelled: (isFinal, message) = (false, error.description)
        }
        var events: [AlertEvent] = []
        do {
            try db.transaction(.immediate) {
                if checkpoint.runId != 0 {
                    try runs.finish(checkpoint.runId, status: .failed, error: message, cursorAfter: nil)
                }
                guard isFinal else { return }
                try db.run(
                    "UPDATE platforms SET consecutive_failures = consecutive_failures + 1 WHERE id = ?", [platform.id])
                let failures = try db.first(
                    "SELECT consecutive_failures FROM platforms WHERE id = ?", [platform.id]) { $0.int(0) } ?? 0
                if failures >= handler.policy.alertAfterConsecutiveFailures {
                    events += try raise(
                        .consecutiveFailures,
                        "\(failures) consecutive failed syncs of \(platform.name); last error: \(message)")
                }
            }
        } catch {
            // The attempt's outcome still reaches the queue; the run row stays 'running' until the next attempt.
        }
        handler.alertSink(events)
        return outcome
    }

    private func stop(_ reason: StopReason) throws -> JobOutcome {
        if reason == .cancelRequested {
            try runs.finish(checkpoint.runId, status: .cancelled, error: "cancelled by the operator", cursorAfter: nil)
        }
        // On shutdown the run stays 'running': the job resumes it from the checkpoint.
        return .cancelled
    }

    /// Raises the long-run alert once the run has taken longer than the limit.
    private func checkLongRun() {
        let elapsed = clock.nowMs - runStartedAtMs
        guard elapsed > handler.policy.alertSyncDurationMs else { return }
        let events = try? raise(
            .longRun,
            "the \(platform.name) sync has been running for \(Timestamp.duration(elapsed)), longer than "
                + "\(Timestamp.duration(handler.policy.alertSyncDurationMs))")
        handler.alertSink(events ?? [])
    }

    private func raise(_ kind: AlertKind, _ message: String) throws -> [AlertEvent] {
        try alerts.raise(kind, platformId: platform.id, message: message).map { [AlertEvent(change: .raised, alert: $0)] }
            ?? []
    }

    private func resolve(_ kind: AlertKind) throws -> [AlertEvent] {
        try alerts.resolve(kind, platformId: platform.id).map { [AlertEvent(change: .resolved, alert: $0)] } ?? []
    }
}
