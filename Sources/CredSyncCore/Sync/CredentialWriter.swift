/// Writes a batch of parsed items into `external_credentials`: normalise, match, insert or update — and leave a
/// row that did not change untouched.
///
/// A batch costs a few queries, not a few per item: the stored rows of all its external ids are read with one
/// `IN (…)` query per 500 ids, and the users its identifiers find with one per 500 identifiers (`UserDirectory`).
/// Items are then decided and written in order, each seeing the rows the batch wrote before it, so a batch that
/// holds an external id twice ends exactly as if its items had been written one by one.
///
/// The reads come first, outside the write transaction (`read`), so the write lock is held only while rows are
/// written and an operator's claim waits less; `write(_:runId:nowMs:)`, inside the caller's transaction, reads them
/// again when another connection committed in between (`PRAGMA data_version` moved), so a decision never rests on
/// rows or users that have changed.
///
/// A batch expected to be new (`expectNew`: the sync's batch before it found fewer than one in ten of its credentials
/// stored — a first sync, a new export) skips the read of its stored rows: each row is inserted, and the unique key
/// finds the few that were stored after all (`ON CONFLICT DO NOTHING` changes nothing), which are then read and
/// decided one by one as any stored row is. The check is the database's own, inside the write transaction, so it
/// cannot be stale.
public struct CredentialWriter {
    public let db: Connection
    public let phoneNormalizer: PhoneNormalizer
    private let directory: UserDirectory

    public init(db: Connection, phoneNormalizer: PhoneNormalizer) {
        self.db = db
        self.phoneNormalizer = phoneNormalizer
        directory = UserDirectory(db: db)
    }

    /// The stored state of a credential that decides whether and how it is rewritten.
    fileprivate struct Existing {
        var id: Int64
        var contentHash: Int64?
        var status: String
        var userId: Int64?
        var matchedBy: String?
        var matchNote: String?

        /// An operator's decision (a manual claim or a rejection) survives platform updates.
        var isOperatorDecision: Bool { status == "rejected" || matchedBy == "manual" }
    }

    /// A credential of the batch with what is known about it before anything is written.
    fileprivate struct Pending {
        var item: CredentialItem
        var identity: LearnerIdentity?
        var candidates: UserDirectory.Candidates?
        /// Its position among the items read (in a page, the page's), and what the prefetch thread read ahead for it.
        var position = 0
        var readAhead: MatchReadAhead.Entry?
    }

    /// A batch read and not yet written: its counts so far, its credentials with their stored rows and candidate
    /// users, and the database's `data_version` before those reads.
    public struct ReadBatch {
        fileprivate var platformId: Int64
        fileprivate var counts = BatchCounts()
        fileprivate var batch: [Pending] = []
        fileprivate var existing: [BinaryText: Existing] = [:]
        fileprivate var dataVersion: Int64?
        /// The users' generation of the candidates read ahead, and the one the batch's own reads saw.
        fileprivate var readAheadGeneration: Int64?
        fileprivate var usersGeneration: Int64?
        /// Read as new: `existing` holds no stored row, and the insert's unique key finds them (`write`).
        fileprivate var storedUnread = false
    }

    /// Reads, normalises and matches `items` without writing: call it outside the transaction `write` runs in.
    public func read(_ items: some Sequence<ParsedItem>, platformId: Int64) throws -> ReadBatch {
        try read(
            items.enumerated().lazy.map { ($0.offset, $0.element) }, platformId: platformId, readAhead: nil,
            expectNew: false)
    }

    /// `read`, taking what the prefetch thread read ahead for `items` (a slice of the page `readAhead` is about, its
    /// indices the items' positions in the page): the identities always, the candidate users while the users'
    /// generation is the one they were read at. `expectNew` leaves the stored rows unread (see the type's notes).
    public func read(
        _ items: ArraySlice<ParsedItem>, platformId: Int64, readAhead: MatchReadAhead?, expectNew: Bool = false
    ) throws -> ReadBatch {
        try read(zip(items.indices, items), platformId: platformId, readAhead: readAhead, expectNew: expectNew)
    }

    private func read(
        _ items: some Sequence<(Int, ParsedItem)>, platformId: Int64, readAhead: MatchReadAhead?, expectNew: Bool
    ) throws -> ReadBatch {
        var read = ReadBatch(platformId: platformId, storedUnread: expectNew)
        read.readAheadGeneration = readAhead?.usersGeneration
        for (position, item) in items {
            read.counts.fetched += 1
            switch item {
            case .credential(let credential):
                if let updatedAt = credential.updatedAtMs {
                    read.counts.newestUpdatedAtMs = max(read.counts.newestUpdatedAtMs ?? updatedAt, updatedAt)
                }
                read.batch.append(
                    Pending(item: credential, position: position, readAhead: readAhead?.entries[position]))
            case .invalid(let externalId, let reason):
                read.counts.invalid += 1
                if read.counts.invalidReasons.count < BatchCounts.maximumReasons {
                    read.counts.invalidReasons.append(externalId.map { "\($0): \(reason)" } ?? reason)
                }
            }
        }
        guard !read.batch.isEmpty else { return read }
        read.dataVersion = try db.dataVersion()
        try readStored(&read)
        return read
    }

