/// What a platform URL may hold. Credentials inside a URL (`https://user:pass@host/`) would sit in clear outside
/// the secret box and travel as a Basic header; they are refused wherever a URL is entered.
public enum URLRules {
    public static func refuseCredentials(in url: String, field: String) throws {
        guard let schemeEnd = url.range(of: "://") else { return }
        let afterScheme = url[schemeEnd.upperBound...]
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if authority.contains("@") {
            throw PlatformFieldError(
                field: field,
                problem: "must not contain a user name or password; give them as secrets (--secret-stdin)")
        }
    }
}
