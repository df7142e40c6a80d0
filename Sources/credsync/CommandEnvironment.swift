import CredSyncCore
import Foundation

/// What every command needs: the settings (flags > environment > config file > defaults) and the database.
struct CommandEnvironment {
    let processEnvironment: [String: String]
    private(set) var settingFlags: [String: String] = [:]
    private(set) var configFile: String?
    /// The alert sink every command, engine and dashboard of this process shares; flushed before exit.
    let alerts = ProcessAlertSink()

    init(processEnvironment: [String: String]) {
        self.processEnvironment = processEnvironment
    }

    /// Overrides one setting as a flag would (for commands such as `demo` that choose their own settings).
    mutating func setFlag(_ name: String, _ value: String) {
        settingFlags[name] = value
    }

    /// Removes the global options (`--db`, `--log`, `--env-file`) from anywhere in `arguments`.
    mutating func takeGlobalOptions(_ arguments: [String]) throws -> [String] {
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            guard name == "--env-file" || CommandLineTool.globalOptions[name] != nil else {
                rest.append(argument)
                continue
            }
            let value: String
            if argument.contains("=") {
                value = String(argument.drop(while: { $0 != "=" }).dropFirst())
            } else {
                guard index < arguments.count else { throw Arguments.UsageError(description: "\(name) needs a value") }
                value = arguments[index]
                index += 1
            }
            if name == "--env-file" {
                configFile = value
            } else {
                settingFlags[CommandLineTool.globalOptions[name]!] = value
            }
        }
        return rest
    }

    /// The validated settings; an invalid value fails with one line naming the setting.
    func settings() throws -> Settings {
        try Settings.load(
            flags: settingFlags, environment: processEnvironment, configFile: configFile,
            validateCron: { text in
                do {
                    _ = try CronExpression(parsing: text)
                    return nil
                } catch {
                    return String(describing: error)
                }
            })
    }

    /// Opens (creating and migrating if needed) the configured database. Only the default location's folder is
    /// created: a folder missing from a path the operator gave is a typo, not a new empty database.
    func openDatabase(_ settings: Settings) throws -> Connection {
        try DatabaseLocation.check(
            settings.databasePath, createFolder: settings.source(of: "CREDSYNC_DB") == .default)
        return try Database.open(
            path: settings.databasePath,
            options: .operatorAction)
    }

    /// The keys in force: the environment's, or the key file's, with the old key of an unfinished rotation. A
    /// missing key file is created when `createKey`, unless `db` holds secrets sealed with a key (see
    /// `KeyRing.load`).
    func keyRing(_ settings: Settings, createKey: Bool = true, db: Connection? = nil) throws -> KeyRing {
        try KeyRing.load(
            environment: processEnvironment, keyFilePath: settings.keyFilePath, createIfMissing: createKey,
            sealedPlatforms: {
                try db.map { try SecretReencryption(db: $0).platformsWithSecrets() } ?? []
            })
    }

    /// The secret box over the configured keys.
    func secretBox(_ settings: Settings, createKey: Bool = true, db: Connection? = nil) throws -> SecretBox {
        try keyRing(settings, createKey: createKey, db: db).box
    }

    /// The secret box when a key exists, nil when there is none yet (reading commands never create a key). A key
    /// that exists but cannot be used (a corrupt or too open file, a bad variable) is an error naming it.
    func existingSecretBox(_ settings: Settings) throws -> SecretBox? {
        do {
            return try secretBox(settings, createKey: false)
        } catch KeyStoreError.keyFileMissing {
            return nil
        }
    }

    func phoneNormalizer(_ settings: Settings) -> PhoneNormalizer {
        PhoneNormalizer(defaultCountryCode: settings.defaultCountryCode)
    }

    /// The operations layer over `db`: every mutating command goes through it. Alerts go to the configured webhook
    /// (logged to the log file), as the engine's do.
    func operations(_ settings: Settings, _ db: Connection) throws -> Operations {
        let clock = SystemClock()
        let log = try EngineLogFactory.make(settings: settings, mirrorToStderr: false, clock: clock)
        return Operations(
            OperationContext(
                db: db, clock: clock, settings: settings, actor: actor, secretBox: { try secretBox(settings, db: db) },
                alertSink: alertSink(settings, log: log)))
    }

    /// This process's alert sink (the configured webhook, or none).
    func alertSink(_ settings: Settings, log: EngineLog) -> AlertSink {
        alerts.sink(settings: settings, log: log)
    }

    func audit(_ db: Connection) -> AuditLog {
        AuditLog(db: db, clock: SystemClock(), actor: actor)
    }

    var actor: String {
        processEnvironment["USER"] ?? processEnvironment["LOGNAME"] ?? "uid:\(getuid())"
    }
}
