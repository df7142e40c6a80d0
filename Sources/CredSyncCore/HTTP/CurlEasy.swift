import CCurl
import Foundation

/// A libcurl easy handle: the only Swift file that imports CCurl. It turns one `Transfer` into a `Received` response
/// or a `Failure`, and keeps the handle — with its connection cache — for the next transfer.
///
/// Reusing the handle is what keeps connections alive between requests:
/// > curl_easy_reset: Re-initializes all options previously set on a specified CURL handle to the default values.
/// > […] It does not change the following information kept in the handle: live connections, the Session ID cache,
/// > the DNS cache, the cookies, the shares or the alt-svc cache.
///
/// Not thread safe: one handle belongs to one thread at a time (libcurl-thread(3): "You must never share the same
/// handle in multiple threads").
final class CurlEasy {
    /// What to send, with every option already decided by `HTTPClient`.
    struct Transfer {
        var method: String
        var url: String
        /// `Name: value` lines; `Name;` sends an empty value and `Name:` suppresses a header libcurl would add.
        var headerLines: [String]
        var body: [UInt8]?
        var connectTimeoutMs: Int
        var timeoutMs: Int
        var maxResponseBytes: Int
        var userAgent: String
        var maxRedirects: Int
        /// `https`, or `http,https` when the request URL itself is plain http.
        var redirectProtocols: String
    }

    /// A complete response.
    struct Received {
        var status: Int
        /// The final response's header lines, without the status line.
        var headerLines: [String]
        var body: [UInt8]
        var totalTimeMs: Int
    }

    /// Why no response came back, classified for `HTTPError`.
    struct Failure: Error {
        var kind: HTTPError.Kind
        /// libcurl's error buffer, or `curl_easy_strerror` when the buffer is empty.
        var detail: String
        var elapsedMs: Int
    }

    /// libcurl's version string (`libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 …`), for `--version` and bug reports.
    static var libcurlVersion: String { String(cString: curl_version()) }

    /// > curl_global_init: […] must be called at least once within a program […] before the program calls any other
    /// > function in libcurl.
    /// A static `let` runs it exactly once, thread-safely. It also ignores SIGPIPE for the process: with
    /// CURLOPT_NOSIGNAL set (required with threads), "libcurl makes an effort to never cause such SIGPIPE signals to
    /// trigger, but […] there are some corner cases when they may still happen" — and OpenSSL writes to sockets too.
    private static let globalInitCode: UInt32 = {
        signal(SIGPIPE, SIG_IGN)
        return credsync_curl_global_init_default().rawValue
    }()

    private var handle: UnsafeMutableRawPointer?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() {
        precondition(Self.globalInitCode == CURLE_OK.rawValue, "curl_global_init failed (\(Self.globalInitCode))")
        guard let handle = curl_easy_init() else { fatalError("curl_easy_init failed: out of memory") }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        close()
        errorBuffer.deallocate()
    }

    /// Releases the handle and its connections now rather than at deinit. Later transfers trap.
    func close() {
        if let handle { curl_easy_cleanup(handle) }
        handle = nil
    }

    /// Runs one transfer to completion, blocking the calling thread.
    func perform(_ transfer: Transfer) throws(Failure) -> Received {
        guard let handle else { preconditionFailure("CurlEasy used after close()") }
        curl_easy_reset(handle)
        errorBuffer[0] = 0

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for line in transfer.headerLines {
            guard let appended = curl_slist_append(headerList, line) else {
                throw Failure(kind: .invalidRequest, detail: "out of memory building the headers", elapsedMs: 0)
            }
            headerList = appended
        }

        let sink = ResponseSink(maxBodyBytes: transfer.maxResponseBytes)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        try configure(handle, for: transfer, headers: headerList, context: context)
        let code = withExtendedLifetime(sink) { curl_easy_perform(handle) }
        // The list is freed on return; the handle must not point at it after that.
        _ = credsync_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, nil)

