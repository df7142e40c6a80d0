extension Operations {
    // MARK: - Alerts

    /// Acknowledges an open alert: it stays open until its condition clears, but is marked as seen.
    public func acknowledgeAlert(_ id: Int64) throws -> Alert {
        try db.transaction(.immediate) {
            let alerts = AlertStore(db: db, clock: clock)
            guard try alerts.acknowledge(id: id), let alert = try alerts.alert(id: id) else {
                throw OperationError.alertNotFound(id)
            }
            try context.audit.record(
                "alert.acknowledge", target: "alert:\(id)", details: ["kind": .string(alert.kind.rawValue)])
            return alert
        }
    }
}
