/// Reads a whole CSV text one record at a time, with the line each record starts on, for error messages. The
/// scanning is `CSVScanner`'s (the same rules as file imports).
public struct CSVReader {
    private let bytes: [UInt8]
    private let scanner = CSVScanner()
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

    /// A record that cannot be read: an unterminated quote or text after a closing quote. Reading can go on
    /// with the next record.
    public struct Failure: Error, CustomStringConvertible, Equatable, Sendable {
        public let line: Int
        public let problem: String
        public var description: String { "line \(line): \(problem)" }
    }

    /// The next record, nil at the end. Blank lines are skipped.
    public mutating func next() throws(Failure) -> Record? {
        while true {
            let outcome = bytes.withUnsafeBufferPointer { scanner.scan($0, from: index, isFinal: true) }
            switch outcome {
            case .endOfInput, .needsMoreData:
                return nil
            case .blank(let end, let lineBreaks):
                index = end
                line += lineBreaks
            case .record(let record):
                let startLine = line
                index = record.end
                line += record.lineBreaks
                if let problem = record.problem { throw Failure(line: startLine, problem: problem) }
                return Record(line: startLine, fields: record.fields)
            }
        }
    }
}
