import Foundation

/// `application/x-www-form-urlencoded`, as used by query strings and form bodies: `name=value` pairs joined by `&`,
/// each percent-encoded.
///
/// Encoding leaves only RFC 3986 unreserved characters (`A–Z a–z 0–9 - . _ ~`) as they are and writes a space as
/// `%20`, which every decoder reads. Decoding also accepts `+` for a space (the HTML form convention) and keeps a
/// malformed escape such as `%zz` as literal text rather than failing.
public enum FormURLEncoding {
    /// `a=1&b=x%20y`. An item with a nil value is written as its name alone.
    public static func encode(_ items: [URLQueryItem]) -> String {
        items.map { item in
            guard let value = item.value else { return percentEncode(item.name) }
            return percentEncode(item.name) + "=" + percentEncode(value)
        }.joined(separator: "&")
    }

    /// The pairs of a query string or form body, in order. Empty segments (`a=1&&b=2`) are skipped; a name without
    /// `=` has a nil value.
    public static func decode<S: StringProtocol>(_ text: S) -> [URLQueryItem] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            guard let equals = pair.firstIndex(of: "=") else {
                return URLQueryItem(name: percentDecode(pair[...]), value: nil)
            }
            return URLQueryItem(
                name: percentDecode(pair[..<equals]), value: percentDecode(pair[pair.index(after: equals)...]))
        }
    }

    /// `url` with `items` appended to its query string (after `?`, or after `&` when it already has one).
    public static func url(_ url: String, appending items: [URLQueryItem]) -> String {
        guard !items.isEmpty else { return url }
        let separator = url.contains("?") ? (url.hasSuffix("?") || url.hasSuffix("&") ? "" : "&") : "?"
        return url + separator + encode(items)
    }

    /// Percent-encodes every byte of the UTF-8 form except the unreserved characters.
    public static func percentEncode(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes `%XX` escapes and `+`; invalid UTF-8 in the result is replaced by U+FFFD.
    public static func percentDecode<S: StringProtocol>(_ text: S) -> String {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < input.count,
                let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
                continue
            } else {
                output.append(byte)
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
