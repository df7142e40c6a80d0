extension PlatformSecrets {
    /// The secret keys `authType` cannot work without, as alternatives: each inner list is one requirement that any
    /// of its keys satisfies (`clientId` or the seed's `apiKey`).
    public static func requirements(for authType: AuthType) -> [[String]] {
        switch authType {
        case .none: []
        case .apiKey: [["apiKey"]]
        case .bearer: [["accessToken", "apiKey"]]
        case .basic: [["username", "apiKey"]]
        case .oauth2ClientCredentials: [["clientId", "apiKey"], ["clientSecret", "apiSecret"]]
        case .oauth2RefreshToken: [["refreshToken"]]
        case .longLivedToken: [["accessToken"]]
        }
    }

    /// Refuses secrets that lack a key `authType` needs, naming it, so the failure shows now and not at 2 AM.
    public func check(for authType: AuthType) throws {
        let present = Set(fields.compactMap { ($0.value ?? "").isEmpty ? nil : $0.name })
        for requirement in Self.requirements(for: authType) where !requirement.contains(where: present.contains) {
            let names = requirement.map { "\"\($0)\"" }.joined(separator: " or ")
            throw PlatformFieldError(
                field: "secrets", problem: "auth type \(authType.rawValue) needs \(names) in the secrets JSON")
        }
    }
}
