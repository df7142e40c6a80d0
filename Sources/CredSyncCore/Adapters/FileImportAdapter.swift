import Foundation

/// The `file_import` adapter: CSV or JSON Lines from a local file (`config.path`) or a URL (`config.url`, fetched
/// through the platform's session with `Range` requests), mapped with generic_rest's `fields` (for CSV the paths are
/// column names of the header row).
///
/// It streams: each page reads `pageSize` records from where the last stopped, so memory stays flat whatever the
/// file's size. The cursor is `<byte offset>:<line number>` of the next record. Bad rows become `.invalid` with
/// their line number; blank lines are skipped. With `sinceMs` and an `updatedAt` field, older records are left out.
public struct FileImportAdapter: PlatformAdapter {
    public static let factory = AdapterFactory(
        name: "file_import", summary: "CSV or JSON Lines from a local path or URL, fields mapped from config",
        authTypes: [.none, .bearer, .basic, .apiKey], configKeys: ["path", "url", "format", "delimiter", "fields", "dateFormat"], make: { try FileImportAdapter(definition: $0) })

    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl
    }

    public enum Location: Sendable, Equatable {
        case path(String)
        case url(String)
    }

    public let location: Location
    public let format: Format
    public let delimiter: UInt8
    public let fields: FieldMapping

    /// The first window read; doubled while a single record does not fit, up to `maxRecordBytes`.
    static let initialWindowBytes = 64 << 10
    static let maxRecordBytes = 16 << 20

    public init(definition: PlatformDefinition) throws(AdapterConfigError) {
        let config = AdapterConfigReader(adapter: "file_import", object: definition.config)
        let path = try config.string("path")
        let url = try config.string("url")
        switch (path, url) {
        case (let path?, nil):
            guard path.hasPrefix("/") else { throw config.error("path", "must be an absolute path (got \"\(path)\")") }
            let directory = path.hasSuffix("/") ? path : String(path[..<path.lastIndex(of: "/")!])
            guard !path.hasSuffix("/"), directory.isEmpty || Self.isDirectory(directory) else {
                throw config.error("path", "must name a file in an existing directory (got \"\(path)\")")
            }
            guard !Self.isDirectory(path) else { throw config.error("path", "is a directory, not a file") }
            location = .path(path)
        case (nil, let url?):
            location = .url(
                try AdapterConfigReader.resolveURL(url, in: definition) {
                    config.error("url", "must be an http(s) URL, or a path under an http(s) api_base_url")
                })
        case (nil, nil):
            throw config.error("path", "or config.url is required: where the file is")
        case (_?, _?):
            throw config.error("url", "and config.path are both set; keep one")
        }
        if let format = try config.choice("format", of: Format.self) {
            self.format = format
        } else if let format = Self.format(ofName: path ?? url ?? "") {
            self.format = format
        } else {
            throw config.error(
                "format", "is required (\"csv\" or \"jsonl\"): the file name does not end in .csv or .jsonl")
        }
        let delimiterText = try config.string("delimiter", allowEmpty: true) ?? ","
        guard delimiterText.utf8.count == 1, let byte = delimiterText.utf8.first, byte != UInt8(ascii: "\""),
            byte != 10, byte != 13
        else { throw config.error("delimiter", "must be one character other than a quote or a line break") }
        if format == .jsonl && delimiterText != "," { throw config.error("delimiter", "applies only to CSV files") }
        delimiter = byte
        fields = try FieldMapping(config: config)
    }

    public func fetchPage(_ request: PageRequest, using http: any PlatformHTTP) throws -> FetchedPage {
        let source: FileByteSource =
            switch location {
            case .path(let path): .local(path: path)
            case .url(let url): .remote(url: url, http: http)
            }
        var reader = FileRecordReader(source: source, format: format, scanner: CSVScanner(delimiter: delimiter))
        var header: [String: Int] = [:]
        var headerNames: [String] = []
        if format == .csv {
            guard let first = try reader.headerRecord() else {
                return FetchedPage(items: [], nextCursor: nil)
            }
            headerNames = first
            for (index, name) in first.enumerated() where header[name] == nil { header[name] = index }
        }
        if let cursor = request.cursor {
            try reader.resume(at: cursor)
        }
        var items: [ParsedItem] = []
        while items.count < request.pageSize, let record = try reader.next() {
            let item: ParsedItem
            let context = "line \(record.line): "
            switch record.content {
            case .problem(let problem):
                item = .invalid(externalId: nil, reason: context + problem)
            case .csv(let values):
                guard values.count == headerNames.count else {
                    item = .invalid(
                        externalId: nil,
                        reason: context + "\(values.count) fields where the header has \(headerNames.count)")
                    break
                }
                item = fields.item(
                    lookup: { header[$0].map { .string(values[$0]) } },
                    raw: Self.rawRow(names: headerNames, values: values), context: context)
            case .json(let value):
                item =
                    value.objectValue != nil
                    ? fields.item(json: value, context: context)
                    : .invalid(externalId: nil, reason: context + "not a JSON object")
            }
            if let sinceMs = request.sinceMs, case .credential(let credential) = item,
                let updatedAtMs = credential.updatedAtMs, updatedAtMs < sinceMs
            {
                continue
            }
            items.append(item)
        }
        return FetchedPage(items: items, nextCursor: try reader.isAtEnd() ? nil : reader.cursor)
    }

    /// A CSV row as the `raw` JSON object, in column order (the first of duplicate column names wins).
    static func rawRow(names: [String], values: [String]) -> String {
        var object = JSONObject()
        for (name, value) in zip(names, values) where object[name] == nil { object[name] = .string(value) }
        return JSONValue.object(object).serialized
    }

    static func format(ofName name: String) -> Format? {
        let path = name.prefix { $0 != "?" && $0 != "#" }.lowercased()
        if path.hasSuffix(".csv") { return .csv }
        if path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") || path.hasSuffix(".jsonlines") { return .jsonl }
        return nil
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
