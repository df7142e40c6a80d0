/// Error and note texts for narrow cells, cause first: `GET http://host/v1/items?page=3 answered HTTP 503: …`
/// becomes `HTTP 503 Service Unavailable: … · GET http://ho…ems`, so a cut keeps the status and reason and loses the
/// middle of the URL. Texts that do not name a request are returned as they are. Pure.
enum CauseText {
    static let methods: Set<Substring> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]
    static let separator = " · "
    /// The narrowest a request is shown after its cause; below that it is left out.
    static let minimumRequestWidth = 12

    /// The cause and the request it concerns (`GET http://…`), when the text starts with one.
    static func split(_ text: String) -> (cause: String, request: String?) {
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, methods.contains(parts[0]), parts[1].contains("://") else { return (text, nil) }
        return (cause(String(parts[2])), "\(parts[0]) \(parts[1])")
    }

    /// `answered HTTP 503: body` → `HTTP 503 Service Unavailable: body`; anything else unchanged.
    static func cause(_ rest: String) -> String {
        let prefix = "answered HTTP "
        guard rest.hasPrefix(prefix) else { return rest }
        let afterPrefix = rest.dropFirst(prefix.count)
        let code = afterPrefix.prefix(while: \.isNumber)
        guard code.count == 3, let status = Int(code) else { return String(rest.dropFirst("answered ".count)) }
        let reason = reasonPhrase(status).map { " " + $0 } ?? ""
        return "HTTP \(code)\(reason)\(afterPrefix.dropFirst(3))"
    }

    /// The text for a cell `width` columns wide: the cause whole when it fits, then the request elided in the
    /// middle; the cause alone (cut at its end by the cell) when even that does not fit.
    static func fit(_ text: String, width: Int) -> String {
        let (cause, request) = split(text)
        guard let request else { return text }
        let full = cause + separator + request
        if DisplayWidth.of(full) <= width { return full }
        let room = width - DisplayWidth.of(cause) - DisplayWidth.of(separator)
        guard room >= minimumRequestWidth else { return cause }
        return cause + separator + elideMiddle(request, width: room)
    }

    /// `text` in at most `width` columns, its middle replaced by `…` (the start and the end kept).
    static func elideMiddle(_ text: String, width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        guard width > 1 else { return width == 1 ? "…" : "" }
        let characters = Array(text)
        let headBudget = (width - 1 + 1) / 2
        let tailBudget = width - 1 - headBudget
        var head = ""
        var used = 0
        for character in characters {
            let w = DisplayWidth.of(character)
            if used + w > headBudget { break }
            head.append(character)
            used += w
        }
        var tail = ""
        used = 0
        for character in characters.reversed() {
            let w = DisplayWidth.of(character)
            if used + w > tailBudget { break }
            tail.insert(character, at: tail.startIndex)
            used += w
        }
        return head + "…" + tail
    }

    /// The standard reason phrase of the statuses platforms answer with.
    static func reasonPhrase(_ status: Int) -> String? {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: nil
        }
    }
}
