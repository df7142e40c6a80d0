import CredSyncCore
import Foundation

/// `credsync key rotate`: re-encrypt every stored secret under a new key (see `KeyRotation`);
/// `credsync key status [--json]`: the key in force, and every stored secret it cannot open, by platform.
enum KeyCommand {
    static let usage = "credsync key rotate | key status [--json] | key reset --yes"

    struct StatusJSON: Encodable {
        let keyId: String
        let source: String
        let rotationPending: Bool
        let previousKeyIds: [String]
        let sealedValues: Int
        let problems: [String]

        enum CodingKeys: String, CodingKey {
            case source, problems
            case keyId = "key_id", rotationPending = "rotation_pending", previousKeyIds = "previous_key_ids"
            case sealedValues = "sealed_values"
        }
    }

    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments, flags: ["--json", "--yes"])
        try parsed.expectPositionals(atMost: 1, usage: usage)
        let settings = try environment.settings()
        let db = try environment.openDatabase(settings)
        switch parsed.positionals.first {
        case "rotate": return try rotate(db: db, settings: settings, environment: environment)
        case "reset": return try reset(db: db, settings: settings, environment: environment, confirmed: parsed.flag("--yes"))
        case "status":
            return try status(db: db, settings: settings, environment: environment, json: parsed.flag("--json"))
        default: throw Arguments.UsageError(description: "usage: \(usage)")
        }
    }

    private static func rotate(db: Connection, settings: Settings, environment: CommandEnvironment) throws -> Int32 {
        let ring = try keyRing(db: db, settings: settings, environment: environment)
        let result = try environment.operations(settings, db).rotateKey(ring)
        let summary = result.summary
        Output.line(
            "re-encrypted \(summary.resealed) of \(summary.sealed) stored secrets"
                + (summary.platforms.isEmpty ? "" : " (\(summary.platforms.sorted().joined(separator: ", ")))")
                + " under key \(result.toKey); the old key \(result.fromKeys.map(\.description).joined(separator: ", ")) "
                + "no longer opens them")
        switch ring.source {
        case .file(let path):
            Output.line("the new key is in \(path): back it up now, with your database backups")
        case .environment:
            Output.line("unset \(KeyStore.previousEnvironmentVariable) wherever credsync runs")
        }
        return 0
    }

    /// Starts over with a new key when the old one is lost: the sealed secrets go, their platforms are disabled.
    private static func reset(
        db: Connection, settings: Settings, environment: CommandEnvironment, confirmed: Bool
    ) throws -> Int32 {
        let usesEnvironment = environment.processEnvironment[KeyStore.environmentVariable] != nil
        let platforms: [String]
        do {
            platforms = try environment.operations(settings, db).resetKey(confirmed: confirmed) {
                guard !usesEnvironment else { return }
                let path = settings.keyFilePath
                // The old key, and the new key of an unfinished rotation, are kept aside, not used again.
                for old in [path, KeyRing.pendingKeyFilePath(for: path)] where FileManager.default.fileExists(atPath: old) {
                    try FileManager.default.moveItem(atPath: old, toPath: "\(old).replaced-\(SystemClock().nowMs)")
                }
                _ = try KeyStore.createKeyFile(at: path)
            }
        } catch OperationError.needsConfirmation(let question) {
            throw Arguments.UsageError(description: question)
        }
        Output.line(
            (usesEnvironment ? "the key in \(KeyStore.environmentVariable) is used from now on" : "a new key is in \(settings.keyFilePath)")
                + (platforms.isEmpty
                    ? "; no secret was stored"
                    : "; re-enter the secrets of \(platforms.joined(separator: ", ")) with 'credsync platforms edit NAME "
                        + "--secret-stdin' and enable them"))
        return 0
    }

    private static func status(
        db: Connection, settings: Settings, environment: CommandEnvironment, json: Bool
    ) throws -> Int32 {
        let ring = try keyRing(db: db, settings: settings, environment: environment)
        let check = try SecretReencryption(db: db).check(box: ring.box)
        let status = StatusJSON(
            keyId: ring.current.id.description, source: ring.source.description, rotationPending: ring.rotationPending,
            previousKeyIds: ring.previous.map(\.id.description), sealedValues: check.sealed,
            problems: check.problems.map(\.description))
        if json {
            try Output.json(status)
        } else {
            Output.line("key:          \(status.keyId) (from \(status.source))")
            if ring.rotationPending {
                Output.line(
                    "rotation:     unfinished; also opening with \(status.previousKeyIds.joined(separator: ", ")); "
                        + "finish it with 'credsync key rotate'")
            } else if !status.previousKeyIds.isEmpty {
                Output.line("previous:     \(status.previousKeyIds.joined(separator: ", "))")
            }
            Output.line("secrets:      \(status.sealedValues) stored, \(status.problems.count) unreadable")
            for problem in status.problems { Output.line("  \(problem)") }
        }
        return check.problems.isEmpty ? 0 : 1
    }

    /// The keys in force; a missing key file is an error, naming the platforms whose secrets it locks away.
    private static func keyRing(db: Connection, settings: Settings, environment: CommandEnvironment) throws -> KeyRing {
        do {
            return try environment.keyRing(settings, createKey: false)
        } catch KeyStoreError.keyFileMissing(let path) {
            let platforms = try SecretReencryption(db: db).platformsWithSecrets()
            guard !platforms.isEmpty else {
                throw CommandFailure(
                    "no encryption key exists yet (\(path)) and no secret is stored; a key is created with the first "
                        + "secret")
            }
            throw KeyStoreError.keyFileMissingWithSealedSecrets(path: path, platforms: platforms)
        }
    }
}
