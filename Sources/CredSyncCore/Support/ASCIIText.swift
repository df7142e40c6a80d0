/// Byte-level fast paths for text that is entirely ASCII, the common case of identifiers, dates and keys.
///
/// Swift's `Character` and `Unicode.Scalar.Properties` answer every question correctly for all of Unicode, at the
/// cost of table lookups per character. For ASCII text the answers are fixed and known, so the hot paths of a sync
/// (trimming, lower-casing, validating identifiers) read the UTF-8 bytes when every byte is ASCII and keep the
/// Unicode path, unchanged, for everything else. Each fast path must give exactly the answer of its Unicode path;
/// `ASCIIFastPathTests` checks them against each other.
enum ASCIIText {
    /// Whether `byte` is an ASCII character whose `Character.isWhitespace` (and `Unicode.Scalar.Properties
    /// .isWhitespace`) is true: tab, line feed, vertical tab, form feed, carriage return and space. ("\r\n" is one
    /// `Character`, and whitespace too.)
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Whether every byte is below 0x80.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                    return false
                }
                index += 8
            }
        }
        while index < count {
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    /// `body` applied to the UTF-8 bytes of `text` when they are contiguous and all ASCII; nil otherwise, and the
    /// caller takes its Unicode path.
    @inline(__always)
    static func withBytes<Result>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        var result: Result?
        _ = text.utf8.withContiguousStorageIfAvailable { bytes in
            if isASCII(bytes) { result = body(bytes) }
        }
        return result
    }

    /// The bounds of `bytes` without leading and trailing ASCII whitespace; an empty range when nothing else is left.
    @inline(__always)
    static func trimmedBounds(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = 0
        var end = bytes.count
        while start < end && isWhitespace(bytes[start]) { start += 1 }
        while end > start && isWhitespace(bytes[end - 1]) { end -= 1 }
        return start..<end
    }
}
