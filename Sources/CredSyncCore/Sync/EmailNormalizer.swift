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
        if let fast = ASCIIText.withBytes(of: raw, { normalizeASCII($0, raw: raw) }) { return fast }
        return normalizeUnicode(raw)
    }

    /// `normalize` for all-ASCII text, on its bytes: the same answers without Unicode property lookups.
    private static func normalizeASCII(_ bytes: UnsafeBufferPointer<UInt8>, raw: String) -> String? {
        let bounds = ASCIIText.trimmedBounds(bytes)
        guard !bounds.isEmpty else { return nil }
        var at: Int?
        var hasUpperCase = false
        for index in bounds {
            let byte = bytes[index]
            // Whitespace and control characters (0x00-0x20, 0x7F) are not allowed anywhere.
            if byte <= 0x20 || byte == 0x7F { return nil }
            if byte == UInt8(ascii: "@") {
                guard at == nil else { return nil }
                at = index
            } else if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
                hasUpperCase = true
            }
        }
        guard let at, at > bounds.lowerBound else { return nil }
        // The domain: two or more non-empty labels.
        var labelStart = at + 1
        var dots = 0
        for index in (at + 1)..<bounds.upperBound where bytes[index] == UInt8(ascii: ".") {
            guard index > labelStart else { return nil }
            dots += 1
            labelStart = index + 1
        }
        guard dots >= 1, labelStart < bounds.upperBound else { return nil }
        if !hasUpperCase && bounds.count == bytes.count { return raw }
        return String(unsafeUninitializedCapacity: bounds.count) { buffer in
            for (offset, index) in bounds.enumerated() {
                let byte = bytes[index]
                buffer[offset] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            }
            return bounds.count
        }
    }

    /// `normalize` by `Character` and Unicode scalar properties, for text that is not all ASCII.
    static func normalizeUnicode(_ raw: String) -> String? {
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
