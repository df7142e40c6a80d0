import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

/// CSV edge cases, one per line: a BOM and CRLF; a quoted comma; escaped quotes and a newline inside quotes (lines
/// 3–4); a blank line; a short row; text after a closing quote; an impossible date; no id; a quote never closed.
private let edgeCaseCSV =
    "\u{FEFF}id,email,phone,name,title,issued,updated\r\n"
    + "C-1,asha@example.org,,\"Rao, Asha\",Welding,2024-01-01,2024-01-02T00:00:00Z\r\n"
    + "C-2,,\"98765 43210\",\"Das \"\"AJ\"\" Arjun\",\"Multi\r\nline title\",2024-01-01,2024-01-02\r\n"
    + "\r\n"
    + "C-3,x@example.org,,Short row\r\n"
    + "C-4,y@example.org,,\"Y\" junk,T,2024-01-01,2024-01-02\r\n"
    + "C-5,z@example.org,,Zed,T,2024-02-30,2024-01-02\r\n"
    + ",nobody@example.org,,N,T,2024-01-01,2024-01-02\r\n"
    + "C-6,w@example.org,,\"unterminated,T,2024-01-01,2024-01-02\r\n"

private let csvFields: JSONValue = .object(
    JSONObject([
        "externalId": .string("id"), "email": .string("email"), "phone": .string("phone"), "name": .string("name"),
        "title": .string("title"), "issuedAt": .string("issued"), "updatedAt": .string("updated"),
    ]))

private func fileAdapter(_ settings: KeyValuePairs<String, JSONValue>, base: String = "") throws -> FileImportAdapter {
    var config = JSONObject(settings)
    if config["fields"] == nil { config["fields"] = csvFields }
    return try FileImportAdapter(
        definition: PlatformDefinition(name: "f", adapter: "file_import", apiBaseURL: base, config: config))
}

/// Pages through to the end, returning every page.
private func allPages(
    _ adapter: FileImportAdapter, pageSize: Int, sinceMs: Int64? = nil, http: any PlatformHTTP = CannedPlatformHTTP([])
) throws -> [FetchedPage] {
    var pages: [FetchedPage] = []
    var cursor: String?
    repeat {
        let page = try adapter.fetchPage(PageRequest(cursor: cursor, sinceMs: sinceMs, pageSize: pageSize), using: http)
        pages.append(page)
        cursor = page.nextCursor
    } while cursor != nil && pages.count < 1_000
    return pages
}

@Suite struct FileImportAdapterTests {
    let directory = TemporaryDirectory("file-import")