        let totalTimeMs = Int((double(handle, CURLINFO_TOTAL_TIME) * 1_000).rounded())
        guard code == CURLE_OK else {
            throw failure(code, sink: sink, transfer: transfer, totalTimeMs: totalTimeMs, handle: handle)
        }
        return Received(
            status: long(handle, CURLINFO_RESPONSE_CODE), headerLines: sink.headerLines, body: sink.body,
            totalTimeMs: totalTimeMs)
    }

    // MARK: - Options

    private func configure(
        _ handle: UnsafeMutableRawPointer, for transfer: Transfer, headers: UnsafeMutablePointer<curl_slist>?,
        context: UnsafeMutableRawPointer
    ) throws(Failure) {
        try set(handle, CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        // > CURLOPT_NOSIGNAL: This option is here to allow multi-threaded Unix applications to still set/use all
        // > timeout options etc, without risking getting signals.
        try set(handle, CURLOPT_NOSIGNAL, 1)
        try set(handle, CURLOPT_URL, string: transfer.url, kind: .badURL)
        try set(handle, CURLOPT_PROTOCOLS_STR, string: "http,https")
        try set(handle, CURLOPT_REDIR_PROTOCOLS_STR, string: transfer.redirectProtocols)
        try set(handle, CURLOPT_FOLLOWLOCATION, transfer.maxRedirects > 0 ? 1 : 0)
        try set(handle, CURLOPT_MAXREDIRS, transfer.maxRedirects)
        try set(handle, CURLOPT_CONNECTTIMEOUT_MS, transfer.connectTimeoutMs)
        try set(handle, CURLOPT_TIMEOUT_MS, transfer.timeoutMs)
        try set(handle, CURLOPT_SSL_VERIFYPEER, 1)
        try set(handle, CURLOPT_SSL_VERIFYHOST, 2)
        // > CURLOPT_ACCEPT_ENCODING: […] libcurl allows a zero-length string to be set ("") to ask for an
        // > Accept-Encoding: header to be used that contains all built-in supported encodings.
        try set(handle, CURLOPT_ACCEPT_ENCODING, string: "")
        try set(handle, CURLOPT_USERAGENT, string: transfer.userAgent)
        try check(credsync_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers), CURLOPT_HTTPHEADER)
        // Refuses at once a response whose Content-Length announces more than the cap; the write callback enforces
        // the cap on the decoded bytes of every other response.
        try check(
            credsync_curl_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(transfer.maxResponseBytes)),
            CURLOPT_MAXFILESIZE_LARGE)
        try setMethod(handle, transfer)
        try check(
            credsync_curl_setopt_write_function(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                ResponseSink.from(context).appendBody(data, size * count)
            }, CURLOPT_WRITEFUNCTION)
        try set(handle, CURLOPT_WRITEDATA, pointer: context)
        try check(
            credsync_curl_setopt_write_function(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
                ResponseSink.from(context).appendHeader(data, size * count)
            }, CURLOPT_HEADERFUNCTION)
        try set(handle, CURLOPT_HEADERDATA, pointer: context)
    }

    private func setMethod(_ handle: UnsafeMutableRawPointer, _ transfer: Transfer) throws(Failure) {
        switch (transfer.method, transfer.body) {
        case ("GET", nil):
            try set(handle, CURLOPT_HTTPGET, 1)
        case ("HEAD", nil):
            try set(handle, CURLOPT_NOBODY, 1)
        case (let method, nil):
            try set(handle, CURLOPT_CUSTOMREQUEST, string: method)
        case (let method, let body?):
            if method != "POST" { try set(handle, CURLOPT_CUSTOMREQUEST, string: method) }
            // > CURLOPT_COPYPOSTFIELDS: If the size has not been set prior to CURLOPT_COPYPOSTFIELDS, the data is assumed
            // > to be a null-terminated string; else the stored size informs the library about the byte count to copy.
            try check(
                credsync_curl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)),
                CURLOPT_POSTFIELDSIZE_LARGE)
            let code =
                body.isEmpty
                ? credsync_curl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
                : body.withUnsafeBytes {
                    credsync_curl_setopt_pointer(
                        handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress))
                }
            try check(code, CURLOPT_COPYPOSTFIELDS)
        }
    }

    private func set(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: Int) throws(Failure) {
        try check(credsync_curl_setopt_long(handle, option, value), option)
    }

    private func set(
        _ handle: UnsafeMutableRawPointer, _ option: CURLoption, string: String,
        kind: HTTPError.Kind = .invalidRequest
    ) throws(Failure) {
        try check(credsync_curl_setopt_string(handle, option, string), option, kind: kind)
    }

    private func set(
        _ handle: UnsafeMutableRawPointer, _ option: CURLoption, pointer: UnsafeMutableRawPointer
    ) throws(Failure) {
        try check(credsync_curl_setopt_pointer(handle, option, pointer), option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption, kind: HTTPError.Kind = .invalidRequest)
        throws(Failure)
    {
        guard code != CURLE_OK else { return }
        let message = String(cString: curl_easy_strerror(code))
        throw Failure(kind: kind, detail: "setting curl option \(option.rawValue) failed: \(message)", elapsedMs: 0)
    }

    // MARK: - Results

    private func long(_ handle: UnsafeMutableRawPointer, _ info: CURLINFO) -> Int {
        var value = 0
        _ = credsync_curl_getinfo_long(handle, info, &value)
        return value
    }

    private func double(_ handle: UnsafeMutableRawPointer, _ info: CURLINFO) -> Double {
        var value = 0.0
        _ = credsync_curl_getinfo_double(handle, info, &value)
        return value
    }

    private func failure(
        _ code: CURLcode, sink: ResponseSink, transfer: Transfer, totalTimeMs: Int, handle: UnsafeMutableRawPointer
    ) -> Failure {
        let buffered = String(cString: errorBuffer)
        let detail = buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
        let kind: HTTPError.Kind
        switch code {
        case CURLE_WRITE_ERROR where sink.exceededLimit, CURLE_FILESIZE_EXCEEDED:
            kind = .responseTooLarge(limitBytes: transfer.maxResponseBytes)
        case CURLE_OPERATION_TIMEDOUT:
            // > CURLINFO_CONNECT_TIME: the total time in seconds from the start until the connection to the remote host
            // > (or proxy) was completed.
            // Zero, then, when it never was: the connect timeout is the one that expired.
            let connected = double(handle, CURLINFO_CONNECT_TIME) > 0
            kind = .timeout(
                limitMs: connected ? transfer.timeoutMs : min(transfer.connectTimeoutMs, transfer.timeoutMs))
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            kind = .connectFailed
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED:
            kind = .tls
        case CURLE_URL_MALFORMAT:
            kind = .badURL
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_TOO_MANY_REDIRECTS:
            // `HTTPClient` sends only http(s) URLs, so a refused protocol is where a redirect pointed.
            kind = .badRedirect
        default:
            kind = .network
        }
        return Failure(kind: kind, detail: detail, elapsedMs: totalTimeMs)
    }
}

