/// Where a record's fields are, for the adapters whose contract comes from config (`generic_rest`, `file_import`):
/// `config.fields` holds a dot path (JSON) or a column name (CSV) per field, `externalId` required.
///
/// ```json
/// "fields": {"externalId": "id", "email": "learner.email", "phone": "learner.mobile",
///            "name": ["learner.first_name", "learner.last_name"], "title": "course.title",
///            "issuedAt": "issued", "expiresAt": "expires", "url": "link", "updatedAt": "modified"},
/// "dateFormat": "iso8601"
/// ```
/// `name` may list several paths, joined with a space (first and last names).
public struct FieldMapping: Sendable, Equatable {
    public var externalId: String
    public var email: String?
    public var phone: String?
    public var name: [String]
    public var title: String?
    public var issuedAt: String?
    public var expiresAt: String?
    public var url: String?
    public var updatedAt: String?
    /// How date fields are written: `config.dateFormat`, ISO-8601 by default.
    public var dateFormat: ItemDate.Format

    public static let fieldNames: Set<String> = [
        "externalId", "email", "phone", "name", "title", "issuedAt", "expiresAt", "url", "updatedAt",
    ]

    public init(
        externalId: String, email: String? = nil, phone: String? = nil, name: [String] = [], title: String? = nil,
        issuedAt: String? = nil, expiresAt: String? = nil, url: String? = nil, updatedAt: String? = nil,
        dateFormat: ItemDate.Format = .iso8601
    ) {
        self.externalId = externalId
        self.email = email
        self.phone = phone
        self.name = name
        self.title = title
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.url = url
        self.updatedAt = updatedAt
        self.dateFormat = dateFormat
    }

    /// Reads `config.fields` and `config.dateFormat`; every problem names its field.
    public init(config: AdapterConfigReader) throws(AdapterConfigError) {
        guard let fields = try config.nested("fields") else {
            throw config.error("fields", "is required: an object with at least \"externalId\"")
        }
        try fields.rejectUnknownKeys(Self.fieldNames)
        externalId = try fields.requiredString("externalId")
        email = try fields.string("email")
        phone = try fields.string("phone")
        title = try fields.string("title")
        issuedAt = try fields.string("issuedAt")
        expiresAt = try fields.string("expiresAt")
        url = try fields.string("url")
        updatedAt = try fields.string("updatedAt")
        switch fields.object["name"] {
        case nil, .null?: name = []
        case .string(let path)?:
            guard !ItemText.trimmed(path).isEmpty else { throw fields.error("name", "must not be empty") }
            name = [path]
        case .array(let paths)?:
            let texts = paths.compactMap(\.stringValue).filter { !ItemText.trimmed($0).isEmpty }
            guard texts.count == paths.count, !texts.isEmpty else {
                throw fields.error("name", "must be a path or a non-empty array of paths")
            }
            name = texts
        default: throw fields.error("name", "must be a path or an array of paths")
        }
        dateFormat = try config.choice("dateFormat", of: ItemDate.Format.self) ?? .iso8601
    }

    /// The record as a credential, or why it cannot be one. `lookup` finds a field's value by its path (a dot path
    /// into a JSON record, a column of a CSV row); `context` (`line 17: `) prefixes every reason.
    public func item(lookup: (String) -> JSONValue?, raw: @autoclosure () -> String, context: String = "") -> ParsedItem
    {
        guard let id = ItemText.text(lookup(externalId)) else {
            return .invalid(externalId: nil, reason: "\(context)no externalId (\(externalId))")
        }
        func text(_ path: String?) -> String? { path.flatMap { ItemText.text(lookup($0)) } }
        func date(_ path: String?, _ field: String) throws(ItemDate.Unparseable) -> Int64? {
            guard let path else { return nil }
            return try ItemDate.read(lookup(path), field: field, format: dateFormat)
        }
        do {
            return .credential(
                CredentialItem(
                    externalId: id, learnerEmail: text(email), learnerPhone: text(phone),
                    learnerName: ItemText.joined(name.map(text)), title: text(title),
                    issuedAtMs: try date(issuedAt, "issuedAt"), expiresAtMs: try date(expiresAt, "expiresAt"),
                    url: text(url), updatedAtMs: try date(updatedAt, "updatedAt"), raw: raw()))
        } catch {
            return .invalid(externalId: id, reason: "\(context)\(error.description)")
        }
    }

    /// A JSON record's item, fields found by dot path.
    public func item(json record: JSONValue, context: String = "") -> ParsedItem {
        item(lookup: { record.value(at: $0) }, raw: record.rawText, context: context)
    }
}
