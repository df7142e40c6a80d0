import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An append-only log file rotated by size: `credsync.log`, then `credsync.log.1` (newest) … `.keepFiles`.
///
/// One line per call, `2026-11-21T05:40:01.123Z INFO message key=value …` in UTC, fields sorted by key, or with
/// `LogFormat.json` one JSON object per line (`jsonLine`). Safe to
/// call from any thread: each line is formatted by the caller, then written with one short `write(2)` under a lock.
/// The file is created with mode 0600 in a directory created with mode 0700. When the file is removed or renamed
/// behind the log's back (logrotate, another credsync process rotating it), the next line reopens the path.
/// A failing write never throws: the first failure of a run of them is reported on stderr.
public final class LogFile: @unchecked Sendable {
    /// The log file could not be created or opened.
    public struct OpenError: Error, CustomStringConvertible, Equatable, Sendable {
        /// The live log file; rotated ones are `path.1` … `path.keepFiles`.
        public let path: String
        public let reason: String

        public var description: String {
            "cannot open log file \(path): \(reason); set CREDSYNC_LOG to a writable path"
        }
    }

    public let path: String
    /// The file rotates before a line would take it past this size (a single longer line is still written whole).
    public let maxBytes: Int
    /// Rotated files kept; 0 keeps none.
    public let keepFiles: Int
    /// Lines below this level are dropped.
    public let level: LogLevel
    /// Text lines or JSON lines.
    public let format: LogFormat

    private let clock: any WallClock
    private let mirrorToStderr: Bool
    private let redact: @Sendable (String) -> String

    private let lock = NSLock()
    /// The open file, or -1. Guarded by `lock`, as is everything below.
    private var descriptor: Int32 = -1
    private var openedFile: (device: UInt64, inode: UInt64) = (0, 0)
    private var failing = false

    /// Opens (creating it and its directory when missing) the log at `path`.
    ///
    /// - Parameters:
    ///   - redact: applied to each line's message and fields before they are written (the single point where
    ///     secrets are masked); identity by default.
    ///   - mirrorToStderr: also write every line to standard error (`credsync daemon`).
    ///   - format: text lines, or one JSON object per line; both are redacted.
    /// - Throws: `LogFile.OpenError` when the directory or the file cannot be created or opened.
    public init(
        path: String, maxBytes: Int, keepFiles: Int, level: LogLevel = .info, clock: any WallClock = SystemClock(),
        mirrorToStderr: Bool = false, format: LogFormat = .text,
        redact: @escaping @Sendable (String) -> String = { $0 }
    ) throws {
        precondition(maxBytes > 0 && keepFiles >= 0, "LogFile needs maxBytes > 0 and keepFiles >= 0")
        self.path = path
        self.maxBytes = maxBytes
        self.keepFiles = keepFiles
        self.level = level
        self.format = format
        self.clock = clock
        self.mirrorToStderr = mirrorToStderr
        self.redact = redact
        try LogFile.createDirectories(for: path)
        if let reason = reopen() { throw OpenError(path: path, reason: reason) }
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    /// Whether lines of `level` are written; check it before building an expensive message.
    public func isEnabled(_ level: LogLevel) -> Bool { level >= self.level }

    /// Writes one line when `level` reaches the threshold. Line breaks in the message and fields are escaped, so a
    /// line is always one line; the message is only built when it will be written.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, fields: [String: String] = [:]) {
        guard isEnabled(level) else { return }
        switch format {
        case .text:
            let body = redact(LogFile.body(message: message(), fields: fields))
            lock.withLock {
                let line = "\(LogFile.timestamp(unixMs: clock.nowMs)) \(level.tag) \(body)\n"
                write(Array(line.utf8))
            }
        case .json:
            let text = redact(message())
            var redactedFields: [String: String] = [:]
            for (key, value) in fields {
                // Redacted as `key=value`, as a text line is, so a secret-named field loses its value here too.
                let pair = redact("\(key)=\(value)")
                redactedFields[key] = pair.hasPrefix("\(key)=") ? String(pair.dropFirst(key.count + 1)) : redact(value)
            }
            lock.withLock {
                let line = LogFile.jsonLine(unixMs: clock.nowMs, level: level, message: text, fields: redactedFields)
                write(Array((line + "\n").utf8))
            }
        }
    }

    // MARK: - Formatting

    /// `message key=value …`, fields sorted by key; a value with spaces, quotes or `=` is double-quoted.
    static func body(message: String, fields: [String: String]) -> String {
        var text = escapingControlCharacters(message)
        for key in fields.keys.sorted() {
            text += " \(escapingControlCharacters(key))=\(quotedIfNeeded(fields[key]!))"
        }
        return text
    }

