/// Generates a platform's credentials on demand: record `i` of seed `s` is always the same, and nothing is held in
/// memory, so a million-credential platform costs nothing until a page of it is rendered.
///
/// The served sequence ("positions") repeats an earlier record every `mix.duplicateEvery` positions, about 60
/// records back, so the same external id arrives on two pages. Records are ordered by their original `updated_at`
/// (one second apart from 2024-01-01), which lets a `since` filter find its first record by arithmetic.
public struct CredentialGenerator: Sendable {
    /// The shares of identifier shapes and the rates of deliberate faults in the data.
    public struct Mix: Sendable, Equatable {
        public var emailOnly: Double
        public var phoneOnly: Double
        public var both: Double
        /// A bad email (`name(at)example.org`, no `@`) or a too-short phone (`12345`), and nothing else.
        public var invalidIdentifier: Double
        // The rest carries no identifier at all.

        /// Every n-th record has an impossible issue date (0: none).
        public var invalidDateEvery: Int
        /// Every n-th position repeats an earlier record (0: none).
        public var duplicateEvery: Int
        /// Open Badges: the share of recipients published hashed.
        public var hashedShare: Double

        public init(
            emailOnly: Double = 0.35, phoneOnly: Double = 0.25, both: Double = 0.30, invalidIdentifier: Double = 0.06,
            invalidDateEvery: Int = 97, duplicateEvery: Int = 50, hashedShare: Double = 0.3
        ) {
            precondition(emailOnly + phoneOnly + both + invalidIdentifier <= 1.000_001, "identifier shares exceed 1")
            precondition(invalidDateEvery >= 0 && duplicateEvery != 1 && duplicateEvery >= 0)
            self.emailOnly = emailOnly
            self.phoneOnly = phoneOnly
            self.both = both
            self.invalidIdentifier = invalidIdentifier
            self.invalidDateEvery = invalidDateEvery
            self.duplicateEvery = duplicateEvery
            self.hashedShare = hashedShare
        }
    }

    /// The learner behind a record, as a user directory would hold them: normalised identifiers.
    public struct Learner: Sendable, Equatable {
        public var firstName: String
        public var lastName: String
        /// Lower case.
        public var email: String
        /// E.164, `+91` and ten digits.
        public var phone: String

        public var name: String { "\(firstName) \(lastName)" }
    }

    /// 2024-01-01T00:00:00Z: record 0's original `updated_at`.
    public static let baseMs: Int64 = 1_704_067_200_000
    /// Original `updated_at`s are this far apart.
    public static let stepMs: Int64 = 1_000
    /// How far back a duplicate reaches, in records.
    static let duplicateDistance = 61

    public let contract: SimulatedContract
    public let seed: UInt64
    public let count: Int
    public let mix: Mix

    public init(contract: SimulatedContract, seed: UInt64, count: Int, mix: Mix = Mix()) {
        precondition(count >= 0)
        self.contract = contract
        self.seed = seed
        self.count = count
        self.mix = mix
    }

    // MARK: - Records

