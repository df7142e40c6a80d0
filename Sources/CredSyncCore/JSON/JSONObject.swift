/// A JSON object that keeps its keys in the order they were written.
///
/// Stored as a flat list of pairs: the objects credsync reads are small (an item has a dozen keys), so a linear
/// lookup beats building a hash table for every one of the million items of a sync.
public struct JSONObject: Sendable, Equatable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One key and its value.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue
    }

    private var pairs: [Member] = []
    /// The object's text exactly as it was received, when the parser kept it (items of a page); nil otherwise.
    public internal(set) var rawText: String?

    public init() {}

    public init(_ pairs: KeyValuePairs<String, JSONValue>) {
        for (key, value) in pairs { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements { self[key] = value }
    }

    /// The members as parsed, in order, without checking for repeated keys: the last value wins on lookup.
    init(parsedMembers: [Member]) {
        pairs = parsedMembers
    }

    public subscript(key: String) -> JSONValue? {
        get {
            // Compares the keys in place: copying each member out would retain and release its key and value.
            pairs.withUnsafeBufferPointer { members in
                var index = members.count - 1
                while index >= 0 {
                    if members[index].key == key { return members[index].value }
                    index -= 1
                }
                return nil
            }
        }
        set {
            rawText = nil
            if let existing = pairs.firstIndex(where: { $0.key == key }) {
                if let newValue {
                    pairs[existing].value = newValue
                } else {
                    pairs.remove(at: existing)
                }
            } else if let newValue {
                pairs.append(Member(key: key, value: newValue))
            }
        }
    }

    public var keys: [String] { pairs.map(\.key) }

    public var count: Int { pairs.count }

    public func makeIterator() -> LazyMapSequence<[Member], (key: String, value: JSONValue)>.Iterator {
        pairs.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.count == rhs.count && lhs.pairs.allSatisfy { rhs[$0.key] == $0.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for key in keys.sorted() { hasher.combine(key) }
    }
}
