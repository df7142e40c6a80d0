import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A parsed `credsync.env`: `KEY=value` lines in file order.
///
/// The format is the common subset of shell and dotenv files: blank lines, `#` comments, an optional `export `
/// prefix, spaces around `=` tolerated, and a value that is bare, `'single-quoted'` (taken literally) or
/// `"double-quoted"` (where `\"` and `\\` are escapes). In a bare value a `#` after a space starts a comment, so
/// `URL=https://example.com/#part` keeps its fragment. Names are not checked against the settings here.
struct ConfigFile: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        let key: String
        let value: String
        /// 1-based.
        let line: Int
    }

    let path: String
    let entries: [Entry]

    /// Reads and parses the file; returns nil when it does not exist and `required` is false.
    static func read(path: String, required: Bool) throws -> ConfigFile? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT {
                if required { throw ConfigError.configFileNotFound(path: path) }
                return nil
            }
            throw ConfigError.unreadableConfigFile(path: path, reason: String(cString: strerror(code)))
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var status = stat()
        if fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
            throw ConfigError.unreadableConfigFile(path: path, reason: "it is a directory")
        }
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw ConfigError.unreadableConfigFile(path: path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.unreadableConfigFile(path: path, reason: "it is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parses the text of a config file; `path` only names the file in errors.
    static func parse(_ text: String, path: String) throws -> ConfigFile {
        var entries: [Entry] = []
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        for (index, line) in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            switch parseLine(line) {
            case .blank:
                continue
            case .entry(let key, let value):
                entries.append(Entry(key: key, value: value, line: index + 1))
            case .malformed(let reason):
                throw ConfigError.malformedLine(path: path, line: index + 1, reason: reason)
            }
        }
        return ConfigFile(path: path, entries: entries)
    }

    // MARK: - Lines

    enum Line: Equatable {
        case blank
        case entry(key: String, value: String)
        case malformed(reason: String)
    }

    static func parseLine(_ raw: Substring) -> Line {
        var rest = raw.drop(while: \.isWhitespace)
        if rest.isEmpty || rest.hasPrefix("#") { return .blank }
        if rest.hasPrefix("export"), let next = rest.dropFirst(6).first, next == " " || next == "\t" {
            rest = rest.dropFirst(6).drop(while: \.isWhitespace)
        }
        guard let equals = rest.firstIndex(of: "=") else { return .malformed(reason: "there is no =") }
        let key = rest[..<equals].trimmingTrailingWhitespace()
        guard isName(key) else {
            return .malformed(reason: "the name before = must be letters, digits and _")
        }
        let value = rest[rest.index(after: equals)...]
        switch parseValue(value) {
        case .success(let text): return .entry(key: String(key), value: text)
        case .failure(let problem): return .malformed(reason: problem.reason)
        }
    }

    struct ValueProblem: Error {
        let reason: String
    }

    private static func parseValue(_ raw: Substring) -> Result<String, ValueProblem> {
        let start = raw.drop(while: \.isWhitespace)
        guard let quote = start.first, quote == "\"" || quote == "'" else {
            // A bare value ends at a `#` that follows whitespace, as in the shell.
            var end = raw.endIndex
            var previous: Character = " "
            for index in raw.indices {
                if raw[index] == "#" && previous.isWhitespace {
                    end = index
                    break
                }
                previous = raw[index]
            }
            return .success(String(raw[..<end].drop(while: \.isWhitespace).trimmingTrailingWhitespace()))
        }
        var value = ""
        var index = start.index(after: start.startIndex)
        while index < start.endIndex {
            let character = start[index]
            if character == quote {
                let tail = start[start.index(after: index)...].drop(while: \.isWhitespace)
                guard tail.isEmpty || tail.hasPrefix("#") else {
                    return .failure(ValueProblem(reason: "there is text after the closing \(quote)"))
                }
                return .success(value)
            }
            if quote == "\"" && character == "\\", start.index(after: index) < start.endIndex {
                let escaped = start[start.index(after: index)]
                if escaped == "\"" || escaped == "\\" {
                    value.append(escaped)
                    index = start.index(index, offsetBy: 2)
                    continue
                }
            }
            value.append(character)
            index = start.index(after: index)
        }
        return .failure(ValueProblem(reason: "the \(quote) quote is not closed"))
    }

    private static func isName(_ text: Substring) -> Bool {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, !("0"..."9").contains(first) else { return false }
        return scalars.allSatisfy {
            $0 == "_" || ("0"..."9").contains($0) || ("A"..."Z").contains($0) || ("a"..."z").contains($0)
        }
    }
}

extension Substring {
    fileprivate func trimmingTrailingWhitespace() -> Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[..<end]
    }
}