    /// Fields lifted to the top of a JSON line when present: the platform, job and sync run a line is about.
    static let contextFields = ["platform", "job", "run"]

    /// `{"time":"…","level":"info","platform":"nsqf","job":12,"run":40,"message":"…","fields":{…}}`: the context
    /// fields at the top (ids as numbers), the others under `fields` as strings, sorted by key.
    static func jsonLine(unixMs: Int64, level: LogLevel, message: String, fields: [String: String]) -> String {
        var object: JSONObject = ["time": .string(timestamp(unixMs: unixMs)), "level": .string(level.name)]
        for key in contextFields {
            guard let value = fields[key] else { continue }
            object[key] = key != "platform" ? Int64(value).map(JSONValue.integer) ?? .string(value) : .string(value)
        }
        object["message"] = .string(message)
        var rest = JSONObject()
        for key in fields.keys.sorted() where !contextFields.contains(key) { rest[key] = .string(fields[key]!) }
        object["fields"] = .object(rest)
        return JSONValue.object(object).serialized
    }

    /// `2026-11-21T05:40:01.123Z`, without `DateFormatter` (not cheap, and not needed for UTC).
    static func timestamp(unixMs: Int64) -> String {
        let (seconds, milliseconds) = floorDivide(unixMs, 1000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        // Howard Hinnant's civil_from_days: days since 1970-01-01 → proleptic Gregorian date.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(milliseconds, 3))Z"
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = (value % divisor + divisor) % divisor
        return ((value - remainder) / divisor, remainder)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func escapingControlCharacters(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\u{7F}" }) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20 || scalar == "\u{7F}":
                escaped += "\\u{\(String(scalar.value, radix: 16))}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func quotedIfNeeded(_ value: String) -> String {
        let plain = escapingControlCharacters(value)
        guard value.isEmpty || plain.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "=" }) else {
            return plain
        }
        let inner = plain.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(inner)\""
    }

    // MARK: - File (called with `lock` held)

    private func write(_ bytes: [UInt8]) {
        var problem = currentFileProblem()
        if problem == nil, let size = fileSize(), size > 0, size + bytes.count > maxBytes {
            rotate()
            problem = reopen()
        }
        if problem == nil { problem = LogFile.writeAll(bytes, to: descriptor) }
        if mirrorToStderr { _ = LogFile.writeAll(bytes, to: STDERR_FILENO) }
        if let problem {
            if !failing {
                let note = "credsync: cannot write log file \(path): \(problem); logging continues to be tried\n"
                _ = LogFile.writeAll(Array(note.utf8), to: STDERR_FILENO)
            }
            failing = true
        } else {
            failing = false
        }
    }

    /// Reopens the path when the open file was removed or replaced, or was never opened; nil when all is well.
    private func currentFileProblem() -> String? {
        var status = stat()
        if descriptor >= 0 && stat(path, &status) == 0
            && (UInt64(status.st_dev), UInt64(status.st_ino)) == openedFile
        {
            return nil
        }
        return reopen()
    }

    /// Opens the path for appending with mode 0600; returns why it failed, or nil.
    private func reopen() -> String? {
        if descriptor >= 0 {
            Glibc.close(descriptor)
            descriptor = -1
        }
        let opened = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard opened >= 0 else { return String(cString: strerror(errno)) }
        var status = stat()
        guard fstat(opened, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            Glibc.close(opened)
            return "it is not a regular file"
        }
        // The file may predate us with a wider mode; a log can hold operational detail, so keep it private.
        if status.st_mode & 0o777 != 0o600 { fchmod(opened, 0o600) }
        descriptor = opened
        openedFile = (UInt64(status.st_dev), UInt64(status.st_ino))
        return nil
    }

    private func fileSize() -> Int? {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? Int(status.st_size) : nil
    }

    /// credsync.log.(keep−1) → .keep, …, credsync.log → .1; the oldest is replaced. With `keepFiles` 0 the log is
    /// simply removed. Missing files in the chain are skipped.
    private func rotate() {
        Glibc.close(descriptor)
        descriptor = -1
        guard keepFiles > 0 else {
            unlink(path)
            return
        }
        for index in stride(from: keepFiles - 1, through: 1, by: -1) {
            rename("\(path).\(index)", "\(path).\(index + 1)")
        }
        rename(path, "\(path).1")
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
    }

    /// Creates the missing directories above `path`, each with mode 0700; existing ones are left as they are.
    private static func createDirectories(for path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty else { return }
        var prefix = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            prefix += "/\(component)"
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw OpenError(path: path, reason: "cannot create \(prefix): \(String(cString: strerror(errno)))")
            }
        }
    }
}