@available(*, unavailable) extension CurlEasy: Sendable {}

/// Collects one response from libcurl's callbacks; passed to them as an unretained context pointer.
private final class ResponseSink {
    let maxBodyBytes: Int
    var body: [UInt8] = []
    var headerLines: [String] = []
    var exceededLimit = false

    init(maxBodyBytes: Int) { self.maxBodyBytes = maxBodyBytes }

    static func from(_ context: UnsafeMutableRawPointer?) -> ResponseSink {
        Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
    }

    /// > CURLOPT_WRITEFUNCTION: Your callback should return the number of bytes actually taken care of. If that
    /// > amount differs from the amount passed to your callback function, it signals an error condition to the
    /// > library. This causes the transfer to get aborted and the libcurl function used returns CURLE_WRITE_ERROR.
    func appendBody(_ data: UnsafeMutablePointer<CChar>?, _ length: Int) -> Int {
        guard length > 0, let data else { return length }
        guard body.count + length <= maxBodyBytes else {
            exceededLimit = true
            return 0
        }
        data.withMemoryRebound(to: UInt8.self, capacity: length) {
            body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
        }
        return length
    }

    /// > CURLOPT_HEADERFUNCTION: This function gets called by libcurl as soon as it has received header data. The
    /// > header callback will be called once for each header and only complete header lines are passed on to the
    /// > callback.
    /// Each new status line (after `100 Continue` or a followed redirect) starts a new set of headers.
    func appendHeader(_ data: UnsafeMutablePointer<CChar>?, _ length: Int) -> Int {
        guard length > 0, let data else { return length }
        let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
        let trimmed = line.trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
        if trimmed.hasPrefix("HTTP/") {
            headerLines.removeAll()
        } else if !trimmed.isEmpty {
            headerLines.append(trimmed)
        }
        return length
    }
}
