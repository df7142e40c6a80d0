/// Re-seals every stored secret under a box's current key, in one transaction: the platforms' credentials and their
/// access and refresh tokens. The database half of `credsync key rotate`.
public struct SecretReencryption {
    public let db: Connection

    public init(db: Connection) {
        self.db = db
    }

    /// How many sealed values there are, and how many were re-sealed.
    public struct Summary: Sendable, Equatable {
        /// Sealed values found (credentials and tokens).
        public var sealed = 0
        /// Of those, the ones that were under another key and are now under the current one.
        public var resealed = 0
        /// The platforms whose secrets were touched.
        public var platforms: Set<String> = []
    }

    /// One sealed value and where it lives.
    struct Blob {
        var table: String
        var column: String
        var field: String
        var platformId: Int64
        var platformName: String
        var bytes: [UInt8]
    }

    /// Re-seals, under `box.currentKey`, every value sealed with another key `box` holds, inside one `BEGIN
    /// IMMEDIATE` transaction that also runs `inTransaction` (the audit row). Nothing changes when any value cannot
    /// be opened: the `SecretError` names the platform. `afterEach` runs after every re-sealed value (tests stop a
    /// rotation half-way with it).
    public func run(
        box: SecretBox, afterEach: (Int) throws -> Void = { _ in },
        inTransaction: (Summary) throws -> Void = { _ in }
    ) throws -> Summary {
        try db.transaction(.immediate) {
            var summary = Summary()
            for blob in try blobs() {
                summary.sealed += 1
                guard SecretBox.keyID(of: blob.bytes) != box.currentKey.id else { continue }
                let resealed = try box.reseal(
                    blob.bytes, platformId: blob.platformId, field: blob.field, platformName: blob.platformName)
                let key = blob.table == "platforms" ? "id" : "platform_id"
                try db.run(
                    "UPDATE \(blob.table) SET \(blob.column) = ? WHERE \(key) = ?", [resealed, blob.platformId])
                summary.resealed += 1
                summary.platforms.insert(blob.platformName)
                try afterEach(summary.resealed)
            }
            try inTransaction(summary)
            return summary
        }
    }

    /// Opens every sealed value with `box`, without changing anything: how many there are, and the ones that do not
    /// open, each error naming the platform and field (a missing or wrong key).
    public func check(box: SecretBox) throws -> (sealed: Int, problems: [SecretError]) {
        let blobs = try blobs()
        var problems: [SecretError] = []
        for blob in blobs {
            do {
                _ = try box.open(
                    blob.bytes, platformId: blob.platformId, field: blob.field, platformName: blob.platformName)
            } catch let error as SecretError {
                problems.append(error)
            }
        }
        return (blobs.count, problems)
    }

    /// The names of the platforms with a sealed value (secrets or tokens), sorted.
    public func platformsWithSecrets() throws -> [String] { Array(Set(try blobs().map(\.platformName))).sorted() }

    /// Every sealed value in the database, platform by platform.
    func blobs() throws -> [Blob] {
        var blobs = try db.all(
            "SELECT id, name, credentials_encrypted FROM platforms WHERE credentials_encrypted IS NOT NULL ORDER BY id"
        ) {
            Blob(
                table: "platforms", column: "credentials_encrypted", field: PlatformSecrets.field,
                platformId: $0.int64(0), platformName: $0.text(1), bytes: $0.optionalBlob(2) ?? [])
        }
        for (column, field) in [
            ("access_token_encrypted", "access_token"), ("refresh_token_encrypted", "refresh_token"),
        ] {
            blobs += try db.all(
                """
                SELECT t.platform_id, p.name, t.\(column) FROM platform_tokens t JOIN platforms p ON p.id = t.platform_id
                WHERE t.\(column) IS NOT NULL ORDER BY t.platform_id
                """
            ) {
                Blob(
                    table: "platform_tokens", column: column, field: field, platformId: $0.int64(0),
                    platformName: $0.text(1), bytes: $0.optionalBlob(2) ?? [])
            }
        }
        return blobs
    }
}
