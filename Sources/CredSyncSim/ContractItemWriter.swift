import CredSyncCore
import Foundation

/// Writes one simulated credential as each contract's item (SPEC §11), straight into a page's bytes.
struct ContractItemWriter {
    let contract: SimulatedContract
    /// `http://127.0.0.1:PORT/<name>`, for the URLs items carry.
    let baseURL: String

    /// An impossible date, for records that must be counted invalid.
    static let invalidDate = "2024-02-30"

    func write(_ credential: SimulatedCredential, to json: inout JSONWriter) {
        switch contract {
        case .nsqf: nsqf(credential, &json)
        case .swayam: swayam(credential, &json)
        case .openbadges: openBadges3(credential, &json)
        case .credly: credly(credential, &json)
        case .genericRest: generic(credential, &json)
        case .fileCSV, .fileJSONL: fileObject(credential, &json)
        }
    }

    // MARK: - Contracts

    private func nsqf(_ c: SimulatedCredential, _ json: inout JSONWriter) {
        json.raw("{\"certificate_id\":")
        json.string(c.externalId)
        json.raw(",\"candidate\":{\"name\":")
        json.string(c.name)
        json.raw(",\"email\":")
        json.string(c.email)
        json.raw(",\"mobile\":")
        json.string(c.phone)
        json.raw("},\"qualification\":{\"title\":")
        json.string(c.title)
        json.raw(",\"code\":\"QP-")
        json.int(c.index % 900 + 100)
        json.raw("\",\"nsqf_level\":")
        json.int(c.index % 6 + 3)
        json.raw(",\"sector\":\"Skills\"},\"issued_on\":")
        issuedDate(c, &json)
        json.raw(",\"valid_until\":")
        if let expires = c.expiresMs { json.date(expires) } else { json.raw("null") }
        json.raw(",\"certificate_url\":")
        json.url(baseURL, "/certificates/", c.externalId)
        json.raw(",\"updated_at\":")
        json.dateTime(c.updatedMs)
        json.raw("}")
    }

    private func swayam(_ c: SimulatedCredential, _ json: inout JSONWriter) {
        json.raw("{\"id\":")
        json.string(c.externalId)
        json.raw(",\"learner\":{\"full_name\":")
        json.string(c.name)
        json.raw(",\"email\":")
        json.string(c.email)
        json.raw(",\"phone\":")
        json.string(c.phone)
        json.raw("},\"course\":{\"code\":\"noc24-")
        json.int(c.index % 90 + 10)
        json.raw("\",\"title\":")
        json.string(c.title)
        json.raw(",\"institute\":\"IIT Madras\"},\"score\":")
        json.int(c.index % 60 + 40)
        json.raw(".5,\"completed_at\":")
        if c.hasInvalidDate { json.string(Self.invalidDate) } else { json.dateTime(c.issuedMs + 36_000_000) }
        json.raw(",\"certificate_url\":")
        json.url(baseURL, "/certificates/", c.externalId)
        json.raw(",\"updated_at\":")
        json.dateTime(c.updatedMs)
        json.raw("}")
    }

    private func credly(_ c: SimulatedCredential, _ json: inout JSONWriter) {
        json.raw("{\"id\":")
        json.string(c.externalId)
        json.raw(",\"state\":\"accepted\",\"issued_at\":")
        if c.hasInvalidDate { json.string(Self.invalidDate) } else { json.dateTime(c.issuedMs) }
        json.raw(",\"expires_at\":")
        if let expires = c.expiresMs { json.dateTime(expires) } else { json.raw("null") }
        json.raw(",\"updated_at\":")
        json.dateTime(c.updatedMs)
        json.raw(",\"badge_template\":{\"id\":\"tmpl-")
        json.int(c.title.utf8.count)
        json.raw("\",\"name\":")
        json.string(c.title)
        json.raw("},\"issued_to\":")
        json.string(c.name)
        json.raw(",\"issued_to_first_name\":")
        json.string(c.firstName)
        json.raw(",\"issued_to_last_name\":")
        json.string(c.lastName)
        json.raw(",\"recipient_email\":")
        json.string(c.email)
        json.raw("}")
    }

