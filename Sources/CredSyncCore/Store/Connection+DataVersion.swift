extension Connection {
    /// Changes whenever another connection commits.
    ///
    /// > PRAGMA data_version: the integer values returned by two invocations of "PRAGMA data_version" from the same
    /// > connection will be different if changes were committed to the database by any other connection in the
    /// > interim.
    public func dataVersion() throws -> Int64? {
        try first("PRAGMA data_version") { $0.int64(0) }
    }
}
