/// Reads a user file (CSV with a header naming `external_ref,name,email,phone` in any order, or JSON Lines with
/// those keys) and checks every row before anything is written: a file with bad rows imports nothing.
public struct UserImport: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var externalRef: String?
        public var name: String
        public var email: String?
        public var emailNormalized: String?
        public var phone: String?
        public var phoneNormalized: String?
    }

    public enum Format: String, Sendable {
        case csv, jsonl
    }

    /// How a row finds the user it updates. By default every row needs an `external_ref`; with `--match-by email`
    /// (or `phone`) a row without one updates the user with that normalised identifier, or adds one.
    public enum Identity: String, Sendable, CaseIterable {
        case externalRef = "external_ref"
        case email, phone
    }

    /// An identifier more than one row of the file gives: the users would conflict, and every credential with it
    /// would stay pending. A warning, or a refusal with `--strict`.
    public struct SharedIdentifier: Sendable, Equatable {
        public var kind: String
        public var value: String
        public var lines: [Int]

        public var description: String {
            "\(kind) \(value) is on lines \(lines.map(String.init).joined(separator: ", "))"
        }
    }

    /// Every bad row of a file, by line.
    public struct Problems: Error, CustomStringConvertible, Equatable, Sendable {
        public var lines: [(line: Int, problem: String)]

        public static func == (lhs: Problems, rhs: Problems) -> Bool {
            lhs.lines.map(\.line) == rhs.lines.map(\.line) && lhs.lines.map(\.problem) == rhs.lines.map(\.problem)
        }

        public var description: String {
            let shown = lines.prefix(5).map { "line \($0.line): \($0.problem)" }.joined(separator: "; ")
            let more = lines.count > 5 ? "; and \(lines.count - 5) more" : ""
            return "nothing imported: \(lines.count) bad \(lines.count == 1 ? "row" : "rows") — \(shown)\(more)"
        }
    }

    public let rows: [Row]
    public let identity: Identity
    /// Normalised emails and phones that more than one row gives.
    public let sharedIdentifiers: [SharedIdentifier]

    public static func format(ofPath path: String) -> Format {
        path.lowercased().hasSuffix(".jsonl") || path.lowercased().hasSuffix(".ndjson") ? .jsonl : .csv
    }

    /// Reads and checks every row. `strict` turns an identifier shared by several rows into a problem.
    public init(
        text: String, format: Format, phoneNormalizer: PhoneNormalizer, identity: Identity = .externalRef,
        strict: Bool = false
    ) throws {
        var problems: [(Int, String)] = []
        var rows: [Row] = []
        var refs: [String: Int] = [:]
        func add(line: Int, ref: String?, name: String?, email: String?, phone: String?) {
            let clean = { (value: String?) -> String? in
                guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
                    return nil
                }
                return trimmed
            }
            let (ref, email, phone) = (clean(ref), clean(email), clean(phone))
            guard email != nil || phone != nil else {
                problems.append((line, "needs an email or a phone"))
                return
            }
            if ref == nil {
                switch identity {
                case .externalRef:
                    problems.append((line, "has no external_ref; give every user one, or import with --match-by email|phone"))
                    return
                case .email where email == nil:
                    problems.append((line, "has neither an external_ref nor an email to match by"))
                    return
                case .phone where phone == nil:
                    problems.append((line, "has neither an external_ref nor a phone to match by"))
                    return
                default: break
                }
            }
            let emailNormalized = email.flatMap(EmailNormalizer.normalize)
            if let email, emailNormalized == nil {
                problems.append((line, "email \"\(email.prefix(64))\" is not a valid address"))
                return
            }
            let phoneNormalized = phone.flatMap(phoneNormalizer.normalize)
            if let phone, phoneNormalized == nil {
                problems.append((line, "phone \"\(phone.prefix(32))\" is not a valid number"))
                return
            }
            if let ref {
                if let first = refs[ref] {
                    problems.append((line, "external_ref \"\(ref)\" already appears on line \(first)"))
                    return
                }
                refs[ref] = line
            }
            rows.append(
                Row(
                    line: line, externalRef: ref, name: clean(name) ?? "", email: email, emailNormalized: emailNormalized,
                    phone: phone, phoneNormalized: phoneNormalized))
        }
        switch format {
        case .csv:
            var reader = CSVReader(text)
            guard let header = try reader.next() else { throw Problems(lines: [(1, "the file is empty")]) }
            let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard columns.contains("email") || columns.contains("phone") else {
                throw Problems(lines: [(header.line, "the header must name external_ref,name,email,phone")])
            }
            let position = { (name: String) in columns.firstIndex(of: name) }
            while true {
                let record: CSVReader.Record
                do {
                    guard let next = try reader.next() else { break }
                    record = next
                } catch {
                    problems.append((error.line, error.problem))
                    continue
                }
                guard record.fields.count == columns.count else {
                    problems.append((record.line, "has \(record.fields.count) fields, the header has \(columns.count)"))
                    continue
                }
                let field = { (name: String) in position(name).map { record.fields[$0] } }
                add(line: record.line, ref: field("external_ref"), name: field("name"), email: field("email"), phone: field("phone"))
            }
        case .jsonl:
            for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                guard let object = (try? JSONParser.parse(String(line)))?.objectValue else {
                    problems.append((offset + 1, "is not a JSON object"))
                    continue
                }
                add(
                    line: offset + 1, ref: object["external_ref"]?.textValue, name: object["name"]?.textValue,
                    email: object["email"]?.textValue, phone: object["phone"]?.textValue)
            }
        }
        let shared = Self.shared(rows)
        if strict {
            for identifier in shared {
                problems.append((identifier.lines.last!, "\(identifier.kind) \(identifier.value) is already on line \(identifier.lines[0]) (--strict)"))
            }
        }
        guard problems.isEmpty else {
            throw Problems(lines: problems.sorted { $0.0 < $1.0 }.map { (line: $0.0, problem: $0.1) })
        }
        self.rows = rows
        self.identity = identity
        sharedIdentifiers = shared
    }

    /// The normalised emails and phones given by more than one row, in file order.
    static func shared(_ rows: [Row]) -> [SharedIdentifier] {
        var result: [SharedIdentifier] = []
        for (kind, key) in [("email", \Row.emailNormalized), ("phone", \Row.phoneNormalized)] {
            var lines: [String: [Int]] = [:]
            var order: [String] = []
            for row in rows {
                guard let value = row[keyPath: key] else { continue }
                if lines[value] == nil { order.append(value) }
                lines[value, default: []].append(row.line)
            }
            result += order.compactMap { value in
                lines[value]!.count > 1 ? SharedIdentifier(kind: kind, value: value, lines: lines[value]!) : nil
            }
        }
        return result
    }
}
