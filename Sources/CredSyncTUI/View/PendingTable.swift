import CredSyncCore

/// The Pending pane: credentials no user matched yet, with why.
enum PendingTable {
    static func make(_ model: DashboardModel, indices: [Int]) -> Table {
        let columns = [
            Table.Column(title: "Platform", width: 8, flex: 1, priority: 1),
            Table.Column(title: "Learner", width: 14, flex: 3),
            Table.Column(title: "Title", width: 10, flex: 3),
            Table.Column(title: "Why pending", width: 16, flex: 2, priority: 2, isCause: true),
        ]
        guard let snapshot = model.snapshot else {
            return Table(columns: columns, rows: [], selected: nil, scroll: 0, focused: false, emptyMessage: "")
        }
        let rows: [[Table.Content]] = indices.map { index in
            let credential = snapshot.pending[index]
            return [
                .plain(credential.platformName),
                .plain(learner(credential)),
                .plain(credential.title ?? credential.externalId),
                .text(credential.matchNote ?? "no user", .warn),
            ]
        }
        return Table(
            columns: columns, rows: rows, selected: nil, scroll: 0, focused: false,
            emptyMessage: "nothing pending: every credential found its user")
    }

    static func learner(_ credential: Credential) -> String {
        let contact = credential.learnerEmail ?? credential.learnerPhone ?? credential.learnerIdentifier
        switch (credential.learnerName, contact) {
        case (let name?, let contact?): return "\(name) <\(contact)>"
        case (let name?, nil): return name
        case (nil, let contact?): return contact
        case (nil, nil): return "—"
        }
    }
}