    /// Reads, then writes, `items`: both inside the caller's transaction.
    public func write(_ items: some Sequence<ParsedItem>, platformId: Int64, runId: Int64, nowMs: Int64) throws -> BatchCounts {
        try write(try read(items, platformId: platformId), runId: runId, nowMs: nowMs)
    }

    /// Writes a batch `read` returned; runs inside the caller's transaction. Reads again first when another
    /// connection committed since `read` (a claim, a user import, the engine's heartbeat).
    public func write(_ read: ReadBatch, runId: Int64, nowMs: Int64) throws -> BatchCounts {
        var read = read
        guard !read.batch.isEmpty else { return read.counts }
        precondition(db.isInTransaction, "CredentialWriter.write runs inside the caller's transaction")
        if try db.dataVersion() != read.dataVersion {
            for index in read.batch.indices {
                read.batch[index].identity = nil
                read.batch[index].candidates = nil
            }
            try readStored(&read)
        }
        var counts = read.counts
        var existing = read.existing
        // Every credential of the batch may be added: sized once, not grown (and rehashed) row by row.
        existing.reserveCapacity(read.batch.count)
        let platformId = read.platformId
        // Looked up once per batch: the cache is keyed by the statement's text, which would be hashed per row.
        let insertStatement = try db.cached(Self.insertSQL)
        let updateStatement = try db.cached(Self.updateSQL)
        // The keys of a batch read as new that the unique key found stored.
        var foundStored: Set<BinaryText> = []
        for pending in read.batch {
            let credential = pending.item
            let key = BinaryText(credential.externalId)
            let stored = existing[key]
            if read.existing[key] != nil || foundStored.contains(key) { counts.previouslyStored += 1 }
            var decision = try decide(pending, stored: stored)
            if stored == nil, case .write(var row, let identity) = decision {
                if let id = try insert(
                    insertStatement, row, credential: credential, identity: identity, platformId: platformId,
                    runId: runId, nowMs: nowMs)
                {
                    row.id = id
                    counts.created += 1
                    counts.count(status: row.status)
                    existing[key] = row
                    continue
                }
                // Stored after all (the batch was read as new): read it and decide as for any stored row.
                guard let found = try existingRows(platformId: platformId, externalIds: [credential.externalId])[key]
                else {
                    throw SyncError.unexpected(
                        "credential \(credential.externalId) could not be inserted and is not stored; sync again")
                }
                counts.previouslyStored += 1
                foundStored.insert(key)
                existing[key] = found
                decision = try decide(pending, stored: found)
            }
            guard case .write(let row, let identity) = decision else {
                counts.unchanged += 1
                continue
            }
            try update(updateStatement, row, credential: credential, identity: identity, runId: runId, nowMs: nowMs)
            counts.updated += 1
            counts.count(status: row.status)
            existing[key] = row
        }
        return counts
    }

    /// The batch's stored rows and the candidate users of those that will be matched.
    private func readStored(_ read: inout ReadBatch) throws {
        read.usersGeneration = try directory.generation()
        if !read.storedUnread {
            read.existing = try existingRows(
                platformId: read.platformId, externalIds: read.batch.map(\.item.externalId))
        }
        try findCandidates(
            &read.batch, existing: read.existing,
            readAheadHolds: read.readAheadGeneration != nil && read.readAheadGeneration == read.usersGeneration)
    }

    /// What the prefetch thread reads ahead for a page (`MatchReadAhead`): the reads `read` makes, on this writer's
    /// connection (the prefetch thread's own), in one read transaction so that the candidates are those of the
    /// generation read with them.
    public func readAhead(_ items: [ParsedItem], platformId: Int64, expectNew: Bool = false) throws -> MatchReadAhead {
        try db.transaction(.deferred) {
            let read = try self.read(items[...], platformId: platformId, readAhead: nil, expectNew: expectNew)
            var entries: [Int: MatchReadAhead.Entry] = [:]
            for pending in read.batch {
                guard let identity = pending.identity else { continue }
                entries[pending.position] = MatchReadAhead.Entry(identity: identity, candidates: pending.candidates)
            }
            return MatchReadAhead(usersGeneration: read.usersGeneration ?? 0, entries: entries)
        }
    }

