/// The updates made to a simulated platform's records since it started: which records each generation changed,
/// and when. Small: it holds only the changed records.
struct UpdateLog: Sendable {
    private(set) var generation = 0
    private(set) var revisions: [Int: CredentialGenerator.Revision] = [:]
    /// The changed records, ascending.
    private(set) var changedIndices: [Int] = []

    /// Records a new generation that changed `indices` at `atMs`.
    mutating func apply(indices: [Int], atMs: Int64) {
        generation += 1
        for index in indices {
            if revisions.updateValue(.init(generation: generation, updatedMs: atMs), forKey: index) == nil {
                changedIndices.append(index)
            }
        }
        changedIndices.sort()
    }
}

/// The records one list request sees, in order. Without `since`, every position of the generator's sequence
/// (duplicates included). With `since`, each record changed at or after it once: first the updated records whose
/// original time is older, then every record whose original time is recent enough.
struct CredentialListing {
    let generator: CredentialGenerator
    let log: UpdateLog
    private let filtered: Bool
    private let early: [Int]
    private let suffixStart: Int

    init(generator: CredentialGenerator, log: UpdateLog, sinceMs: Int64?) {
        self.generator = generator
        self.log = log
        guard let sinceMs else {
            (filtered, early, suffixStart) = (false, [], 0)
            return
        }
        let start = generator.firstIndex(updatedAtOrAfter: sinceMs)
        filtered = true
        suffixStart = start
        early = log.changedIndices.prefix { $0 < start }.filter { log.revisions[$0]!.updatedMs >= sinceMs }
    }

    var count: Int {
        filtered ? early.count + (generator.count - suffixStart) : generator.positionCount
    }

    func recordIndex(at offset: Int) -> Int {
        guard filtered else { return generator.recordIndex(atPosition: offset) }
        return offset < early.count ? early[offset] : suffixStart + offset - early.count
    }

    /// The credential at `offset`, with its latest update applied.
    func credential(at offset: Int) -> SimulatedCredential {
        let index = recordIndex(at: offset)
        return generator.credential(at: index, revision: log.revisions[index])
    }

    /// The credentials at `offset..<offset+limit`, clipped to the listing.
    func page(offset: Int, limit: Int) -> [SimulatedCredential] {
        guard offset < count, limit > 0 else { return [] }
        return (offset..<min(count, offset + limit)).map(credential)
    }
}
