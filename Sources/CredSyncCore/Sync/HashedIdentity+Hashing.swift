extension HashedIdentity {
    /// `sha256$<hex>` of `normalizedIdentifier` followed by `salt`: the `identityHash` an Open Badges issuer writes
    /// for a recipient (the simulator issues hashed credentials with it).
    public static func identityHash(of normalizedIdentifier: String, salt: String) -> String {
        "\(sha256)$\(Hex.encode(digest(of: normalizedIdentifier, salt: salt)))"
    }
}