    /// What `write` would do with `items`, in order, without writing anything: the same reads and the same rules,
    /// each item seeing what the items before it would have written. For `credsync platforms test`.
    public func preview(_ items: [ParsedItem], platformId: Int64) throws -> [ItemPreview] {
        var batch: [Pending] = items.compactMap {
            guard case .credential(let credential) = $0 else { return nil }
            return Pending(item: credential)
        }
        var existing = try existingRows(platformId: platformId, externalIds: batch.map(\.item.externalId))
        try findCandidates(&batch, existing: existing, readAheadHolds: false)
        var pendingItems = batch.makeIterator()
        return try items.map { item in
            guard case .credential(let credential) = item, let pending = pendingItems.next() else {
                guard case .invalid(let externalId, let reason) = item else { preconditionFailure("items changed") }
                return ItemPreview(externalId: externalId, outcome: .invalid(reason: reason))
            }
            let stored = existing[BinaryText(credential.externalId)]
            switch try decide(pending, stored: stored) {
            case .unchanged:
                return ItemPreview(
                    credential: credential, identity: pending.identity ?? identity(of: credential),
                    outcome: .unchanged(status: stored?.status ?? ""), isStored: true)
            case .write(let row, let identity):
                existing[BinaryText(credential.externalId)] = row
                return ItemPreview(
                    credential: credential, identity: identity,
                    outcome: ItemPreview.outcome(
                        status: row.status, userId: row.userId, matchedBy: row.matchedBy, note: row.matchNote,
                        isOperatorDecision: stored?.isOperatorDecision == true),
                    isStored: stored != nil)
            }
        }
    }

    /// What writing one item comes to: nothing (its stored row has the same content), or the row to write.
    private enum Decision {
        case unchanged
        case write(Existing, LearnerIdentity)
    }

    /// The decision for `pending` given its stored row: unchanged content is left alone; an operator's claim or
    /// rejection is kept; anything else is matched afresh (`Matcher`).
    private func decide(_ pending: Pending, stored: Existing?) throws -> Decision {
        if let stored, stored.contentHash == pending.item.contentHash { return .unchanged }
        let credential = pending.item
        var identity = pending.identity ?? self.identity(of: credential)
        var row: Existing
        if let stored, stored.isOperatorDecision {
            row = stored
        } else {
            // Candidates were looked up for every item expected to need them; an item the batch itself made
            // need them (a repeated external id) looks its own up.
            let candidates = try pending.candidates ?? directory.candidates(for: identity)
            let decision = Matcher.decide(
                identity: identity, usersByEmail: candidates.usersByEmail, usersByPhone: candidates.usersByPhone)
            // The row stores the candidates that found the matched user; unmatched, the first ones.
            if decision.userId != nil {
                identity = identity.preferring(email: candidates.email, phone: candidates.phone)
            }
            row = Existing(
                id: stored?.id ?? 0, status: decision.userId == nil ? "pending" : "matched", userId: decision.userId,
                matchedBy: decision.matchedBy?.rawValue, matchNote: decision.note?.text)
        }
        row.contentHash = pending.item.contentHash
        return .write(row, identity)
    }

    // MARK: - Reading

    /// The stored rows of the platform's `externalIds`, by external id.
    private func existingRows(platformId: Int64, externalIds: [String]) throws -> [BinaryText: Existing] {
        var rows: [BinaryText: Existing] = [:]
        rows.reserveCapacity(externalIds.count)
        let query = InListQuery(
            db: db,
            head: """
                SELECT external_id, id, content_hash, status, user_id, matched_by, match_note FROM external_credentials
                WHERE platform_id = ? AND external_id IN (
                """, tail: ")")
        try query.forEach(externalIds, leading: { try $0.bind(platformId) }) {
            rows[BinaryText($0.text(0))] = Existing(
                id: $0.int64(1), contentHash: $0.optionalInt64(2), status: $0.text(3), userId: $0.optionalInt64(4),
                matchedBy: $0.optionalText(5), matchNote: $0.optionalText(6))
        }
        return rows
    }

    /// Normalises the identifiers of the items that will be written and looks up, for the batch at once, the users
    /// of those that will be matched: every item whose stored row differs and is not an operator's decision. What
    /// was read ahead is taken instead: the identity always, the candidates when `readAheadHolds` (the users'
    /// generation is the one they were read at).
    private func findCandidates(
        _ batch: inout [Pending], existing: [BinaryText: Existing], readAheadHolds: Bool
    ) throws {
        var toMatch: [Int] = []
        for index in batch.indices {
            let stored = existing[BinaryText(batch[index].item.externalId)]
            if let stored, stored.contentHash == batch[index].item.contentHash { continue }
            batch[index].identity = batch[index].readAhead?.identity ?? identity(of: batch[index].item)
            guard stored?.isOperatorDecision != true else { continue }
            if readAheadHolds, let candidates = batch[index].readAhead?.candidates {
                batch[index].candidates = candidates
            } else {
                toMatch.append(index)
            }
        }
        guard !toMatch.isEmpty else { return }
        let candidates = try directory.candidates(for: toMatch.map { batch[$0].identity! })
        for (index, found) in zip(toMatch, candidates) {
            batch[index].candidates = found
        }
    }