    /// Record `index` in its original form, or as update `revision` left it (`revision.generation > 0`).
    public func credential(at index: Int, revision: Revision? = nil) -> SimulatedCredential {
        precondition(index >= 0 && index < count, "record \(index) out of 0..<\(count)")
        var random = randomSource(index, salt: 0)
        let learner = learner(at: index)
        let shape = random.unit()
        var email: String?
        var phone: String?
        let shares = mix
        if shape < shares.emailOnly {
            email = emailShape(learner, &random)
        } else if shape < shares.emailOnly + shares.phoneOnly {
            phone = phoneShape(learner, &random)
        } else if shape < shares.emailOnly + shares.phoneOnly + shares.both {
            email = emailShape(learner, &random)
            phone = phoneShape(learner, &random)
        } else if shape < shares.emailOnly + shares.phoneOnly + shares.both + shares.invalidIdentifier {
            if random.next() % 2 == 0 {
                email = "\(learner.firstName.lowercased()).\(index)(at)example.org"
            } else {
                phone = String(12_345 + Int(random.next() % 50_000))
            }
        }
        let title = Self.titles[Int(random.next() % UInt64(Self.titles.count))]
        let originalUpdatedMs = baseUpdatedMs(index)
        let ageDays = Int64(random.next() % 400)
        let issuedMs = (originalUpdatedMs / 86_400_000 - ageDays) * 86_400_000
        let expires = random.unit() < 0.6 ? issuedMs + 3 * 365 * 86_400_000 : nil
        let hashed = contract == .openbadges && random.unit() < mix.hashedShare
        var credential = SimulatedCredential(
            index: index, externalId: externalId(at: index), firstName: learner.firstName,
            lastName: learner.lastName, email: email, phone: phone, title: title, issuedMs: issuedMs,
            expiresMs: expires, updatedMs: originalUpdatedMs, revision: 0,
            hasInvalidDate: mix.invalidDateEvery > 0 && index % mix.invalidDateEvery == mix.invalidDateEvery - 1,
            hashSalt: hashed ? "salt\(index % 997)" : nil)
        if let revision, revision.generation > 0 {
            credential.revision = revision.generation
            credential.updatedMs = revision.updatedMs
            credential.title = "\(title) (revision \(revision.generation))"
        }
        return credential
    }

