/// Reads RFC 4180 CSV one record at a time: quoted fields with `""` escapes, commas and line breaks inside quotes,
/// CRLF or LF line ends. Tracks the line each record starts on, for error messages.
public struct CSVReader {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1

    public init(_ text: String) {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        self.bytes = bytes
    }

    /// One record and the line it starts on.
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    /// A record that cannot be read: an unterminated quote or text after a closing quote.
    public struct Failure: Error, CustomStringConvertible, Equatable, Sendable {
        public let line: Int
        public let problem: String
        public var description: String { "line \(line): \(problem)" }
    }

    /// The byte offset of the next record, for resuming.
    public var offset: Int { index }

    public var isAtEnd: Bool { index >= bytes.count }

    /// The next record, nil at the end. Blank lines are skipped.
    public mutating func next() throws(Failure) -> Record? {
        while index < bytes.count, bytes[index] == 0x0A || bytes[index] == 0x0D {
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
        guard index < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var afterQuote = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == 0x22 {
                    if index < bytes.count, bytes[index] == 0x22 {
                        field.append(0x22)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 0x2C:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                afterQuote = false
            case 0x0A:
                line += 1
                fields.append(String(decoding: field, as: UTF8.self))
                return Record(line: startLine, fields: fields)
            case 0x0D:
                break
            case 0x22 where field.isEmpty && !afterQuote:
                quoted = true
            default:
                guard !afterQuote else { throw Failure(line: line, problem: "text after a closing quote") }
                field.append(byte)
            }
        }
        guard !quoted else { throw Failure(line: startLine, problem: "a quoted field is never closed") }
        fields.append(String(decoding: field, as: UTF8.self))
        return Record(line: startLine, fields: fields)
    }
}
