import Foundation

/// A file contract's export: a CSV with a header row, or JSON Lines, holding every position of the listing
/// (duplicates included), as a partner's nightly file would.
enum FileExport {
    /// The whole export in memory (served with `Range` support).
    static func render(_ listing: CredentialListing, contract: SimulatedContract, baseURL: String) -> [UInt8] {
        var bytes: [UInt8] = []
        forEachChunk(listing, contract: contract, baseURL: baseURL) { bytes += $0 }
        return bytes
    }

    /// Writes the export to `path` chunk by chunk, so a large one never sits in memory.
    static func write(
        _ listing: CredentialListing, contract: SimulatedContract, baseURL: String, to path: String
    ) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var failure: Error?
        forEachChunk(listing, contract: contract, baseURL: baseURL) { chunk in
            guard failure == nil else { return }
            do { try handle.write(contentsOf: chunk) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    private static func forEachChunk(
        _ listing: CredentialListing, contract: SimulatedContract, baseURL: String, _ body: ([UInt8]) -> Void
    ) {
        precondition(contract.isFile, "\(contract) is not a file contract")
        let items = ContractItemWriter(contract: contract, baseURL: baseURL)
        var chunk = JSONWriter(capacity: 256 << 10)
        if contract == .fileCSV { chunk.raw(ContractItemWriter.csvLine(ContractItemWriter.fileColumns)) }
        for offset in 0..<listing.count {
            let credential = listing.credential(at: offset)
            if contract == .fileCSV {
                chunk.raw(ContractItemWriter.csvLine(ContractItemWriter.fileValues(credential, baseURL: baseURL)))
            } else {
                items.write(credential, to: &chunk)
                chunk.byte(10)
            }
            if chunk.bytes.count >= 240 << 10 {
                body(chunk.bytes)
                chunk = JSONWriter(capacity: 256 << 10)
            }
        }
        if !chunk.bytes.isEmpty { body(chunk.bytes) }
    }
}
