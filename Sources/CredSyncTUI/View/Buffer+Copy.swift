extension Buffer {
    /// Copies every cell of `other` with its top-left corner at (`x`, `y`), clipped to this buffer.
    mutating func copy(_ other: Buffer, x: Int, y: Int) {
        for row in 0..<other.height {
            for column in 0..<other.width {
                self[x + column, y + row] = other[column, row]
            }
        }
    }
}
