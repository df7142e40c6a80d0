/// Splits CSV text into records (RFC 4180, leniently): fields separated by a delimiter, records by `\n`, `\r\n` or
/// `\r`; a field in double quotes may hold delimiters, newlines and `""` for a quote. Pure: it scans a window of
/// bytes and says where the record ended, so a file streams through a small buffer.
///
/// Lenient where files in the wild differ: a quote inside an unquoted field is kept as text. Two faults make the
/// record bad (it still ends where it ends, so the next one is read correctly): text after a closing quote, and a
/// quoted field still open at the end of the file.
public struct CSVScanner: Sendable {
    /// One scanned record.
    public struct Record: Sendable, Equatable {
        public var fields: [String]
        /// The offset just past the record and its line break.
        public var end: Int
        /// Line breaks consumed, those inside quoted fields included: the next record starts this many lines on.
        public var lineBreaks: Int
        /// Why the record is malformed, if it is.
        public var problem: String?
    }

    public enum Outcome: Sendable, Equatable {
        case record(Record)
        /// A blank line (skipped, but it moves the position and the line count).
        case blank(end: Int, lineBreaks: Int)
        /// The window ends inside a record; read more (only when the window is not the end of the input).
        case needsMoreData
        /// Nothing left.
        case endOfInput
    }

    public let delimiter: UInt8

    public init(delimiter: UInt8 = UInt8(ascii: ",")) {
        self.delimiter = delimiter
    }

    /// Scans the record that starts at `start`. `isFinal`: the window holds the rest of the input.
    public func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, isFinal: Bool) -> Outcome {
        let quote = UInt8(ascii: "\""), cr = UInt8(13), lf = UInt8(10)
        guard start < bytes.count else { return isFinal ? .endOfInput : .needsMoreData }
        var fields: [String] = []
        var field: [UInt8] = []
        var index = start
        var lineBreaks = 0
        var problem: String?
        var fieldStart = true
        var quoted = false
        var afterClosingQuote = false

        /// The length of the line break at `index` (1 or 2), 0 for none, nil when a `\r` ends the window.
        func lineBreak(at index: Int) -> Int?? {
            if bytes[index] == lf { return 1 }
            guard bytes[index] == cr else { return 0 }
            if index + 1 < bytes.count { return bytes[index + 1] == lf ? 2 : 1 }
            return isFinal ? 1 : .some(nil)
        }

        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == quote {
                    if index + 1 < bytes.count {
                        if bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                        } else {
                            quoted = false
                            afterClosingQuote = true
                            index += 1
                        }
                    } else if isFinal {
                        quoted = false
                        afterClosingQuote = true
                        index += 1
                    } else {
                        return .needsMoreData
                    }
                    continue
                }
                if byte == lf || (byte == cr && (index + 1 >= bytes.count || bytes[index + 1] != lf)) {
                    lineBreaks += 1
                }
                field.append(byte)
                index += 1
                continue
            }
            if byte == delimiter {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                fieldStart = true
                afterClosingQuote = false
                index += 1
                continue
            }
            switch lineBreak(at: index) {
            case .some(nil):
                return .needsMoreData
            case .some(.some(let length)) where length > 0:
                let end = index + length
                if fields.isEmpty && field.isEmpty && fieldStart && !afterClosingQuote {
                    return .blank(end: end, lineBreaks: lineBreaks + 1)
                }
                fields.append(String(decoding: field, as: UTF8.self))
                return .record(Record(fields: fields, end: end, lineBreaks: lineBreaks + 1, problem: problem))
            default:
                break
            }
            if fieldStart && byte == quote {
                quoted = true
            } else {
                if afterClosingQuote && problem == nil {
                    problem = "unexpected text after the closing quote of field \(fields.count + 1)"
                }
                field.append(byte)
            }
            fieldStart = false
            index += 1
        }
        guard isFinal else { return .needsMoreData }
        if quoted { problem = "a quoted field is not closed before the end of the file" }
        fields.append(String(decoding: field, as: UTF8.self))
        return .record(Record(fields: fields, end: index, lineBreaks: lineBreaks, problem: problem))
    }
}
