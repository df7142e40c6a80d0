/// The cells that differ between two frames: all the terminal backend has to send.
public struct BufferDiff: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public var x: Int
        public var y: Int
        public var cell: Cell
    }

    public var changes: [Change]
    /// True when there was no comparable previous frame (none, or another size): every cell is in `changes`.
    public var isFullRedraw: Bool

    /// The changes that turn `previous` into `next`.
    public init(from previous: Buffer?, to next: Buffer) {
        changes = []
        guard let previous, previous.size == next.size else {
            isFullRedraw = true
            changes.reserveCapacity(next.cells.count)
            for y in 0..<next.height {
                for x in 0..<next.width { changes.append(Change(x: x, y: y, cell: next[x, y])) }
            }
            return
        }
        isFullRedraw = false
        let width = next.width
        previous.cells.withUnsafeBufferPointer { old in
            next.cells.withUnsafeBufferPointer { new in
                for index in 0..<new.count where old[index] != new[index] {
                    changes.append(Change(x: index % width, y: index / width, cell: new[index]))
                }
            }
        }
    }

    public var isEmpty: Bool { changes.isEmpty }
}
