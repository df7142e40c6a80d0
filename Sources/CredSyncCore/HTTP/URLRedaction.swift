import Foundation

/// URLs as they may appear in logs and error messages: platforms put API keys and tokens in query strings
/// (`?api_key=…`) and occasionally in the authority (`https://user:secret@host`), so both go.
public enum URLRedaction {
    /// `url` without its query string, fragment and user information:
    /// `https://user:pw@host/v1/certificates?page=2&token=…` → `https://host/v1/certificates`.
    public static func withoutQuery(_ url: String) -> String {
        var rest = Substring(url)
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        guard let schemeEnd = rest.range(of: "://") else { return String(rest) }
        let authorityStart = schemeEnd.upperBound
        let authorityEnd = rest[authorityStart...].firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[authorityStart..<authorityEnd].lastIndex(of: "@") else { return String(rest) }
        return String(rest[..<authorityStart] + rest[rest.index(after: at)...])
    }
}
