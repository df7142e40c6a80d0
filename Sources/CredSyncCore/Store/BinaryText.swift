import Foundation

/// Text compared byte for byte, as SQLite's BINARY collation compares it: the key type for dictionaries of values
/// read back from an `=` or `IN` lookup.
///
/// `String`'s own `==` and hash follow Unicode canonical equivalence, so "é" precomposed and "e" + U+0301 are one key
/// to it, while a UNIQUE constraint or an `=` in SQL keeps them apart.
struct BinaryText: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: BinaryText, rhs: BinaryText) -> Bool {
        // The bytes of both at once where the strings hold them contiguously (native strings do): a length check and
        // one comparison, where `elementsEqual` steps through the views a byte at a time.
        let compared = lhs.text.utf8.withContiguousStorageIfAvailable { left in
            rhs.text.utf8.withContiguousStorageIfAvailable { right in
                guard left.count == right.count, let leftBytes = left.baseAddress, let rightBytes = right.baseAddress
                else { return left.count == right.count }
                return memcmp(leftBytes, rightBytes, left.count) == 0
            }
        }
        return (compared ?? nil) ?? lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if hashed == nil {
            for byte in text.utf8 { hasher.combine(byte) }
        }
    }
}
