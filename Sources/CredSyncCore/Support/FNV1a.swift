/// 64-bit FNV-1a: a fast content fingerprint for change detection (not for security).
public enum FNV1a {
    public static func hash(_ text: String) -> Int64 {
        if let hash = text.utf8.withContiguousStorageIfAvailable(hash(bytes:)) { return hash }
        return hash(bytes: text.utf8)
    }

    private static func hash(bytes: some Sequence<UInt8>) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
