/// Reads a CSV or JSON Lines file record by record through a window of bytes, tracking the byte offset and line
/// number of the next record (the `file_import` cursor). A record larger than the window doubles it, up to
/// `FileImportAdapter.maxRecordBytes`.
struct FileRecordReader {
    enum Content {
        case csv([String])
        case json(JSONValue)
        /// A malformed record, and why.
        case problem(String)
    }

    struct Record {
        /// The line the record starts on, counting from 1.
        var line: Int
        var content: Content
    }

    let source: FileByteSource
    let format: FileImportAdapter.Format
    let scanner: CSVScanner

    private var window: [UInt8] = []
    private var windowStart = 0
    private var position = 0
    private var windowIsFinal = false
    private var loaded = false
    private var windowBytes = FileImportAdapter.initialWindowBytes
    private(set) var line = 1

    init(source: FileByteSource, format: FileImportAdapter.Format, scanner: CSVScanner) {
        self.source = source
        self.format = format
        self.scanner = scanner
    }

    /// The position of the next record: `<byte offset>:<line>`.
    var cursor: String { "\(windowStart + position):\(line)" }

    /// Moves to a cursor this reader wrote.
    mutating func resume(at cursor: String) throws {
        let parts = cursor.split(separator: ":")
        guard parts.count == 2, let offset = Int(parts[0]), let line = Int(parts[1]), offset >= 0, line >= 1 else {
            throw AdapterError.invalidCursor(cursor: cursor, expected: "a file position (offset:line)")
        }
        self.line = line
        if loaded && offset >= windowStart && offset <= windowStart + window.count {
            position = offset - windowStart
        } else {
            (window, windowStart, position, loaded) = ([], offset, 0, false)
        }
    }

    /// The header row of a CSV file, names trimmed; leaves the reader at the first data record. Nil for an empty
    /// file.
    mutating func headerRecord() throws -> [String]? {
        guard let record = try next() else { return nil }
        switch record.content {
        case .csv(let names): return names.map(ItemText.trimmed)
        case .problem(let problem):
            throw AdapterError.unreadableFile(path: source.description, detail: "the header row: \(problem)")
        case .json: preconditionFailure("a JSON Lines file has no header row")
        }
    }

    /// The next record, skipping blank lines; nil at the end of the file.
    mutating func next() throws -> Record? {
        while true {
            try loadIfNeeded()
            if window.isEmpty && windowIsFinal { return nil }
            let startLine = line
            switch format {
            case .csv:
                let outcome = window.withUnsafeBufferPointer {
                    scanner.scan($0, from: position, isFinal: windowIsFinal)
                }
                switch outcome {
                case .record(let record):
                    position = record.end
                    line += record.lineBreaks
                    let content = record.problem.map(Content.problem) ?? .csv(record.fields)
                    return Record(line: startLine, content: content)
                case .blank(let end, let lineBreaks):
                    position = end
                    line += lineBreaks
                case .endOfInput:
                    return nil
                case .needsMoreData:
                    try refill()
                }
            case .jsonl:
                guard let newline = window[position...].firstIndex(of: 10) ?? (windowIsFinal ? window.count : nil)
                else {
                    try refill()
                    continue
                }
                if position == window.count { return nil }
                var end = newline
                if end > position && window[end - 1] == 13 { end -= 1 }
                let lineBytes = window[position..<end]
                position = min(newline + 1, window.count)
                line += newline < window.count ? 1 : 0
                if lineBytes.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
                do {
                    // The record keeps its line's text: stored as received, never re-serialised.
                    let value = try lineBytes.withUnsafeBufferPointer { try JSONParser.parse($0, keepingText: true) }
                    return Record(line: startLine, content: .json(value))
                } catch {
                    return Record(line: startLine, content: .problem("invalid JSON (\(error))"))
                }
            }
        }
    }

    /// Whether only blank lines remain.
    mutating func isAtEnd() throws -> Bool {
        while true {
            try loadIfNeeded()
            while position < window.count, window[position] == 10 || window[position] == 13 {
                if window[position] == 13 && position + 1 == window.count && !windowIsFinal { break }
                if !(window[position] == 10 && position > 0 && window[position - 1] == 13) { line += 1 }
                position += 1
            }
            if position < window.count && !(window[position] == 13 && position + 1 == window.count) { return false }
            if windowIsFinal { return position >= window.count }
            try refill()
        }
    }

    // MARK: - Window

    private mutating func loadIfNeeded() throws {
        guard !loaded else { return }
        try read(from: windowStart)
        if windowStart == 0 && window.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// Reads on from the current position; a window with no complete record in it is doubled.
    private mutating func refill() throws {
        if position == 0 {
            guard windowBytes < FileImportAdapter.maxRecordBytes else {
                throw AdapterError.unreadableFile(
                    path: source.description,
                    detail: "line \(line): a record longer than \(FileImportAdapter.maxRecordBytes >> 20) MiB")
            }
            windowBytes *= 2
        }
        try read(from: windowStart + position)
    }

    private mutating func read(from offset: Int) throws {
        let (bytes, atEnd) = try source.read(offset: offset, count: windowBytes)
        (window, windowStart, position, windowIsFinal, loaded) = (bytes, offset, 0, atEnd, true)
    }
}
