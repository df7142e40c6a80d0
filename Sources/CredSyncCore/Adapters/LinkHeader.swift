/// RFC 8288 `Link` headers: `<https://…?offset=50>; rel="next", <…>; rel="last"`, possibly over several header lines.
public enum LinkHeader {
    /// The target of the first link whose `rel` includes `relation` (case-insensitive), resolved against
    /// `requestURL` when it is relative (`/path?…` or `?query`).
    public static func target(rel relation: String, in headers: HTTPHeaders, requestURL: String) -> String? {
        for value in headers.values(for: "Link") {
            for link in links(in: value) where link.relations.contains(relation.lowercased()) {
                return resolve(link.target, against: requestURL)
            }
        }
        return nil
    }

    /// Each `<target>; params` of one header value. Commas inside `<…>` or quotes do not split links.
    static func links(in value: String) -> [(target: String, relations: [String])] {
        var result: [(String, [String])] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let target = String(rest[rest.index(after: open)..<close])
            var params = rest[rest.index(after: close)...]
            var end = params.endIndex
            var inQuotes = false
            for index in params.indices {
                if params[index] == "\"" { inQuotes.toggle() }
                if params[index] == "," && !inQuotes {
                    end = index
                    break
                }
            }
            let paramText = params[..<end]
            params = end < params.endIndex ? params[params.index(after: end)...] : params[end...]
            var relations: [String] = []
            for param in paramText.split(separator: ";") {
                let parts = param.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, ItemText.trimmed(String(parts[0])).lowercased() == "rel" else { continue }
                let relValue = ItemText.trimmed(String(parts[1])).trimmingQuotes()
                relations += relValue.lowercased().split(separator: " ").map(String.init)
            }
            result.append((target, relations))
            rest = params
        }
        return result
    }

    /// `target` as an absolute URL: kept when it has a scheme, else put on `requestURL`'s origin (or path, for a
    /// bare query).
    static func resolve(_ target: String, against requestURL: String) -> String {
        if AdapterConfigReader.isHTTPURL(target) { return target }
        guard let schemeEnd = requestURL.range(of: "://") else { return target }
        let authorityEnd = requestURL[schemeEnd.upperBound...].firstIndex(of: "/") ?? requestURL.endIndex
        let origin = requestURL[..<authorityEnd]
        if target.hasPrefix("/") { return origin + target }
        let path = requestURL[..<(requestURL.firstIndex(of: "?") ?? requestURL.endIndex)]
        if target.hasPrefix("?") { return path + target }
        let directory = path[..<(path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.endIndex)]
        return directory + target
    }
}

extension String {
    fileprivate func trimmingQuotes() -> String {
        hasPrefix("\"") && hasSuffix("\"") && count >= 2 ? String(dropFirst().dropLast()) : self
    }
}