    private func generic(_ c: SimulatedCredential, _ json: inout JSONWriter) {
        json.raw("{\"record_id\":")
        json.string(c.externalId)
        json.raw(",\"person\":{\"email\":")
        json.string(c.email)
        json.raw(",\"phone\":")
        json.string(c.phone)
        json.raw(",\"first\":")
        json.string(c.firstName)
        json.raw(",\"last\":")
        json.string(c.lastName)
        json.raw("},\"course\":")
        json.string(c.title)
        json.raw(",\"issued\":")
        issuedDate(c, &json)
        json.raw(",\"expires\":")
        if let expires = c.expiresMs { json.date(expires) } else { json.raw("null") }
        json.raw(",\"link\":")
        json.url(baseURL, "/records/", c.externalId)
        json.raw(",\"modified\":")
        json.dateTime(c.updatedMs)
        json.raw("}")
    }

    /// A file export's record as a JSON Lines object; the CSV columns have the same names and order.
    private func fileObject(_ c: SimulatedCredential, _ json: inout JSONWriter) {
        let values = Self.fileValues(c, baseURL: baseURL)
        json.raw("{")
        for (offset, (name, value)) in zip(Self.fileColumns, values).enumerated() {
            if offset > 0 { json.raw(",") }
            json.string(name)
            json.raw(":")
            json.string(value)
        }
        json.raw("}")
    }

    static let fileColumns = [
        "credential_id", "email", "phone", "first_name", "last_name", "title", "issued_on", "expires_on", "url",
        "updated_at",
    ]

    static func fileValues(_ c: SimulatedCredential, baseURL: String) -> [String?] {
        [
            c.externalId, c.email, c.phone, c.firstName, c.lastName, c.title,
            c.hasInvalidDate ? invalidDate : ItemDate.isoDate(c.issuedMs), c.expiresMs.map(ItemDate.isoDate),
            "\(baseURL)/files/\(c.externalId)", ItemDate.iso8601(c.updatedMs),
        ]
    }

