import CredSyncCore
import CredSyncSim

/// `credsync-sim [--port N] [--platform name:contract:count[:seed]]…`, parsed.
struct SimulatorCommand: Equatable {
    static let usage = """
        usage: credsync-sim [--port N] [--platform NAME:CONTRACT:COUNT[:SEED]]...
          CONTRACT is one of \(SimulatedContract.allCases.map(\.rawValue).joined(separator: ", ")).
          Without --platform, one platform of each contract is served. Ctrl-C stops.
        """

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    var port: UInt16 = 0
    var platforms: [PlatformSpec] = []

    struct PlatformSpec: Equatable {
        var name: String
        var contract: SimulatedContract
        var count: Int
        var seed: UInt64
    }

    static let defaultPlatforms = [
        PlatformSpec(name: "nsqf", contract: .nsqf, count: 1_000, seed: 1),
        PlatformSpec(name: "swayam", contract: .swayam, count: 1_000, seed: 2),
        PlatformSpec(name: "openbadges", contract: .openbadges, count: 500, seed: 3),
        PlatformSpec(name: "credly", contract: .credly, count: 500, seed: 4),
        PlatformSpec(name: "partner-api", contract: .genericRest, count: 500, seed: 5),
        PlatformSpec(name: "partner-csv", contract: .fileCSV, count: 500, seed: 6),
    ]

    init(arguments: [String]) throws(UsageError) {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--port":
                guard let value = rest.popFirst(), let port = UInt16(value) else {
                    throw UsageError(description: "--port takes a port number (0 for any free port)")
                }
                self.port = port
            case "--platform":
                guard let value = rest.popFirst() else {
                    throw UsageError(description: "--platform takes NAME:CONTRACT:COUNT[:SEED]")
                }
                platforms.append(try Self.platform(value))
            case "-h", "--help":
                throw UsageError(description: Self.usage)
            default:
                throw UsageError(description: "unknown argument \"\(argument)\"\n\(Self.usage)")
            }
        }
        if platforms.isEmpty { platforms = Self.defaultPlatforms }
        var names = Set<String>()
        for platform in platforms where !names.insert(platform.name).inserted {
            throw UsageError(description: "the platform name \"\(platform.name)\" is used twice")
        }
    }

    private static func platform(_ text: String) throws(UsageError) -> PlatformSpec {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (3...4).contains(parts.count) else {
            throw UsageError(description: "--platform \(text): expected NAME:CONTRACT:COUNT[:SEED]")
        }
        let name = parts[0]
        guard !name.isEmpty,
            name.utf8.allSatisfy({ $0 == 45 || $0 == 95 || (48...57).contains($0) || (97...122).contains($0) })
        else { throw UsageError(description: "--platform \(text): the name is lower-case letters, digits, - and _") }
        guard let contract = SimulatedContract(rawValue: parts[1]) else {
            let known = SimulatedContract.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError(description: "--platform \(text): unknown contract \"\(parts[1])\" (one of \(known))")
        }
        guard let count = Int(parts[2]), count >= 0 else {
            throw UsageError(description: "--platform \(text): the count is a whole number")
        }
        var seed: UInt64 = 1
        if parts.count == 4 {
            guard let value = UInt64(parts[3]) else {
                throw UsageError(description: "--platform \(text): the seed is a whole number")
            }
            seed = value
        }
        return PlatformSpec(name: name, contract: contract, count: count, seed: seed)
    }

    /// What the simulator prints once it is serving: each platform's base URL, auth and secrets.
    static func banner(_ simulator: PlatformSimulator) -> String {
        var lines = ["credsync-sim serving on \(simulator.rootURL) (Ctrl-C stops)"]
        for platform in simulator.platforms {
            let definition = simulator.definition(for: platform.name)
            lines.append(
                "\(platform.name): \(platform.contract.rawValue), \(platform.count) credentials, seed \(platform.seed)")
            lines.append("  base URL   \(definition.apiBaseURL)")
            lines.append("  adapter    \(definition.adapter), auth \(definition.authType.rawValue)")
            let secrets = simulator.secrets(for: platform.name)
            if secrets.count > 0 { lines.append("  secrets    \(JSONValue.object(secrets).serialized)") }
            lines.append("  config     \(JSONValue.object(definition.config).serialized)")
        }
        return lines.joined(separator: "\n")
    }
}
