/// A parsed JSON document: what adapters read pages into and platform configs are stored as.
public enum JSONValue: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    /// A number as written, when it is an integer that a Double would round (ids such as 9007199254740993).
    case integer(Int64)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    /// Follows a dot path such as `candidate.email` or `items.0.id`; nil when any step is missing.
    public func value(at path: String) -> JSONValue? {
        let utf8 = path.utf8
        // An ASCII path splits at its "." bytes; otherwise by Character, where "." and a combining mark are one.
        guard ASCIIText.withBytes(of: path, { _ in true }) == true else { return valueByCharacter(at: path) }
        var current = self
        var start = utf8.startIndex
        while true {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: ".")) ?? utf8.endIndex
            guard let value = current.child(Substring(utf8[start..<end])) else { return nil }
            if end == utf8.endIndex { return value }
            current = value
            start = utf8.index(after: end)
        }
    }

    private func valueByCharacter(at path: String) -> JSONValue? {
        var current: JSONValue? = self
        for component in path.split(separator: ".", omittingEmptySubsequences: false) {
            current = current?.child(component)
        }
        return current
    }

    /// One step of a dot path: an array's element when `component` is an index, else an object's member.
    private func child(_ component: Substring) -> JSONValue? {
        if case .array = self, let index = Int(component) { return self[index] }
        return self[String(component)]
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// Strings as they are, numbers without a fraction as integers: for ids that platforms send either way.
    public var textValue: String? {
        switch self {
        case .string(let text): text
        case .integer(let integer): String(integer)
        case .number(let number):
            number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let bool): String(bool)
        default: nil
        }
    }

    public var intValue: Int? {
        switch self {
        case .integer(let integer): Int(exactly: integer)
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? Int(number) : nil
        case .string(let text): Int(text)
        default: nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .integer(let integer): Double(integer)
        case .number(let number): number
        case .string(let text): Double(text)
        default: nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// "a number", "a string"…: what a value is, for messages that must not quote it.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number, .integer: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
