/// One credential as an adapter read it from a platform, before matching: the adapter's whole output per item.
public struct CredentialItem: Sendable, Equatable {
    public var externalId: String
    public var learnerEmail: String?
    public var learnerPhone: String?
    /// Further plain emails and phones after `learnerEmail` and `learnerPhone`, in the order received: candidates
    /// tried in turn when the first finds no user (an Open Badges credential may name its recipient several ways).
    public var otherEmails: [String]
    public var otherPhones: [String]
    public var learnerName: String?
    /// Open Badges hashed recipients (`sha256$…` with their salt).
    public var hashedIdentities: [HashedRecipient]
    public var title: String?
    /// Unix milliseconds (UTC).
    public var issuedAtMs: Int64?
    public var expiresAtMs: Int64?
    public var url: String?
    /// When the platform last changed the item; the incremental cursor advances to the newest one seen.
    public var updatedAtMs: Int64?
    /// The item as received, as compact JSON.
    public let raw: String
    /// `raw`'s FNV-1a hash, which tells a re-sync whether the stored row changed. Computed where the item is made —
    /// on the sync's prefetch thread, beside the parse — so the worker thread, which bounds a first sync, does not.
    public let contentHash: Int64

    public init(
        externalId: String, learnerEmail: String? = nil, learnerPhone: String? = nil, otherEmails: [String] = [],
        otherPhones: [String] = [], learnerName: String? = nil, hashedIdentities: [HashedRecipient] = [],
        title: String? = nil, issuedAtMs: Int64? = nil,
        expiresAtMs: Int64? = nil, url: String? = nil, updatedAtMs: Int64? = nil, raw: String
    ) {
        self.externalId = externalId
        self.learnerEmail = learnerEmail
        self.learnerPhone = learnerPhone
        self.otherEmails = otherEmails
        self.otherPhones = otherPhones
        self.learnerName = learnerName
        self.hashedIdentities = hashedIdentities
        self.title = title
        self.issuedAtMs = issuedAtMs
        self.expiresAtMs = expiresAtMs
        self.url = url
        self.updatedAtMs = updatedAtMs
        self.raw = raw
        contentHash = FNV1a.hash(raw)
    }
}

/// An Open Badges recipient given as a hash: `identityHash` is `sha256$<hex>` of identity + salt.
public struct HashedRecipient: Sendable, Equatable {
    public var type: IdentifierType
    public var identityHash: String
    public var salt: String

    public init(type: IdentifierType, identityHash: String, salt: String) {
        self.type = type
        self.identityHash = identityHash
        self.salt = salt
    }
}

extension HashedRecipient {
    /// Recipients as stored in `external_credentials.hashed_identities`; nil for none. `otherPlain` — a credential's
    /// plain identifiers beyond the ones in `learner_email` and `learner_phone` — are stored there too, as
    /// `{"type", "identity"}` entries that `decode` skips, so that a re-match after new users arrive tries them.
    static func encode(_ recipients: [HashedRecipient], otherPlain: [(type: IdentifierType, identity: String)] = [])
        -> String?
    {
        guard !recipients.isEmpty || !otherPlain.isEmpty else { return nil }
        return JSONValue.array(
            recipients.map {
                .object(["type": .string($0.type.rawValue), "hash": .string($0.identityHash), "salt": .string($0.salt)])
            }
                + otherPlain.map { .object(["type": .string($0.type.rawValue), "identity": .string($0.identity)]) }
        ).serialized
    }

    /// The plain identifiers `encode` stored beside the hashed recipients, in order.
    static func decodeOtherPlain(_ text: String?) -> [(type: IdentifierType, identity: String)] {
        guard let text, let value = try? JSONParser.parse(text), let array = value.arrayValue else { return [] }
        return array.compactMap { entry in
            guard let type = entry["type"]?.stringValue.flatMap(IdentifierType.init(rawValue:)),
                let identity = entry["identity"]?.stringValue
            else { return nil }
            return (type, identity)
        }
    }

    static func decode(_ text: String?) -> [HashedRecipient] {
        guard let text, let value = try? JSONParser.parse(text), let array = value.arrayValue else { return [] }
        return array.compactMap { entry in
            guard let type = entry["type"]?.stringValue.flatMap(IdentifierType.init(rawValue:)),
                let hash = entry["hash"]?.stringValue
            else { return nil }
            return HashedRecipient(type: type, identityHash: hash, salt: entry["salt"]?.stringValue ?? "")
        }
    }
}
