import CredSyncCore
import Foundation

/// The write half of ingest alone — normalise, match against `users` users, upsert — with items made in memory.
/// Separates the database's cost from HTTP and parsing when tuning.
enum WriterBenchmark {
    static func run(records: Int, users: Int, batchSize: Int) throws {
        let folder = try BenchCommand.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = try Database.open(path: "\(folder)/writer.db", options: Connection.Options(synchronous: .normal))
        try db.transaction(.immediate) {
            try db.run(
                "INSERT INTO platforms (id, name, display_name, adapter, created_at, updated_at) VALUES (1, 'bench', 'Bench', 'nsqf', 0, 0)")
            let insert = try db.prepare(
                "INSERT INTO users (name, email, email_normalized, phone, phone_normalized, created_at) VALUES (?, ?, ?, ?, ?, 0)")
            for index in 0..<users {
                let phone = "+91\(9_000_000_000 + index)"
                try insert.run(["User \(index)", "user\(index)@example.com", "user\(index)@example.com", phone, phone])
            }
        }
        let writer = CredentialWriter(db: db, phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91"))
        let items: [ParsedItem] = (0..<records).map { index in
            let email = index % 3 == 0 ? nil : "User\(index % (users * 5 / 4))@Example.com"
            let phone = index % 3 == 1 ? nil : "\(9_000_000_000 + index % (users * 5 / 4))"
            let raw = "{\"certificate_id\":\"NSQF-\(index)\",\"candidate\":{\"email\":\"\(email ?? "")\"},\"title\":\"Course \(index % 97)\"}"
            return .credential(
                CredentialItem(
                    externalId: "NSQF-\(index)", learnerEmail: email, learnerPhone: phone, learnerName: "Learner \(index)",
                    title: "Course \(index % 97)", issuedAtMs: 1_700_000_000_000, updatedAtMs: 1_700_000_000_000, raw: raw))
        }
        for pass in ["first sync", "re-sync"] {
            let start = Date()
            var counts = BatchCounts()
            var index = 0
            while index < items.count {
                let end = min(index + batchSize, items.count)
                try db.transaction(.immediate) {
                    counts.add(try writer.write(items[index..<end], platformId: 1, runId: 1, nowMs: 1))
                }
                index = end
            }
            let seconds = Date().timeIntervalSince(start)
            print(
                String(
                    format: "  %@: %.0f credentials/s (%.2f s; %d new, %d unchanged, %d matched, %d pending)",
                    pass, Double(records) / seconds, seconds, counts.created, counts.unchanged, counts.matched, counts.pending))
        }
    }
}
