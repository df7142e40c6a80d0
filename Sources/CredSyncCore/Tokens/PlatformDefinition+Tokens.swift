extension PlatformDefinition {
    /// `config.tokenUrl`: the OAuth2 token endpoint (client credentials and refresh-token grants), by default
    /// `{base}/oauth/token`.
    public var tokenURL: String { config["tokenUrl"]?.stringValue ?? url("oauth/token") }

    /// `config.refreshUrl`: the endpoint that exchanges a long-lived token for a new one, by default
    /// `{base}/refresh_access_token` (Instagram's shape).
    public var refreshURL: String { config["refreshUrl"]?.stringValue ?? url("refresh_access_token") }

    /// `config.refreshGrantType`: the `grant_type` sent to the long-lived refresh endpoint (`ig_refresh_token`).
    public var refreshGrantType: String { config["refreshGrantType"]?.stringValue ?? "ig_refresh_token" }

    /// `config.tokenExpiresAt` (ISO-8601): when a bearer token, or the long-lived token first entered, expires —
    /// known only to the operator until a refresh answers with `expires_in`. Nil when unset or unreadable.
    public var configuredTokenExpiresAtMs: Int64? {
        config["tokenExpiresAt"]?.stringValue.flatMap(ItemDate.parseISO8601)
    }
}
