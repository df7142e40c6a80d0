extension AuthType {
    /// Auth types whose access token credsync obtains and keeps in `platform_tokens`.
    public var usesIssuedTokens: Bool {
        switch self {
        case .oauth2ClientCredentials, .oauth2RefreshToken, .longLivedToken: true
        case .none, .apiKey, .bearer, .basic: false
        }
    }

    /// Auth types with a token that expires and is watched: the issued ones and a static bearer token.
    public var hasExpiringToken: Bool { usesIssuedTokens || self == .bearer }

    /// Auth types whose token credsync can renew by itself (all the issued ones; a bearer token only by hand).
    public var canRefresh: Bool { usesIssuedTokens }
}
