/// Reading text fields of items as platforms send them: identifiers passed through as received, trimmed of
/// surrounding whitespace only (normalising and matching are the pipeline's job).
public enum ItemText {
    /// The value as text, trimmed; nil when absent, null, blank, an array or an object. Numbers become their digits
    /// (ids that platforms send either way).
    public static func text(_ value: JSONValue?) -> String? {
        guard let text = value?.textValue else { return nil }
        let trimmed = trimmed(text)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// `text` without leading and trailing whitespace and newlines.
    public static func trimmed(_ text: String) -> String {
        if let fast = ASCIIText.withBytes(of: text, { bytes -> String in
            let bounds = ASCIIText.trimmedBounds(bytes)
            if bounds.count == bytes.count { return text }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[bounds]), as: UTF8.self)
        }) {
            return fast
        }
        return trimmedUnicode(text)
    }

    /// `trimmed` by `Character`, for text that is not all ASCII.
    static func trimmedUnicode(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = text.lastIndex(where: { !$0.isWhitespace })!
        if first == text.startIndex && last == text.index(before: text.endIndex) { return text }
        return String(text[first...last])
    }

    /// Non-empty parts joined by a space: `"Asha"`, `nil`, `"Rao"` → `"Asha Rao"`; nil when every part is empty.
    public static func joined(_ parts: [String?]) -> String? {
        let present = parts.compactMap { $0 }.filter { !$0.isEmpty }
        return present.isEmpty ? nil : present.joined(separator: " ")
    }
}