    /// One CSV line (with `\r\n`), quoting fields that need it.
    static func csvLine(_ values: [String?]) -> String {
        values.map { value -> String in
            guard let value else { return "" }
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
            return "\"" + value.replacing("\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }

    private func issuedDate(_ c: SimulatedCredential, _ json: inout JSONWriter) {
        if c.hasInvalidDate { json.string(Self.invalidDate) } else { json.date(c.issuedMs) }
    }

    // MARK: - Open Badges

    /// Every tenth credential is an OB 2.0 assertion; every tenth from the fifth comes as a compact JWS instead.
    enum OpenBadgesForm {
        case credential3
        case assertion2
        case compactJWS
    }

    static func openBadgesForm(_ index: Int) -> OpenBadgesForm {
        switch index % 10 {
        case 0: .assertion2
        case 5: .compactJWS
        default: .credential3
        }
    }

    /// An `OpenBadgeCredential`; the issue date (`validFrom`) is the record's `updated_at`, as OB's `since` filters
    /// on issue dates.
    func openBadges3(_ c: SimulatedCredential, _ json: inout JSONWriter) {
        json.raw(
            "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],\"id\":"
        )
        json.string(c.externalId)
        json.raw(",\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],\"issuer\":{\"id\":")
        json.string("\(baseURL)/issuer")
        json.raw(",\"type\":[\"Profile\"],\"name\":\"Simulated issuer\"},\"validFrom\":")
        if c.hasInvalidDate { json.string(Self.invalidDate + "T00:00:00Z") } else { json.dateTime(c.updatedMs) }
        if let expires = c.expiresMs {
            json.raw(",\"validUntil\":")
            json.dateTime(expires)
        }
        json.raw(",\"name\":")
        json.string(c.title)
        json.raw(",\"credentialSubject\":{\"type\":[\"AchievementSubject\"],\"identifier\":[")
        var first = true
        for (type, identity) in [("emailAddress", c.email), ("phone", c.phone)] {
            guard let identity else { continue }
            if !first { json.raw(",") }
            first = false
            identifier(type: type, identity: identity, salt: c.hashSalt, &json)
        }
        if !first { json.raw(",") }
        json.raw("{\"type\":\"IdentityObject\",\"identityType\":\"name\",\"hashed\":false,\"identityHash\":")
        json.string(c.name)
        json.raw("}],\"achievement\":{\"id\":")
        json.string("\(baseURL)/achievements/\(c.title.utf8.count)")
        json.raw(",\"type\":[\"Achievement\"],\"name\":")
        json.string(c.title)
        json.raw("}}}")
    }

    func openBadges2(_ c: SimulatedCredential, _ json: inout JSONWriter) {
        json.raw("{\"@context\":\"https://w3id.org/openbadges/v2\",\"type\":\"Assertion\",\"id\":")
        json.string(c.externalId)
        json.raw(",\"recipient\":")
        let (type, identity) = c.email.map { ("email", $0) } ?? c.phone.map { ("telephone", $0) } ?? ("email", "")
        let hash = c.hashSalt.flatMap { salt in Self.hashed(type == "email" ? .email : .phone, identity, salt: salt) }
        json.raw("{\"type\":")
        json.string(type)
        json.raw(",\"hashed\":")
        json.bool(hash != nil)
        if let hash, let salt = c.hashSalt {
            json.raw(",\"salt\":")
            json.string(salt)
            json.raw(",\"identity\":")
            json.string(hash)
        } else {
            json.raw(",\"identity\":")
            json.string(identity)
        }
        json.raw("},\"issuedOn\":")
        if c.hasInvalidDate { json.string(Self.invalidDate) } else { json.dateTime(c.updatedMs) }
        if let expires = c.expiresMs {
            json.raw(",\"expires\":")
            json.dateTime(expires)
        }
        json.raw(",\"badge\":{\"type\":\"BadgeClass\",\"id\":")
        json.string("\(baseURL)/badges/\(c.title.utf8.count)")
        json.raw(",\"name\":")
        json.string(c.title)
        json.raw("},\"verification\":{\"type\":\"hosted\"}}")
    }

    /// The credential as a compact JWS: a JWT header, the credential as payload, and a signature nobody checks.
    func compactJWS(_ c: SimulatedCredential) -> String {
        var payload = JSONWriter(capacity: 1_024)
        openBadges3(c, &payload)
        return "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.\(Self.base64URL(payload.bytes)).c2ltdWxhdGVkLXNpZ25hdHVyZQ"
    }

    private func identifier(type: String, identity: String, salt: String?, _ json: inout JSONWriter) {
        let hash = salt.flatMap { Self.hashed(type == "emailAddress" ? .email : .phone, identity, salt: $0) }
        json.raw("{\"type\":\"IdentityObject\",\"identityType\":")
        json.string(type)
        json.raw(",\"hashed\":")
        json.bool(hash != nil)
        json.raw(",\"identityHash\":")
        json.string(hash ?? identity)
        if hash != nil, let salt {
            json.raw(",\"salt\":")
            json.string(salt)
        }
        json.raw("}")
    }

    /// The identity hashed as an issuer would: over its normal form (nil when it has none, and stays plain).
    static func hashed(_ type: IdentifierType, _ identity: String, salt: String) -> String? {
        let normalized =
            switch type {
            case .email: EmailNormalizer.normalize(identity)
            case .phone: PhoneNormalizer().normalize(identity)
            }
        return normalized.map { HashedIdentity.identityHash(of: $0, salt: salt) }
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }
}