    private func identity(of credential: CredentialItem) -> LearnerIdentity {
        var identity = LearnerIdentity(
            emails: (credential.learnerEmail.map { [$0] } ?? []) + credential.otherEmails,
            phones: (credential.learnerPhone.map { [$0] } ?? []) + credential.otherPhones,
            phoneNormalizer: phoneNormalizer)
        for recipient in credential.hashedIdentities {
            identity.addHashedIdentity(type: recipient.type, identityHash: recipient.identityHash, salt: recipient.salt)
        }
        return identity
    }

    // MARK: - Writing

    /// Binds the columns an insert and an update both set, in the order of `columns`. `identity` lists first the
    /// candidates that found the matched user: those are the stored identifier, email and phone.
    private func bindColumns(
        _ bindings: inout Statement.Bindings, _ row: Existing, _ credential: CredentialItem, _ identity: LearnerIdentity
    ) throws {
        let learnerIdentifier = identity.learnerIdentifier(
            matchedBy: row.matchedBy.flatMap(IdentifierType.init(rawValue:)))
        try bindings.bind(identity.storedLearnerIdentifier(learnerIdentifier))
        try bindings.bind(learnerIdentifier?.type.rawValue)
        try bindings.bind(identity.email?.original ?? credential.learnerEmail)
        try bindings.bind(identity.phone?.original ?? credential.learnerPhone)
        try bindings.bind(credential.learnerName)
        try bindings.bind(credential.title)
        try bindings.bind(credential.issuedAtMs)
        try bindings.bind(credential.expiresAtMs)
        try bindings.bind(credential.url)
        try bindings.bind(credential.raw)
        try bindings.bind(row.status)
        try bindings.bind(row.userId)
        try bindings.bind(row.matchedBy)
        try bindings.bind(row.matchNote)
        try bindings.bind(row.contentHash)
        try bindings.bind(identity.normalized(.email))
        try bindings.bind(identity.normalized(.phone))
        try bindings.bind(HashedRecipient.encode(credential.hashedIdentities, otherPlain: identity.otherPlain))
    }

    static let updateSQL = """
        UPDATE external_credentials SET learner_identifier = ?, identifier_type = ?, learner_email = ?,
            learner_phone = ?, learner_name = ?, certificate_title = ?, issued_at = ?, expires_at = ?,
            certificate_url = ?, raw = ?, status = ?, user_id = ?, matched_by = ?, match_note = ?,
            content_hash = ?, email_normalized = ?, phone_normalized = ?, hashed_identities = ?,
            last_seen_run_id = ?, updated_at = ?
        WHERE id = ?
        """

    private func update(
        _ statement: Statement, _ row: Existing, credential: CredentialItem, identity: LearnerIdentity, runId: Int64,
        nowMs: Int64
    ) throws {
        try statement.run { bindings in
            try bindColumns(&bindings, row, credential, identity)
            try bindings.bind(runId)
            try bindings.bind(nowMs)
            try bindings.bind(row.id)
        }
    }

    static let insertSQL = """
        INSERT INTO external_credentials (learner_identifier, identifier_type, learner_email, learner_phone,
            learner_name, certificate_title, issued_at, expires_at, certificate_url, raw, status, user_id,
            matched_by, match_note, content_hash, email_normalized, phone_normalized, hashed_identities,
            platform_id, external_id, first_seen_run_id, last_seen_run_id, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (platform_id, external_id) DO NOTHING
        """

    /// Inserts the row; returns its id, or nil when the platform's external id is already stored.
    private func insert(
        _ statement: Statement, _ row: Existing, credential: CredentialItem, identity: LearnerIdentity,
        platformId: Int64, runId: Int64, nowMs: Int64
    ) throws -> Int64? {
        try statement.run { bindings in
            try bindColumns(&bindings, row, credential, identity)
            try bindings.bind(platformId)
            try bindings.bind(credential.externalId)
            try bindings.bind(runId)
            try bindings.bind(runId)
            try bindings.bind(nowMs)
            try bindings.bind(nowMs)
        }
        return db.changes == 1 ? db.lastInsertRowID : nil
    }
}
