/// Users that match a simulated platform's learners, for `credsync users import` in tests, the demo and the
/// benchmarks. Deterministic and computed on demand like `CredentialGenerator`: user `i` exists when learner `i`
/// is among the chosen `fraction`, and carries the learner's normalised email and phone, so each matches its
/// credential when the credential's identifiers are valid.
public struct UserGenerator: Sendable {
    /// One user row: `external_ref,name,email,phone` (SPEC §9).
    public struct User: Sendable, Equatable {
        public var externalRef: String
        public var name: String
        public var email: String
        public var phone: String
    }

    public let credentials: CredentialGenerator
    /// The share of learners that have a user, 0…1.
    public let fraction: Double

    public init(credentials: CredentialGenerator, fraction: Double) {
        precondition((0...1).contains(fraction), "fraction is between 0 and 1")
        self.credentials = credentials
        self.fraction = fraction
    }

    /// Whether learner `index` has a user.
    public func hasUser(_ index: Int) -> Bool {
        guard fraction < 1 else { return true }
        var random = SplitMix64(
            seed: credentials.seed ^ 0x5DEE_CE66_D1CE_4E5B &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        return random.unit() < fraction
    }

    /// The user of learner `index`, if it has one.
    public func user(at index: Int) -> User? {
        guard hasUser(index) else { return nil }
        let learner = credentials.learner(at: index)
        return User(
            externalRef: "\(credentials.contract.rawValue)-user-\(index)", name: learner.name, email: learner.email,
            phone: learner.phone)
    }

    /// Every user, lazily, in learner order.
    public var users: LazyMapSequence<LazyFilterSequence<LazyMapSequence<Range<Int>, User?>>, User> {
        (0..<credentials.count).lazy.map(user).filter { $0 != nil }.map { $0! }
    }

    /// The users as a CSV file with a header row, written in chunks to `write`.
    public func writeCSV(_ write: (String) throws -> Void) rethrows {
        try write("external_ref,name,email,phone\n")
        try writeChunks(write) { user in
            "\(user.externalRef),\(Self.csvField(user.name)),\(user.email),\(user.phone)\n"
        }
    }

    /// The users as JSON Lines, written in chunks to `write`.
    public func writeJSONLines(_ write: (String) throws -> Void) rethrows {
        try writeChunks(write) { user in
            var json = JSONWriter(capacity: 160)
            json.raw("{\"external_ref\":")
            json.string(user.externalRef)
            json.raw(",\"name\":")
            json.string(user.name)
            json.raw(",\"email\":")
            json.string(user.email)
            json.raw(",\"phone\":")
            json.string(user.phone)
            json.raw("}\n")
            return String(decoding: json.bytes, as: UTF8.self)
        }
    }

    /// The whole CSV text (for small sets; stream large ones with `writeCSV`).
    public var csv: String {
        var text = ""
        writeCSV { text += $0 }
        return text
    }

    public var jsonLines: String {
        var text = ""
        writeJSONLines { text += $0 }
        return text
    }

    private func writeChunks(_ write: (String) throws -> Void, _ line: (User) -> String) rethrows {
        var chunk = ""
        for user in users {
            chunk += line(user)
            if chunk.utf8.count >= 64 << 10 {
                try write(chunk)
                chunk = ""
            }
        }
        if !chunk.isEmpty { try write(chunk) }
    }

    private static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" }) ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text
    }
}

extension PlatformSimulator {
    /// Users for `fraction` of the platform's learners.
    public func users(for name: String, fraction: Double) -> UserGenerator {
        UserGenerator(credentials: platform(named: name).generator, fraction: fraction)
    }
}
