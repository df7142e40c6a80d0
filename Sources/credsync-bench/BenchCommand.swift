import CredSyncCore
import CredSyncSim
import Foundation

/// `credsync-bench SUITE [options]`: runs one benchmark suite and prints its numbers. Build with `-c release`.
enum BenchCommand {
    /// A new private folder under the temporary directory for one benchmark's database (removed by the caller).
    static func scratchFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credsync-bench-\(UUID())").path
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return folder
    }

    static let usage =
        "usage: credsync-bench queue [--jobs N] | ingest [--compare [--lines N]] [--contract swayam|nsqf] [--records N] [--users N] [--batch N] [--page-size N] [--alt normal|checkpoint-every-30000|cache-16mib|in-list-checks|no-read-ahead|read-stored-rows] [--first-only] [--simulator-banner FILE] | render [--credentials N] [--runs N] [--idle-seconds S] | writer [--records N] [--users N] [--batch N] | latency [--records N] [--samples N]"

    static func main(_ arguments: [String]) -> Int32 {
        guard let suite = arguments.first else {
            print(usage)
            return 2
        }
        do {
            switch suite {
            case "queue":
                try QueueBenchmark.run(jobs: option("--jobs", in: arguments) ?? 20_000)
            case "ingest":
                let contract =
                    text("--contract", in: arguments).flatMap(SimulatedContract.init(rawValue:))
                    ?? (arguments.contains("--compare") ? .swayam : .nsqf)
                guard [.swayam, .nsqf].contains(contract) else {
                    FileHandle.standardError.write(Data("credsync-bench: --contract takes swayam or nsqf\n".utf8))
                    return 2
                }
                let records = option("--records", in: arguments) ?? 100_000
                let alternative = text("--alt", in: arguments).flatMap(IngestComparison.Alternative.init(rawValue:))
                if let named = text("--alt", in: arguments), alternative == nil {
                    FileHandle.standardError.write(Data("credsync-bench: unknown --alt '\(named)'; \(usage)\n".utf8))
                    return 2
                }
                if !arguments.contains("--compare") {
                    try IngestBenchmark.run(
                        records: records, users: option("--users", in: arguments) ?? 100_000,
                        batchSize: option("--batch", in: arguments) ?? Settings.defaultBatchSize,
                        pageSize: option("--page-size", in: arguments) ?? 1_000, contract: contract,
                        alternative: alternative, firstOnly: arguments.contains("--first-only"),
                        simulatorBanner: text("--simulator-banner", in: arguments))
                } else {
                    try IngestComparison.run(
                        IngestComparison.Sizes(
                            records: records, users: option("--users", in: arguments) ?? records * 56 / 100,
                            lines: option("--lines", in: arguments) ?? records,
                            batchSize: option("--batch", in: arguments) ?? Settings.defaultBatchSize,
                            pageSize: option("--page-size", in: arguments) ?? 1_000, contract: contract,
                            alternative: alternative ?? .normal))
                }
            case "render":
                try RenderBenchmark.run(
                    credentials: option("--credentials", in: arguments) ?? 1_000_000,
                    runs: option("--runs", in: arguments) ?? 100_000,
                    idleSeconds: option("--idle-seconds", in: arguments) ?? 30)
            case "latency":
                try LatencyBenchmark.run(
                    records: option("--records", in: arguments) ?? 1_000_000,
                    samples: option("--samples", in: arguments) ?? 30)
            case "writer":
                try WriterBenchmark.run(
                    records: option("--records", in: arguments) ?? 200_000,
                    users: option("--users", in: arguments) ?? 200_000,
                    batchSize: option("--batch", in: arguments) ?? 500)
            default:
                FileHandle.standardError.write(Data("credsync-bench: unknown suite '\(suite)'; \(usage)\n".utf8))
                return 2
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("credsync-bench: \(error)\n".utf8))
            return 1
        }
    }

    private static func text(_ name: String, in arguments: [String]) -> String? {
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }

    private static func option(_ name: String, in arguments: [String]) -> Int? {
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
        return Int(arguments[index + 1])
    }

    /// One line about the machine, for docs/performance.md.
    static var machine: String {
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu)"
    }
}