    private func write(_ text: String, to name: String) throws -> String {
        let path = directory.file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func readsCSVEdgeCasesWithLineNumbers() throws {
        let path = try write(edgeCaseCSV, to: "export.csv")
        let adapter = try fileAdapter(["path": .string(path)])
        let pages = try allPages(adapter, pageSize: 3)
        #expect(pages.map(\.items.count) == [3, 3, 1])
        #expect(pages.map(\.nextCursor) == [pages[0].nextCursor, pages[1].nextCursor, nil])
        #expect(pages[0].nextCursor?.hasSuffix(":7") == true)
        #expect(pages[1].nextCursor?.hasSuffix(":10") == true)
        let items = pages.flatMap(\.items)
        guard case .credential(let first) = items[0], case .credential(let second) = items[1] else {
            Issue.record("expected two credentials")
            return
        }
        #expect(first.externalId == "C-1")
        #expect(first.learnerName == "Rao, Asha")
        #expect(first.learnerPhone == nil)
        #expect(first.updatedAtMs == ItemDate.parseISO8601("2024-01-02"))
        #expect(first.raw.hasPrefix(#"{"id":"C-1","email":"asha@example.org","phone":"","name":"Rao, Asha""#))
        #expect(second.learnerName == #"Das "AJ" Arjun"#)
        #expect(second.learnerPhone == "98765 43210")
        #expect(second.title == "Multi\r\nline title")
        #expect(items[2] == .invalid(externalId: nil, reason: "line 6: 4 fields where the header has 7"))
        #expect(
            items[3] == .invalid(externalId: nil, reason: "line 7: unexpected text after the closing quote of field 4"))
        #expect(items[4] == .invalid(externalId: "C-5", reason: "line 8: unparseable issuedAt \"2024-02-30\""))
        #expect(items[5] == .invalid(externalId: nil, reason: "line 9: no externalId (id)"))
        #expect(
            items[6]
                == .invalid(externalId: nil, reason: "line 10: a quoted field is not closed before the end of the file")
        )
    }

    @Test func resumesFromASavedCursor() throws {
        let path = try write(edgeCaseCSV, to: "export.csv")
        let adapter = try fileAdapter(["path": .string(path)])
        let first = try adapter.fetchPage(
            PageRequest(cursor: nil, sinceMs: nil, pageSize: 2), using: CannedPlatformHTTP([]))
        let resumed = try adapter.fetchPage(
            PageRequest(cursor: first.nextCursor, sinceMs: nil, pageSize: 1), using: CannedPlatformHTTP([]))
        #expect(resumed.items == [.invalid(externalId: nil, reason: "line 6: 4 fields where the header has 7")])
        #expect(throws: AdapterError.self) {
            try adapter.fetchPage(
                PageRequest(cursor: "page-2", sinceMs: nil, pageSize: 1), using: CannedPlatformHTTP([]))
        }
    }

    @Test func leavesOutRecordsOlderThanSince() throws {
        let csv = "id,updated\nA,2024-01-01\nB,2024-03-01\nC,\nD,2024-02-01T00:00:00Z\n"
        let path = try write(csv, to: "since.csv")
        let adapter = try fileAdapter(
            [
                "path": .string(path),
                "fields": .object(JSONObject(["externalId": .string("id"), "updatedAt": .string("updated")])),
            ])
        let items = try allPages(adapter, pageSize: 10, sinceMs: ItemDate.parseISO8601("2024-02-01")).flatMap(\.items)
        let ids = items.compactMap { item -> String? in
            if case .credential(let credential) = item { return credential.externalId }
            return nil
        }
        #expect(ids == ["B", "C", "D"])
    }

    @Test func readsJSONLinesWithBadLines() throws {
        let jsonl = """
            {"id":"J-1","learner":{"email":"j1@example.org"},"at":"2024-01-01"}

            {"id":"J-2","learner":{"email":"j2@example.org"}
            [1,2]
            {"id":"J-3","at":"2024-13-01"}
            {"id":"J-4"}
            """
        let path = try write(jsonl, to: "feed.jsonl")
        let adapter = try fileAdapter([
            "path": .string(path),
            "fields": .object(
                JSONObject(["externalId": .string("id"), "email": .string("learner.email"), "issuedAt": .string("at")])),
        ])
        let items = try allPages(adapter, pageSize: 2).flatMap(\.items)
        #expect(items.count == 5)
        guard case .credential(let first) = items[0] else { Issue.record("not a credential"); return }
        #expect(first.learnerEmail == "j1@example.org")
        #expect(first.raw == #"{"id":"J-1","learner":{"email":"j1@example.org"},"at":"2024-01-01"}"#)
        guard case .invalid(nil, let reason) = items[1] else { Issue.record("expected an invalid line"); return }
        #expect(reason.hasPrefix("line 3: invalid JSON"))
        #expect(items[2] == .invalid(externalId: nil, reason: "line 4: not a JSON object"))
        #expect(items[3] == .invalid(externalId: "J-3", reason: "line 5: unparseable issuedAt \"2024-13-01\""))
        guard case .credential(let last) = items[4] else { Issue.record("not a credential"); return }
        #expect(last.externalId == "J-4")
    }

    /// A JSON Lines record is stored as written — spacing, key order, escapes — as an HTTP page's items are,
    /// not re-serialised from its parsed form; its nested objects are read as usual.
    @Test func keepsEachJSONLinesRecordAsWritten() throws {
        let line = #"  { "id" : "J-1", "learner": {"email":"j1@example.org"}, "title": "Caf\u00e9 \/ Bar" }  "#
        let path = try write(line + "\r\n" + #"{"id":"J-2"}"#, to: "feed.jsonl")
        let adapter = try fileAdapter([
            "path": .string(path),
            "fields": .object(
                JSONObject([
                    "externalId": .string("id"), "email": .string("learner.email"), "title": .string("title"),
                ])),
        ])
        let items = try allPages(adapter, pageSize: 10).flatMap(\.items)
        guard items.count == 2, case .credential(let first) = items[0], case .credential(let second) = items[1] else {
            Issue.record("expected two credentials, got \(items)")
            return
        }
        #expect(first.raw == #"{ "id" : "J-1", "learner": {"email":"j1@example.org"}, "title": "Caf\u00e9 \/ Bar" }"#)
        #expect(first.learnerEmail == "j1@example.org")
        #expect(first.title == "Café / Bar")
        #expect(second.raw == #"{"id":"J-2"}"#)
    }

    @Test func streamsRecordsLongerThanTheReadWindow() throws {
        let longTitle = String(repeating: "x", count: 200_000)
        var csv = "id,title\n"
        for index in 0..<5 { csv += "R-\(index),\"\(longTitle)\"\n" }
        let path = try write(csv, to: "long.csv")
        let adapter = try fileAdapter(
            [
                "path": .string(path),
                "fields": .object(JSONObject(["externalId": .string("id"), "title": .string("title")])),
            ])
        let pages = try allPages(adapter, pageSize: 2)
        #expect(pages.map(\.items.count) == [2, 2, 1])
        for item in pages.flatMap(\.items) {
            guard case .credential(let credential) = item else { Issue.record("not a credential"); continue }
            #expect(credential.title?.count == 200_000)
        }
    }

    @Test func readsAURLWithRangeRequestsOrWhole() throws {
        let csv = "id,email\nU-1,u1@example.org\nU-2,u2@example.org\nU-3,u3@example.org\n"
        let bytes = Array(csv.utf8)
        /// Answers `Range: bytes=a-b` as a server that honours it would (or the whole file when `ranges` is off).
        final class FileServer: PlatformHTTP {
            let bytes: [UInt8]
            let ranges: Bool
            var requests = 0
            init(bytes: [UInt8], ranges: Bool) {
                self.bytes = bytes
                self.ranges = ranges
            }
            func get(_ url: String, query: [(String, String)], headers: [(String, String)]) throws -> HTTPClientResponse
            {
                requests += 1
                guard ranges, let range = headers.first(where: { $0.0 == "Range" })?.1 else {
                    return HTTPClientResponse(status: 200, body: bytes, url: url)
                }
                let bounds = range.dropFirst("bytes=".count).split(separator: "-").compactMap { Int($0) }
                guard bounds[0] < bytes.count else { return HTTPClientResponse(status: 416, url: url) }
                let end = min(bounds[1], bytes.count - 1)
                return HTTPClientResponse(
                    status: 206, headers: ["Content-Range": "bytes \(bounds[0])-\(end)/\(bytes.count)"],
                    body: Array(bytes[bounds[0]...end]), url: url)
            }
        }
        let fields = JSONValue.object(JSONObject(["externalId": .string("id"), "email": .string("email")]))
        let adapter = try fileAdapter(
            ["url": .string("/exports/latest.csv?token=abc"), "fields": fields], base: "https://partner.example")
        for ranges in [true, false] {
            let server = FileServer(bytes: bytes, ranges: ranges)
            let pages = try allPages(adapter, pageSize: 2, http: server)
            #expect(pages.map(\.items.count) == [2, 1])
            #expect(pages.flatMap(\.items).count == 3)
        }
        let refused = CannedPlatformHTTP([CannedPlatformHTTP.response("denied", status: 403)])
        let error = #expect(throws: AdapterError.self) {
            try adapter.fetchPage(PageRequest(cursor: nil, sinceMs: nil, pageSize: 2), using: refused)
        }
        #expect(error?.description.contains("HTTP 403") == true)
        #expect(error?.description.contains("token=abc") == false)
    }

    @Test func aMissingFileIsAClearError() throws {
        let adapter = try fileAdapter(["path": .string(directory.file("not-there.csv"))])
        let error = #expect(throws: AdapterError.self) {
            try adapter.fetchPage(PageRequest(cursor: nil, sinceMs: nil, pageSize: 2), using: CannedPlatformHTTP([]))
        }
        #expect(error?.description == "cannot read \(directory.file("not-there.csv")): no such file")
    }
}

