import Foundation

/// Reads one Open Badges credential into a `CredentialItem`: an OB 3.0 `OpenBadgeCredential`, an OB 2.0 assertion,
/// or either one inside a compact JWS. Signatures are not verified: credsync matches credentials to users, it does
/// not vouch for them.
enum OpenBadgesCredential {
    /// An element of the page's `credential` array: an object, or a compact JWS string.
    static func item(_ json: JSONValue) -> ParsedItem {
        if let jws = json.stringValue { return item(compactJWS: jws) }
        if json["credentialSubject"] == nil, json["recipient"] == nil, let jws = json["compactJwsString"]?.stringValue {
            return item(compactJWS: jws)
        }
        return json["recipient"] != nil && json["credentialSubject"] == nil ? assertion(json) : credential(json)
    }

    /// A compact JWS (`header.payload.signature`) whose payload is a credential, or a JWT with the credential in
    /// its `vc` claim (`jti`, `nbf` and `exp` stand in for a missing `id`, `validFrom` and `validUntil`).
    static func item(compactJWS: String) -> ParsedItem {
        let parts = ItemText.trimmed(compactJWS).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            return .invalid(externalId: nil, reason: "unreadable compactJwsString: not three dot-separated parts")
        }
        guard let payloadBytes = base64URLDecode(parts[1]), let payload = try? JSONParser.parse(payloadBytes),
            case .object(let claims) = payload
        else { return .invalid(externalId: nil, reason: "unreadable compactJwsString: the payload is not JSON") }
        var credential = claims["vc"]?.objectValue ?? claims
        if credential["id"] == nil, let jti = claims["jti"] { credential["id"] = jti }
        if credential["validFrom"] == nil, credential["issuanceDate"] == nil, let nbf = claims["nbf"]?.doubleValue {
            credential["validFrom"] = .string(ItemDate.iso8601(Int64(nbf * 1_000)))
        }
        if credential["validUntil"] == nil, credential["expirationDate"] == nil, let exp = claims["exp"]?.doubleValue {
            credential["validUntil"] = .string(ItemDate.iso8601(Int64(exp * 1_000)))
        }
        return item(.object(credential))
    }

    // MARK: - Open Badges 3.0

    /// `id`; `credentialSubject.achievement.name` (or the credential's `name`); `validFrom`/`issuanceDate`;
    /// `validUntil`/`expirationDate`; recipients from `credentialSubject.identifier[]` or a `mailto:`/`tel:`
    /// `credentialSubject.id`. The issue date doubles as `updatedAt`: OB's `since` filters on it.
    static func credential(_ json: JSONValue) -> ParsedItem {
        guard let id = ItemText.text(json["id"]) else { return .invalid(externalId: nil, reason: "no id") }
        let subject = json["credentialSubject"]?.arrayValue?.first ?? json["credentialSubject"]
        var recipients = Recipients()
        let identifiers = subject?["identifier"]
        for identifier in identifiers?.arrayValue ?? (identifiers.map { [$0] } ?? []) {
            recipients.add(
                typeName: identifier["identityType"]?.stringValue, hashed: isTrue(identifier["hashed"]),
                identity: ItemText.text(identifier["identityHash"]), salt: identifier["salt"]?.textValue)
        }
        if let subjectId = ItemText.text(subject?["id"]) {
            if subjectId.lowercased().hasPrefix("mailto:") {
                recipients.add(type: .email, plain: String(subjectId.dropFirst(7)))
            } else if subjectId.lowercased().hasPrefix("tel:") {
                recipients.add(type: .phone, plain: String(subjectId.dropFirst(4)))
            }
        }
        do {
            let issuedField = json["validFrom"] != nil ? "validFrom" : "issuanceDate"
            let expiresField = json["validUntil"] != nil ? "validUntil" : "expirationDate"
            let issuedAtMs = try ItemDate.read(json[issuedField], field: issuedField)
            return .credential(
                CredentialItem(
                    externalId: id, learnerEmail: recipients.emails.first, learnerPhone: recipients.phones.first,
                    otherEmails: Array(recipients.emails.dropFirst()),
                    otherPhones: Array(recipients.phones.dropFirst()),
                    learnerName: recipients.name ?? ItemText.text(subject?["name"]),
                    hashedIdentities: recipients.hashed,
                    title: ItemText.text(subject?.value(at: "achievement.name")) ?? ItemText.text(json["name"]),
                    issuedAtMs: issuedAtMs, expiresAtMs: try ItemDate.read(json[expiresField], field: expiresField),
                    url: webURL(id), updatedAtMs: issuedAtMs, raw: json.rawText))
        } catch {
            return .invalid(externalId: id, reason: error.description)
        }
    }

    // MARK: - Open Badges 2.0

    /// `id` (or 1.x `uid`); `recipient: {type, hashed, salt, identity}`; `issuedOn`; `expires`; `badge.name` when
    /// the badge is embedded (a badge given by URL leaves the title empty). Dates may be Unix seconds, as 1.x allowed.
    static func assertion(_ json: JSONValue) -> ParsedItem {
        guard let id = ItemText.text(json["id"]) ?? ItemText.text(json["uid"]) else {
            return .invalid(externalId: nil, reason: "no id")
        }
        var recipients = Recipients()
        // One recipient object; some issuers send a list of them, each a candidate.
        let recipientField = json["recipient"]
        for recipient in recipientField?.arrayValue ?? (recipientField.map { [$0] } ?? []) {
            recipients.add(
                typeName: recipient["type"]?.stringValue, hashed: isTrue(recipient["hashed"]),
                identity: ItemText.text(recipient["identity"]), salt: recipient["salt"]?.textValue)
        }
        do {
            let issuedAtMs = try assertionDate(json["issuedOn"], field: "issuedOn")
            return .credential(
                CredentialItem(
                    externalId: id, learnerEmail: recipients.emails.first, learnerPhone: recipients.phones.first,
                    otherEmails: Array(recipients.emails.dropFirst()),
                    otherPhones: Array(recipients.phones.dropFirst()),
                    learnerName: ItemText.text(json.value(at: "extensions:recipientProfile.name")),
                    hashedIdentities: recipients.hashed, title: ItemText.text(json.value(at: "badge.name")),
                    issuedAtMs: issuedAtMs, expiresAtMs: try assertionDate(json["expires"], field: "expires"),
                    url: webURL(id) ?? ItemText.text(json.value(at: "verification.url")), updatedAtMs: issuedAtMs,
                    raw: json.rawText))
        } catch {
            return .invalid(externalId: id, reason: error.description)
        }
    }

    private static func assertionDate(_ value: JSONValue?, field: String) throws(ItemDate.Unparseable) -> Int64? {
        if case .number = value { return try ItemDate.read(value, field: field, format: .epochSeconds) }
        if case .integer = value { return try ItemDate.read(value, field: field, format: .epochSeconds) }
        return try ItemDate.read(value, field: field)
    }

    // MARK: - Recipients

    /// The identifiers gathered from a credential: every plain email and phone in the order given (each a candidate
    /// the matcher tries in turn, as OB 3.0's verification compares each identifier), the first name, every hash.
    struct Recipients {
        var emails: [String] = []
        var phones: [String] = []
        var name: String?
        var hashed: [HashedRecipient] = []

        /// Identity types that name a phone number; OB 3.0 has none of its own, so platforms use these or `ext:`.
        static let phoneTypes: Set<String> = [
            "phone", "phonenumber", "telephone", "tel", "mobile", "mobilenumber", "mobilephone", "sms",
        ]

        mutating func add(typeName: String?, hashed: Bool, identity: String?, salt: String?) {
            guard let typeName, let identity else { return }
            var key = typeName.lowercased()
            if key.hasPrefix("ext:") { key.removeFirst(4) }
            let type: IdentifierType
            if key == "email" || key == "emailaddress" {
                type = .email
            } else if Self.phoneTypes.contains(key) {
                type = .phone
            } else {
                if key == "name", !hashed, name == nil { name = identity }
                return
            }
            if hashed {
                self.hashed.append(HashedRecipient(type: type, identityHash: identity, salt: salt ?? ""))
            } else {
                add(type: type, plain: identity)
            }
        }

        mutating func add(type: IdentifierType, plain: String) {
            let identity = ItemText.trimmed(plain)
            guard !identity.isEmpty else { return }
            switch type {
            case .email: if !emails.contains(identity) { emails.append(identity) }
            case .phone: if !phones.contains(identity) { phones.append(identity) }
            }
        }
    }

    // MARK: - Helpers

    /// `true`, or the string "true" that some issuers write.
    private static func isTrue(_ value: JSONValue?) -> Bool {
        value?.boolValue ?? (value?.stringValue?.lowercased() == "true")
    }

    private static func webURL(_ id: String) -> String? {
        AdapterConfigReader.isHTTPURL(id) ? id : nil
    }

    /// RFC 4648 §5 base64url, padding optional.
    static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        var standard = text.replacing("-", with: "+").replacing("_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: String(standard)).map { [UInt8]($0) }
    }
}
