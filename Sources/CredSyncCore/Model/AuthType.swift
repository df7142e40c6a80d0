/// How credsync authenticates to a platform (SPEC §6).
public enum AuthType: String, CaseIterable, Sendable, Codable {
    case none
    case apiKey = "api_key"
    case bearer
    case basic
    case oauth2ClientCredentials = "oauth2_client_credentials"
    case oauth2RefreshToken = "oauth2_refresh_token"
    case longLivedToken = "long_lived_token"
}
