import Foundation

/// Where `file_import` reads its bytes: a window at a time, so a file of any size streams through a small buffer.
enum FileByteSource {
    /// A local file, read with a fresh handle per page.
    case local(path: String)
    /// A URL fetched through the platform's session with `Range` requests; a server that ignores `Range` sends the
    /// whole file each time, and the window is cut from it.
    case remote(url: String, http: any PlatformHTTP)

    /// Up to `count` bytes from `offset`, and whether they reach the end of the file.
    func read(offset: Int, count: Int) throws -> (bytes: [UInt8], atEnd: Bool) {
        switch self {
        case .local(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
                throw AdapterError.unreadableFile(path: path, detail: reason)
            }
            defer { try? handle.close() }
            do {
                try handle.seek(toOffset: UInt64(offset))
                let data = try handle.read(upToCount: count) ?? Data()
                return ([UInt8](data), data.count < count)
            } catch {
                throw AdapterError.unreadableFile(path: path, detail: "\(error.localizedDescription)")
            }
        case .remote(let url, let http):
            let response = try http.get(
                url, query: [], headers: [("Range", "bytes=\(offset)-\(offset + count - 1)"), ("Accept", "*/*")])
            switch response.status {
            case 206:
                let total = response.headers["Content-Range"].flatMap(Self.totalLength)
                let atEnd = response.body.count < count || total.map { offset + response.body.count >= $0 } ?? false
                return (response.body, atEnd)
            case 416:
                return ([], true)
            case 200..<300:
                let rest = offset < response.body.count ? Array(response.body[offset...]) : []
                return (rest, true)
            default:
                throw AdapterError.httpStatus(
                    url: URLRedaction.withoutQuery(url), status: response.status,
                    firstBytes: response.redactedBodyPrefix())
            }
        }
    }

    /// The total of `bytes 0-99/1234`; nil for `*` or anything else.
    static func totalLength(_ contentRange: String) -> Int? {
        guard let slash = contentRange.lastIndex(of: "/") else { return nil }
        return Int(ItemText.trimmed(String(contentRange[contentRange.index(after: slash)...])))
    }
}

extension FileByteSource: CustomStringConvertible {
    /// The path, or the URL without its query string, for error messages.
    var description: String {
        switch self {
        case .local(let path): path
        case .remote(let url, _): URLRedaction.withoutQuery(url)
        }
    }
}
