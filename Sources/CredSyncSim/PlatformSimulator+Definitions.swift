import CredSyncCore

/// What credsync needs to connect to a simulated platform: a `PlatformDefinition` for `platforms add` and the
/// secrets JSON (SPEC §9 keys) for `--secret-stdin`.
extension PlatformSimulator {
    /// The platform as credsync would add it. Generic and file platforms get the config that maps the simulator's
    /// items (generic_rest pages in `genericStyle`; file platforms read the export by URL).
    public func definition(
        for name: String, genericStyle: GenericRESTPagination.Style = .page
    ) -> PlatformDefinition {
        let platform = platform(named: name)
        let base = baseURL(for: name)
        var config = JSONObject(["pageSize": .number(Double(min(100, platform.pageSizeCap)))])
        switch platform.contract {
        case .nsqf:
            config["tokenUrl"] = .string(base + "/oauth/token")
        case .credly:
            config["organizationId"] = .string(platform.organizationId)
        case .genericRest:
            switch platform.auth {
            case .refreshToken: config["tokenUrl"] = .string(base + "/oauth/token")
            case .longLivedToken: config["refreshUrl"] = .string(base + "/refresh_access_token")
            case .none, .bearer: break
            }
            var pagination = JSONObject(["style": .string(genericStyle.rawValue)])
            if genericStyle == .cursor { pagination["nextCursorPath"] = .string("meta.next") }
            config["endpoint"] = .string("/api/records")
            config["itemsPath"] = .string("records")
            config["pagination"] = .object(pagination)
            config["since"] = .string("modified_since")
            config["totalPath"] = .string("meta.total")
            config["fields"] = Self.fields(
                id: "record_id", email: "person.email", phone: "person.phone", name: ["person.first", "person.last"],
                title: "course", issuedAt: "issued", expiresAt: "expires", url: "link", updatedAt: "modified")
        case .fileCSV, .fileJSONL:
            config["url"] = .string(base + platform.contract.pagesPath)
            config["fields"] = Self.fields(
                id: "credential_id", email: "email", phone: "phone", name: ["first_name", "last_name"], title: "title",
                issuedAt: "issued_on", expiresAt: "expires_on", url: "url", updatedAt: "updated_at")
        case .swayam, .openbadges:
            break
        }
        return PlatformDefinition(
            name: name, displayName: "\(name) (simulated)", platformType: "private",
            adapter: platform.contract.adapterName, apiBaseURL: base, apiVersion: "v1",
            authType: platform.contract.authType(platform.auth), syncFrequencyHours: 24, config: config)
    }

    /// The secrets object for the platform's auth type: `clientId`/`clientSecret` (nsqf; with `refreshToken` for
    /// refresh-token auth), `apiKey` (swayam; Credly's organisation token), `accessToken` (bearer, long-lived);
    /// empty when it needs none.
    public func secrets(for name: String) -> JSONObject {
        let platform = platform(named: name)
        switch platform.contract.authType(platform.auth) {
        case .oauth2ClientCredentials:
            return JSONObject([
                "clientId": .string(platform.clientId), "clientSecret": .string(platform.clientSecret),
            ])
        case .apiKey: return JSONObject(["apiKey": .string(platform.apiKey)])
        case .basic: return JSONObject(["apiKey": .string(platform.token)])
        case .bearer, .longLivedToken: return JSONObject(["accessToken": .string(platform.token)])
        case .oauth2RefreshToken:
            return JSONObject([
                "clientId": .string(platform.clientId), "clientSecret": .string(platform.clientSecret),
                "refreshToken": .string(platform.refreshToken),
            ])
        default: return JSONObject()
        }
    }

    private static func fields(
        id: String, email: String, phone: String, name: [String], title: String, issuedAt: String, expiresAt: String,
        url: String, updatedAt: String
    ) -> JSONValue {
        .object(
            JSONObject([
                "externalId": .string(id), "email": .string(email), "phone": .string(phone),
                "name": .array(name.map(JSONValue.string)), "title": .string(title), "issuedAt": .string(issuedAt),
                "expiresAt": .string(expiresAt), "url": .string(url), "updatedAt": .string(updatedAt),
            ]))
    }
}
