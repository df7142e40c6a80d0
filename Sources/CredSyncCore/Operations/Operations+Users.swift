extension Operations {
    // MARK: - Users

    /// Imports a parsed user file (`source` names it in the audit log): users are added or updated by
    /// `external_ref`, and pending credentials that now match are matched, in one transaction.
    public func importUsers(_ file: UserImport, source: String) throws -> UserStore.ImportSummary {
        try db.transaction(.immediate) {
            let summary = try UserStore(db: db, clock: clock).importUsers(file, phoneNormalizer: context.phoneNormalizer)
            try context.audit.record(
                "users.import", target: source,
                details: [
                    "created": .integer(Int64(summary.created)), "updated": .integer(Int64(summary.updated)),
                    "auto_matched": .integer(Int64(summary.autoMatched)), "match_by": .string(file.identity.rawValue),
                    "ambiguous_credentials": .integer(Int64(summary.ambiguousCredentials)),
                ])
            return summary
        }
    }

    /// Users whose name, email or phone contain `query` (phone queries normalised as imports are).
    public func searchUsers(_ query: String?, limit: Int) throws -> [User] {
        try UserStore(db: db, clock: clock).users(
            search: query.flatMap { $0.isEmpty ? nil : $0 }, phoneNormalizer: context.phoneNormalizer, limit: limit)
    }
}
