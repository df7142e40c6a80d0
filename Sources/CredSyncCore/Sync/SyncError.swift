/// Why a sync attempt stopped, with what the operator needs to act on it: the request's URL (without its query
/// string), the HTTP status and the first bytes of the body (secrets masked). Its description says what happened, in
/// one line; what the job does about it — retry, wait, fail — and what the operator should do next is decided in one
/// place, `OutcomeClassifier`.
public enum SyncError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No usable HTTP answer: the network, a timeout, TLS, a bad URL or redirect, a body over the size cap.
    /// `retries` is how many times the session had sent the request again first.
    case transport(HTTPError, retries: Int)
    /// The platform answered a status the sync cannot go on from, after the session's retries (`retries`) and, on a
    /// 401, its token refresh.
    case httpStatus(method: String, url: String, status: Int, firstBytes: String, retries: Int)
    /// A 429 or 503 whose `Retry-After` asks for a longer wait than a request sleeps through: the platform is not to
    /// be asked again before `untilMs`.
    case rateLimited(method: String, url: String, status: Int, retryAfter: String, untilMs: Int64)
    /// A body that is not JSON: an HTML page, a garbled or cut-off document.
    case malformedBody(url: String, firstBytes: String, detail: String)
    /// Valid JSON, but not the contract's shape (no `data` array, say).
    case unexpectedShape(url: String, detail: String)
    /// A saved cursor this adapter did not write (a checkpoint from another adapter or version).
    case invalidCursor(cursor: String, expected: String)
    /// A file import's file could not be read.
    case unreadableFile(path: String, detail: String)
    /// The platform refused a token refresh; `TokenRefresher` has disabled it and says how to recover.
    case unauthorized(String)
    /// The platform repeated a cursor or exceeded maxPages: stops the run instead of looping forever.
    case paginationLoop(String)
    /// The platform's configuration or secrets are unusable: fix them and enable the platform again.
    case configuration(String)
    /// Anything else that stopped the attempt (a database error, say).
    case unexpected(String)

    public var description: String {
        switch self {
        case .transport(let error, let retries):
            return error.description + Self.afterRetries(retries)
        case .httpStatus(let method, let url, let status, let firstBytes, let retries):
            let body = firstBytes.isEmpty ? "" : ": \(Self.quoted(firstBytes))"
            return "\(method) \(url) answered HTTP \(status)\(body)\(Self.afterRetries(retries))"
        case .rateLimited(let method, let url, let status, let retryAfter, _):
            return "\(method) \(url) answered HTTP \(status) with Retry-After: \(retryAfter)"
        case .malformedBody(let url, let firstBytes, let detail):
            if isHTMLPage {
                return "GET \(url) returned an HTML page, not JSON: \(Self.quoted(firstBytes))"
            }
            return "GET \(url) returned a page that is not valid JSON (\(detail)): \(Self.quoted(firstBytes))"
        case .unexpectedShape(let url, let detail):
            return "GET \(url) returned a page of an unexpected shape: \(detail)"
        case .invalidCursor(let cursor, let expected):
            return "the saved cursor \(Self.quoted(cursor)) is not \(expected)"
        case .unreadableFile(let path, let detail):
            return "cannot read \(path): \(detail)"
        case .unauthorized(let message), .paginationLoop(let message), .configuration(let message),
            .unexpected(let message):
            return message
        }
    }

    /// Whether a body that is not JSON is a web page: a proxy's, a login form, a site's front page.
    var isHTMLPage: Bool {
        guard case .malformedBody(_, let firstBytes, _) = self else { return false }
        let start = firstBytes.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{FEFF}" }
        return start.lowercased().hasPrefix("<!doctype html") || start.lowercased().hasPrefix("<html")
    }

    private static func afterRetries(_ retries: Int) -> String {
        retries == 0 ? "" : " — still failing after \(retries) \(retries == 1 ? "retry" : "retries")"
    }

    private static func quoted(_ text: String) -> String {
        "`" + text.replacing("\n", with: "\\n").replacing("\r", with: "\\r") + "`"
    }
}

extension SyncError {
    /// The answer the session gave up on, typed: a transport failure or a status.
    init(giveUpOn result: Result<HTTPClientResponse, HTTPError>, retries: Int) {
        switch result {
        case .failure(let error):
            self = .transport(error, retries: retries)
        case .success(let response):
            self = .httpStatus(
                method: response.method, url: URLRedaction.withoutQuery(response.url), status: response.status,
                firstBytes: response.redactedBodyPrefix(), retries: retries)
        }
    }

    /// Any error an attempt can meet, typed as a `SyncError`: HTTP and adapter errors keep their details, known
    /// configuration errors become `.configuration`, the rest `.unexpected`.
    init(_ error: any Error) {
        switch error {
        case let error as SyncError:
            self = error
        case let error as HTTPError:
            self = .transport(error, retries: 0)
        case let error as AdapterError:
            switch error {
            case .httpStatus(let url, let status, let firstBytes):
                self = .httpStatus(method: "GET", url: url, status: status, firstBytes: firstBytes, retries: 0)
            case .invalidJSON(let url, let firstBytes, let detail):
                self = .malformedBody(url: url, firstBytes: firstBytes, detail: detail)
            case .unexpectedShape(let url, let detail):
                self = .unexpectedShape(url: url, detail: detail)
            case .invalidCursor(let cursor, let expected):
                self = .invalidCursor(cursor: cursor, expected: expected)
            case .unreadableFile(let path, let detail):
                self = .unreadableFile(path: path, detail: detail)
            }
        case is SecretError, is KeyStoreError, is AdapterConfigError, is UnknownAdapterError, is PlatformError:
            self = .configuration(String(describing: error))
        case let error as DatabaseError:
            // The operator reads one sentence; SQLite's statement means nothing to them.
            self = .unexpected(error.plainDescription)
        default:
            self = .unexpected(String(describing: error))
        }
    }
}