@Suite struct CSVScannerTests {
    private func records(_ text: String, delimiter: Character = ",") -> [[String]] {
        let bytes = Array(text.utf8)
        let scanner = CSVScanner(delimiter: delimiter.asciiValue!)
        var result: [[String]] = []
        var position = 0
        while true {
            let outcome = bytes.withUnsafeBufferPointer { scanner.scan($0, from: position, isFinal: true) }
            switch outcome {
            case .record(let record):
                result.append(record.fields)
                position = record.end
            case .blank(let end, _): position = end
            case .endOfInput, .needsMoreData: return result
            }
        }
    }

    @Test func splitsFieldsAndRecords() {
        #expect(records("a,b\n1,2") == [["a", "b"], ["1", "2"]])
        #expect(records("a,b\r\n1,\r2,\"\"\n") == [["a", "b"], ["1", ""], ["2", ""]])
        #expect(records("\"a\"\"b\",\"c,d\"\n") == [["a\"b", "c,d"]])
        #expect(records("ab\"c,d\n") == [["ab\"c", "d"]])
        #expect(records("a;b\n", delimiter: ";") == [["a", "b"]])
        #expect(records("a,\"multi\nline\"\nnext") == [["a", "multi\nline"], ["next"]])
    }

    @Test func asksForMoreDataInsideARecord() {
        let scanner = CSVScanner()
        for partial in ["a,b", "a,\"b\n", "a,b\r", "\"a\""] {
            let bytes = Array(partial.utf8)
            #expect(bytes.withUnsafeBufferPointer { scanner.scan($0, from: 0, isFinal: false) } == .needsMoreData)
        }
    }
}