    /// The external id of record `index`, in the contract's style.
    public func externalId(at index: Int) -> String {
        switch contract {
        case .nsqf: return "NSQF-\(seed % 1_000)-\(index)"
        case .swayam: return "SWAYAM-\(index)"
        case .credly, .openbadges:
            var random = randomSource(index, salt: 1)
            let (high, low) = (random.next(), random.next())
            let hex = Self.hex(high, 16) + Self.hex(low, 16)
            let uuid = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
                String(hex.dropFirst(range.lowerBound).prefix(range.count))
            }.joined(separator: "-")
            return contract == .openbadges ? "urn:uuid:\(uuid)-\(index)" : "\(uuid)-\(index)"
        case .genericRest: return "GEN-\(index)"
        case .fileCSV, .fileJSONL: return "FILE-\(index)"
        }
    }

    /// The learner behind record `index` (one learner per record; names repeat, identifiers do not).
    public func learner(at index: Int) -> Learner {
        var random = randomSource(index, salt: 2)
        let first = Self.firstNames[Int(random.next() % UInt64(Self.firstNames.count))]
        let last = Self.lastNames[Int(random.next() % UInt64(Self.lastNames.count))]
        // 2654435761 is prime to 4·10⁹, so distinct records get distinct numbers in 6000000000…9999999999 (for
        // fewer than 4·10⁹ records, the product does not overflow).
        let national = 6_000_000_000 + (UInt64(index) &* 2_654_435_761 &+ seed % 4_000_000_000) % 4_000_000_000
        return Learner(
            firstName: first, lastName: last, email: "\(first.lowercased()).\(last.lowercased()).\(index)@example.org",
            phone: "+91\(national)")
    }

    /// Whether a credential of record `index` arrives with an impossible date (counted invalid by any adapter).
    public func hasInvalidDate(_ index: Int) -> Bool {
        mix.invalidDateEvery > 0 && index % mix.invalidDateEvery == mix.invalidDateEvery - 1
    }

    /// How many records have an impossible date.
    public var invalidDateCount: Int { mix.invalidDateEvery > 0 ? count / mix.invalidDateEvery : 0 }

    /// Record `index`'s original `updated_at`.
    public func baseUpdatedMs(_ index: Int) -> Int64 { Self.baseMs + Int64(index) * Self.stepMs }

    /// The first record whose original `updated_at` is at or after `sinceMs` (`count` when none is).
    public func firstIndex(updatedAtOrAfter sinceMs: Int64) -> Int {
        guard sinceMs > Self.baseMs else { return 0 }
        let steps = (sinceMs - Self.baseMs + Self.stepMs - 1) / Self.stepMs
        return Int(min(Int64(count), steps))
    }

    // MARK: - Positions (the served order, with duplicates)

    /// Records served in a full listing, duplicates included.
    public var positionCount: Int {
        guard count > 0, mix.duplicateEvery > 0 else { return count }
        return count + (count - 1) / (mix.duplicateEvery - 1)
    }

    /// The record served at `position`: most positions serve the next record; every `duplicateEvery`-th repeats
    /// one from about `duplicateDistance` records back.
    public func recordIndex(atPosition position: Int) -> Int {
        guard mix.duplicateEvery > 0 else { return position }
        let fresh = position - position / mix.duplicateEvery
        guard (position + 1) % mix.duplicateEvery == 0 else { return fresh }
        return max(0, fresh - Self.duplicateDistance)
    }

    // MARK: - Updates

    /// The `count` distinct records that update `generation` changes: the same ones for the same seed, always.
    public func indicesForUpdate(generation: Int, count wanted: Int) -> [Int] {
        precondition(wanted >= 0 && wanted <= count, "cannot update \(wanted) of \(count) records")
        var random = SplitMix64(seed: seed ^ (0xA076_1D64_78BD_642F &* UInt64(generation)))
        var chosen = Set<Int>()
        var order: [Int] = []
        if wanted * 2 > count {
            // Dense: a partial shuffle.
            var all = Array(0..<count)
            for slot in 0..<wanted {
                all.swapAt(slot, slot + Int(random.next() % UInt64(count - slot)))
            }
            return Array(all[0..<wanted]).sorted()
        }
        while order.count < wanted {
            let index = Int(random.next() % UInt64(count))
            if chosen.insert(index).inserted { order.append(index) }
        }
        return order.sorted()
    }

    /// What an update did to one record.
    public struct Revision: Sendable, Equatable {
        public var generation: Int
        public var updatedMs: Int64

        public init(generation: Int, updatedMs: Int64) {
            self.generation = generation
            self.updatedMs = updatedMs
        }
    }

    // MARK: - Shapes

    private func emailShape(_ learner: Learner, _ random: inout SplitMix64) -> String {
        switch random.next() % 6 {
        case 0: learner.email.prefix(1).uppercased() + learner.email.dropFirst().replacing("@example", with: "@Example")
        case 1: " \(learner.email) "
        case 2: learner.email.uppercased()
        default: learner.email
        }
    }

    private func phoneShape(_ learner: Learner, _ random: inout SplitMix64) -> String {
        let national = String(learner.phone.dropFirst(3))
        let (head, tail) = (national.prefix(5), national.dropFirst(5))
        switch random.next() % 7 {
        case 0: return national
        case 1: return "0\(national)"
        case 2: return "\(head) \(tail)"
        case 3: return "+91 \(head) \(tail)"
        case 4: return "+91-\(head)-\(tail)"
        case 5: return "91\(national)"
        default: return learner.phone
        }
    }

    private func randomSource(_ index: Int, salt: UInt64) -> SplitMix64 {
        SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15 &+ salt &* 0xD1B5_4A32_D192_ED03)
    }

    private static func hex(_ value: UInt64, _ digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    static let firstNames = [
        "Aarav", "Priya", "Rahul", "Ananya", "Vikram", "Sneha", "Arjun", "Kavya", "Rohan", "Meera", "Aditya", "Ishita",
        "Karan", "Pooja", "Siddharth", "Neha", "Farhan", "Lakshmi", "Gurpreet", "Tenzin",
    ]
    static let lastNames = [
        "Sharma", "Patel", "Iyer", "Reddy", "Singh", "Gupta", "Nair", "Das", "Mehta", "Khan", "Joshi", "Rao",
        "Banerjee", "Kulkarni", "Menon", "D'Souza",
    ]
    /// Course and qualification titles; one holds a comma and one quotes, for CSV exports.
    static let titles = [
        "Assistant Electrician", "Retail Sales Associate", "Domestic Data Entry Operator",
        "Field Technician, Computing and Peripherals", "Solar PV Installer", "Customer Care Executive",
        "General Duty Assistant", "Sewing Machine Operator", "Programming in Java", "Introduction to Machine Learning",
        "Data Structures and Algorithms", "Soft Skills for \"Work Readiness\"", "Cloud Computing",
        "Digital Marketing", "Financial Accounting", "Welding Technician",
    ]
}

extension SplitMix64 {
    /// A uniform value in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
