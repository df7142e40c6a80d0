/// The request-and-parse step every JSON adapter shares.
extension PlatformHTTP {
    /// GETs `url` and parses the body as JSON. A status other than 2xx throws `AdapterError.httpStatus`, a body
    /// that is not JSON `AdapterError.invalidJSON` with its first bytes (secrets masked); network errors pass through.
    public func getJSON(
        _ url: String, query: [(String, String)] = [], headers: [(String, String)] = [("Accept", "application/json")]
    ) throws -> (json: JSONValue, response: HTTPClientResponse) {
        let response = try get(url, query: query, headers: headers)
        let shownURL = URLRedaction.withoutQuery(response.url.isEmpty ? url : response.url)
        guard response.isSuccess else {
            throw AdapterError.httpStatus(
                url: shownURL, status: response.status, firstBytes: response.redactedBodyPrefix())
        }
        do {
            return (try JSONParser.parse(response.body), response)
        } catch let error as JSONError {
            throw AdapterError.invalidJSON(
                url: shownURL, firstBytes: response.redactedBodyPrefix(), detail: error.description)
        }
    }
}
