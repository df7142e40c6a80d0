/// Normal form of an email address for matching: surrounding whitespace trimmed, lower-cased, nothing else.
///
/// Dots and `+tags` are kept: stripping them merges different mailboxes at many providers (SPEC §5 Matching).
/// Only the shape is checked, not deliverability.
public enum EmailNormalizer {
    /// The normalised address, or nil when `raw` is not a plausible address.
    ///
    /// Plausible means, after trimming: exactly one `@`, a non-empty local part, a domain of two or more non-empty
    /// dot-separated labels, and no whitespace or control character anywhere.
    public static func normalize(_ raw: String) -> String? {
        guard let first = raw.firstIndex(where: { !$0.isWhitespace }),
            let last = raw.lastIndex(where: { !$0.isWhitespace })
        else { return nil }
        let address = raw[first...last].lowercased()
        let hasSpaceOrControl = address.unicodeScalars.contains {
            $0.properties.isWhitespace || $0.properties.generalCategory == .control
        }
        guard !hasSpaceOrControl else { return nil }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return nil }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }) else { return nil }
        return address
    }
}
