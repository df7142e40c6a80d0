import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

/// An environment with only a home folder: no config file exists, every setting takes its default.
private let home = "/home/operator"
private let bareEnvironment = ["HOME": home, "PATH": "/usr/bin", "TERM": "xterm"]

/// One invalid value and the exact line it must produce.
struct InvalidValueCase: Sendable, CustomTestStringConvertible {
    let name: String
    let value: String
    let message: String
    var testDescription: String { "\(name)=\(value)" }
}

private let invalidValueCases: [InvalidValueCase] = [
    .init(
        name: "SYNC_CONCURRENCY", value: "abc",
        message: "SYNC_CONCURRENCY=abc (from the environment) is not valid: expected a whole number from 1 to 64"),
    .init(
        name: "SYNC_CONCURRENCY", value: "65",
        message: "SYNC_CONCURRENCY=65 (from the environment) is not valid: expected a whole number from 1 to 64"),
    .init(
        name: "SYNC_RETRY_BASE_SECONDS", value: "0",
        message: "SYNC_RETRY_BASE_SECONDS=0 (from the environment) is not valid: "
            + "expected a whole number of seconds from 1 to 86400"),
    .init(
        name: "ENGINE_LEASE_SECONDS", value: "3601",
        message: "ENGINE_LEASE_SECONDS=3601 (from the environment) is not valid: "
            + "expected a whole number of seconds from 2 to 3600"),
    .init(
        name: "LOG_MAX_BYTES", value: "1.5e6",
        message: "LOG_MAX_BYTES=1.5e6 (from the environment) is not valid: "
            + "expected a whole number of bytes, at least 4096"),
    .init(
        name: "SYNC_AUTO_START", value: "maybe",
        message: "SYNC_AUTO_START=maybe (from the environment) is not valid: expected true, false, 1, 0, yes or no"),
    .init(
        name: "ALERT_UNMATCHED_RATIO", value: "1.5",
        message: "ALERT_UNMATCHED_RATIO=1.5 (from the environment) is not valid: expected a number from 0 to 1"),
    .init(
        name: "ALERT_UNMATCHED_RATIO", value: "nan",
        message: "ALERT_UNMATCHED_RATIO=nan (from the environment) is not valid: expected a number from 0 to 1"),
    .init(
        name: "SYNC_TIMEZONE", value: "Mars/Olympus_Mons",
        message: "SYNC_TIMEZONE=Mars/Olympus_Mons (from the environment) is not valid: "
            + "expected an IANA time zone such as Europe/Berlin, Asia/Kolkata or UTC"),
    .init(
        name: "ALERT_WEBHOOK_URL", value: "ftp://alerts.example.com",
        message: "ALERT_WEBHOOK_URL=ftp://alerts.example.com (from the environment) is not valid: "
            + "expected an http:// or https:// URL, or nothing"),
    .init(
        name: "ALERT_WEBHOOK_FORMAT", value: "discord",
        message: "ALERT_WEBHOOK_FORMAT=discord (from the environment) is not valid: expected one of json, slack, teams"),
    .init(
        name: "DEFAULT_COUNTRY_CODE", value: "1234",
        message: "DEFAULT_COUNTRY_CODE=1234 (from the environment) is not valid: "
            + "expected a country calling code of 1 to 3 digits, such as 91"),
    .init(
        name: "CREDSYNC_LOG_FORMAT", value: "logfmt",
        message: "CREDSYNC_LOG_FORMAT=logfmt (from the environment) is not valid: expected text or json"),
    .init(
        name: "METRICS_TEXTFILE", value: "/var/lib/node-exporter/credsync.txt",
        message: "METRICS_TEXTFILE=/var/lib/node-exporter/credsync.txt (from the environment) is not valid: "
            + "expected a file path ending in .prom, or nothing"),
    .init(
        name: "METRICS_INTERVAL_SECONDS", value: "0",
        message: "METRICS_INTERVAL_SECONDS=0 (from the environment) is not valid: "
            + "expected a whole number of seconds from 1 to 86400"),
    .init(
        name: "LOG_LEVEL", value: "verbose",
        message: "LOG_LEVEL=verbose (from the environment) is not valid: expected one of debug, info, warn, error"),
    .init(
        name: "SYNC_CRON_EXPRESSION", value: "",
        message: "SYNC_CRON_EXPRESSION=\"\" (from the environment) is not valid: "
            + "expected a cron expression such as \"0 2 * * *\" or a macro such as @daily"),
    .init(
        name: "CREDSYNC_DB", value: " ",
        message: "CREDSYNC_DB=\" \" (from the environment) is not valid: expected a file path"),
]

@Suite struct SettingsTests {
    let directory = TemporaryDirectory("credsync-settings")

    /// Writes a config file into the temporary directory and returns its path.
    func configFile(_ text: String, name: String = "credsync.env") throws -> String {
        let path = directory.file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    // MARK: - Defaults

    @Test func everySettingHasItsDefaultAndSaysSo() throws {
        let settings = try Settings.load(flags: [:], environment: bareEnvironment, configFile: nil)
        #expect(settings.databasePath == "\(home)/.local/share/credsync/credsync.db")
        #expect(settings.logPath == "\(home)/.local/state/credsync/credsync.log")
        #expect(settings.keyFilePath == "\(home)/.config/credsync/key")
        #expect(settings.theme == "default")
        #expect(settings.syncAutoStart == true)
        #expect(settings.syncCronExpression == "0 2 * * *")
        #expect(settings.syncConcurrency == 5)
        #expect(settings.syncRetryBaseSeconds == 30)
        #expect(settings.syncMaxAttempts == 3)
        #expect(settings.syncJobsPerMinute == 10)
        #expect(settings.syncBatchSize == 1_000)
        #expect(settings.syncTimeZone.identifier == TimeZone.current.identifier)
        #expect(settings.tokenRefreshCron == "0 1 * * *")
        #expect(settings.tokenRefreshWindowDays == 7)
        #expect(settings.alertSyncDurationMinutes == 10)
        #expect(settings.alertUnmatchedRatio == 0.20)
        #expect(settings.alertWebhookURL == nil)
        #expect(settings.defaultCountryCode == "91")
        #expect(settings.jobRetentionDays == 7)
        #expect(settings.runRetentionDays == 90)
        #expect(settings.engineLeaseSeconds == 15)
        #expect(settings.jobLeaseSeconds == 30)
        #expect(settings.manualSyncLimit == 10)
        #expect(settings.manualSyncWindowMinutes == 15)
        #expect(settings.logMaxBytes == 10 * 1024 * 1024)
        #expect(settings.logKeepFiles == 5)
        #expect(settings.logLevel == .info)
        #expect(settings.logFormat == .text)
        #expect(settings.metricsTextfile == nil)
        #expect(settings.metricsIntervalSeconds == 60)
        for descriptor in Settings.descriptors {
            #expect(settings.source(of: descriptor.name) == .default, "\(descriptor.name)")
        }
    }

    @Test func descriptorsListEverySettingOnceWithHelp() {
        let names = Settings.descriptors.map(\.name)
        #expect(names.count == 33)
        #expect(Set(names).count == names.count)
        for name in ["CREDSYNC_DB", "SYNC_TIMEZONE", "ALERT_WEBHOOK_URL", "LOG_LEVEL", "MANUAL_SYNC_WINDOW_MINUTES"] {
            #expect(names.contains(name))
        }
        for descriptor in Settings.descriptors {
            #expect(!descriptor.help.isEmpty, "\(descriptor.name) has no help")
            #expect(!descriptor.accepted.isEmpty, "\(descriptor.name) does not say what it accepts")
            let optional = ["ALERT_WEBHOOK_URL", "METRICS_TEXTFILE"].contains(descriptor.name)
            #expect(optional || !descriptor.defaultText.isEmpty)
        }
        #expect(Settings.descriptor(named: "SYNC_CONCURRENCY")?.defaultText == "5")
        #expect(Settings.descriptor(named: "CREDSYNC_DB")?.defaultText == "$XDG_DATA_HOME/credsync/credsync.db")
        #expect(Settings.descriptor(named: "NOPE") == nil)
    }

    @Test func xdgVariablesPlaceTheFilesAndTheConfigFile() throws {
        let config = directory.file("config")
        try FileManager.default.createDirectory(atPath: "\(config)/credsync", withIntermediateDirectories: true)
        try Data("CREDSYNC_THEME=light\n".utf8).write(to: URL(fileURLWithPath: "\(config)/credsync/credsync.env"))
        let environment = [
            "HOME": home, "XDG_CONFIG_HOME": config + "/", "XDG_DATA_HOME": "/srv/data", "XDG_STATE_HOME": "/srv/state",
        ]
        let settings = try Settings.load(flags: [:], environment: environment, configFile: nil)
        #expect(settings.databasePath == "/srv/data/credsync/credsync.db")
        #expect(settings.logPath == "/srv/state/credsync/credsync.log")
        #expect(settings.keyFilePath == "\(config)/credsync/key")
        #expect(settings.theme == "light")
        #expect(settings.source(of: "CREDSYNC_THEME") == .file(path: "\(config)/credsync/credsync.env", line: 1))
    }

    @Test func homeIsTheFallbackForTheConfigFileAndRelativeXDGValuesAreIgnored() throws {
        try FileManager.default.createDirectory(
            atPath: directory.file(".config/credsync"), withIntermediateDirectories: true)
        let path = directory.file(".config/credsync/credsync.env")
        try Data("SYNC_CONCURRENCY=9\n".utf8).write(to: URL(fileURLWithPath: path))
        let environment = ["HOME": directory.path, "XDG_CONFIG_HOME": "relative/config", "XDG_DATA_HOME": ""]
        #expect(Settings.defaultConfigFilePath(environment: environment) == path)
        let settings = try Settings.load(flags: [:], environment: environment, configFile: nil)
        #expect(settings.syncConcurrency == 9)
        #expect(settings.source(of: "SYNC_CONCURRENCY") == .file(path: path, line: 1))
        #expect(settings.databasePath == "\(directory.path)/.local/share/credsync/credsync.db")
    }

    @Test func withoutHomeAPathSettingMustBeGiven() throws {
        #expect(throws: ConfigError.noDefault(name: "CREDSYNC_DB", defaultText: "$XDG_DATA_HOME/credsync/credsync.db"))
        {
            _ = try Settings.load(flags: [:], environment: [:], configFile: nil)
        }
        let message = ConfigError.noDefault(name: "CREDSYNC_DB", defaultText: "$XDG_DATA_HOME/credsync/credsync.db")
            .description
        #expect(message.contains("set CREDSYNC_DB or HOME"))
        let settings = try Settings.load(
            flags: ["CREDSYNC_DB": "/tmp/a.db", "CREDSYNC_LOG": "/tmp/a.log", "CREDSYNC_KEY_FILE": "/tmp/key"],
            environment: [:], configFile: nil)
        #expect(settings.databasePath == "/tmp/a.db")
    }

    // MARK: - Precedence

    @Test func flagBeatsEnvironmentBeatsFileBeatsDefault() throws {
        let path = try configFile("# tuning\nSYNC_CONCURRENCY=2\nSYNC_MAX_ATTEMPTS=4\n")
        var environment = bareEnvironment
        environment["SYNC_CONCURRENCY"] = "3"

        let fromFlag = try Settings.load(flags: ["SYNC_CONCURRENCY": "4"], environment: environment, configFile: path)
        #expect(fromFlag.syncConcurrency == 4)
        #expect(fromFlag.source(of: "SYNC_CONCURRENCY") == .flag)

        let fromEnvironment = try Settings.load(flags: [:], environment: environment, configFile: path)
        #expect(fromEnvironment.syncConcurrency == 3)
        #expect(fromEnvironment.source(of: "SYNC_CONCURRENCY") == .environment)

        let fromFile = try Settings.load(flags: [:], environment: bareEnvironment, configFile: path)
        #expect(fromFile.syncConcurrency == 2)
        #expect(fromFile.source(of: "SYNC_CONCURRENCY") == .file(path: path, line: 2))
        #expect(fromFile.syncMaxAttempts == 4)
        #expect(fromFile.source(of: "SYNC_MAX_ATTEMPTS") == .file(path: path, line: 3))

        #expect(fromFile.syncJobsPerMinute == 10)
        #expect(fromFile.source(of: "SYNC_JOBS_PER_MINUTE") == .default)
    }

    @Test func unknownEnvironmentVariablesAreIgnored() throws {
        var environment = bareEnvironment
        environment["SYNC_CONCURENCY"] = "oops"
        environment["CREDSYNC_ENCRYPTION_KEY"] = String(repeating: "ab", count: 32)
        environment["sync_concurrency"] = "7"
        let settings = try Settings.load(flags: [:], environment: environment, configFile: nil)
        #expect(settings.syncConcurrency == 5)
    }

    @Test func valuesAreTypedAndReportedAsText() throws {
        var environment = bareEnvironment
        environment["SYNC_AUTO_START"] = "NO"
        environment["ALERT_UNMATCHED_RATIO"] = " 0.35 "
        environment["SYNC_TIMEZONE"] = "Asia/Kolkata"
        environment["DEFAULT_COUNTRY_CODE"] = "+44"
        environment["LOG_LEVEL"] = "WARN"
        environment["ALERT_WEBHOOK_URL"] = "https://hooks.example.com/services/T000/B000/s3cr3t"
        let settings = try Settings.load(
            flags: ["CREDSYNC_DB": "~/db/credsync.db"], environment: environment, configFile: nil)
        #expect(settings.syncAutoStart == false)
        #expect(settings.alertUnmatchedRatio == 0.35)
        #expect(settings.syncTimeZone == TimeZone(identifier: "Asia/Kolkata"))
        #expect(settings.defaultCountryCode == "44")
        #expect(settings.logLevel == .warn)
        #expect(settings.alertWebhookURL?.host == "hooks.example.com")
        #expect(settings.databasePath == "\(home)/db/credsync.db")
        #expect(settings.value(of: "SYNC_AUTO_START") == "false")
        #expect(settings.value(of: "SYNC_TIMEZONE") == "Asia/Kolkata")
        #expect(settings.value(of: "LOG_LEVEL") == "warn")
        #expect(settings.value(of: "ALERT_WEBHOOK_URL") == "https://hooks.example.com/…")
    }

    @Test func anEmptyWebhookURLMeansNone() throws {
        var environment = bareEnvironment
        environment["ALERT_WEBHOOK_URL"] = ""
        let settings = try Settings.load(flags: [:], environment: environment, configFile: nil)
        #expect(settings.alertWebhookURL == nil)
        #expect(settings.value(of: "ALERT_WEBHOOK_URL") == "")
    }

    // MARK: - Invalid values

    @Test(arguments: invalidValueCases)
    func invalidValueIsOneLineNamingTheSetting(_ invalid: InvalidValueCase) throws {
        var environment = bareEnvironment
        environment[invalid.name] = invalid.value
        let error = try #require(throws: ConfigError.self) {
            _ = try Settings.load(flags: [:], environment: environment, configFile: nil)
        }
        #expect(error.description == invalid.message)
        #expect(!error.description.contains("\n"))
    }

    @Test func invalidValueNamesTheFlagOrTheFileLine() throws {
        let flagError = try #require(throws: ConfigError.self) {
            _ = try Settings.load(flags: ["SYNC_MAX_ATTEMPTS": "21"], environment: bareEnvironment, configFile: nil)
        }
        #expect(
            flagError.description
                == "SYNC_MAX_ATTEMPTS=21 (from the command line) is not valid: expected a whole number from 1 to 20")

        let path = try configFile("\n# queue\nexport SYNC_JOBS_PER_MINUTE=\"ten per minute\"\n")
        let fileError = try #require(throws: ConfigError.self) {
            _ = try Settings.load(flags: [:], environment: bareEnvironment, configFile: path)
        }
        #expect(
            fileError
                == .invalidValue(
                    name: "SYNC_JOBS_PER_MINUTE", value: "ten per minute", source: .file(path: path, line: 3),
                    reason: "expected a whole number from 1 to 10000"))
        #expect(
            fileError.description
                == "SYNC_JOBS_PER_MINUTE=\"ten per minute\" (from \(path) line 3) is not valid: "
                + "expected a whole number from 1 to 10000")
    }

    @Test func cronSettingsGoThroughTheHook() throws {
        var checked: [String] = []
        let validateCron: (String) -> String? = { expression in
            checked.append(expression)
            return expression.hasPrefix("0 99") ? "field 2 (hour): 99 is not in 0-23" : nil
        }
        var environment = bareEnvironment
        environment["TOKEN_REFRESH_CRON"] = "0 99 * * *"
        let error = try #require(throws: ConfigError.self) {
            _ = try Settings.load(flags: [:], environment: environment, configFile: nil, validateCron: validateCron)
        }
        #expect(
            error.description
                == "TOKEN_REFRESH_CRON=\"0 99 * * *\" (from the environment) is not valid: "
                + "field 2 (hour): 99 is not in 0-23")
        #expect(checked == ["0 2 * * *", "0 99 * * *"])

        environment["TOKEN_REFRESH_CRON"] = "@hourly"
        let settings = try Settings.load(
            flags: [:], environment: environment, configFile: nil, validateCron: validateCron)
        #expect(settings.tokenRefreshCron == "@hourly")
    }

    @Test func aSecretInAnInvalidWebhookURLIsNotShown() throws {
        var environment = bareEnvironment
        environment["ALERT_WEBHOOK_URL"] = "htps://user:pw@hooks.example.com/services/T000/B000/s3cr3t?x=1"
        let error = try #require(throws: ConfigError.self) {
            _ = try Settings.load(flags: [:], environment: environment, configFile: nil)
        }
        #expect(
            error.description
                == "ALERT_WEBHOOK_URL=htps://hooks.example.com/… (from the environment) is not valid: "
                + "expected an http:// or https:// URL, or nothing")
        #expect(!error.description.contains("s3cr3t"))
        #expect(!error.description.contains("pw"))
    }

    // MARK: - Config file

    @Test func configFileTakesQuotesExportCommentsAndCRLF() throws {
        let path = try configFile(
            """
            # credsync settings\r
            \r
            export SYNC_CRON_EXPRESSION="*/15 * * * *"   # every quarter hour\r
              CREDSYNC_THEME = 'high-contrast'\r
            ALERT_WEBHOOK_URL=https://alerts.example.com/hook#ops # a comment\r
            SYNC_TIMEZONE=Europe/Berlin\r
            DEFAULT_COUNTRY_CODE="1"\r
            LOG_LEVEL='debug'
            CREDSYNC_LOG="/var/log/credsync \\"main\\".log"
            SYNC_BATCH_SIZE=2000
            """)
        let settings = try Settings.load(flags: [:], environment: bareEnvironment, configFile: path)
        #expect(settings.syncCronExpression == "*/15 * * * *")
        #expect(settings.theme == "high-contrast")
        #expect(settings.alertWebhookURL?.absoluteString == "https://alerts.example.com/hook#ops")
        #expect(settings.syncTimeZone.identifier == "Europe/Berlin")
        #expect(settings.defaultCountryCode == "1")
        #expect(settings.logLevel == .debug)
        #expect(settings.logPath == "/var/log/credsync \"main\".log")
        #expect(settings.syncBatchSize == 2000)
        #expect(settings.source(of: "CREDSYNC_THEME") == .file(path: path, line: 4))
        #expect(settings.source(of: "SYNC_BATCH_SIZE") == .file(path: path, line: 10))
    }

    @Test func aLaterLineForTheSameKeyWins() throws {
        let path = try configFile("SYNC_CONCURRENCY=2\nSYNC_CONCURRENCY=6\n")
        let settings = try Settings.load(flags: [:], environment: bareEnvironment, configFile: path)
        #expect(settings.syncConcurrency == 6)
        #expect(settings.source(of: "SYNC_CONCURRENCY") == .file(path: path, line: 2))
    }

    @Test(arguments: [
        ("SYNC_CONCURRENCY 5", "there is no ="),
        ("SYNC CONCURRENCY=5", "the name before = must be letters, digits and _"),
        ("=5", "the name before = must be letters, digits and _"),
        ("CREDSYNC_THEME=\"light", "the \" quote is not closed"),
        ("CREDSYNC_THEME='light' extra", "there is text after the closing '"),
    ])
    func aMalformedLineIsRefusedWithItsNumber(line: String, reason: String) throws {
        let path = try configFile("# ok\nSYNC_CONCURRENCY=3\n\(line)\nLOG_LEVEL=info\n")
        let error = try #require(throws: ConfigError.self) {
            _ = try Settings.load(flags: [:], environment: bareEnvironment, configFile: path)
        }
        #expect(error == .malformedLine(path: path, line: 3, reason: reason))
        #expect(
            error.description
                == "\(path) line 3 is not valid: \(reason); expected KEY=value, a # comment or a blank line")
    }

    @Test func anUnknownKeyInTheFileIsRefusedWithASuggestion() throws {
        let path = try configFile("SYNC_CONCURRENCY=3\nSYNC_CONCURENCY=4\n")
        let error = try #require(throws: ConfigError.self) {
            _ = try Settings.load(flags: [:], environment: bareEnvironment, configFile: path)
        }
        #expect(
            error
                == .unknownSetting(
                    name: "SYNC_CONCURENCY", source: .file(path: path, line: 2), suggestion: "SYNC_CONCURRENCY"))
        #expect(
            error.description
                == "unknown setting SYNC_CONCURENCY (from \(path) line 2); did you mean SYNC_CONCURRENCY?")

        let unrelated = try configFile("EDITOR=vim\n", name: "other.env")
        let other = try #require(throws: ConfigError.self) {
            _ = try Settings.load(flags: [:], environment: bareEnvironment, configFile: unrelated)
        }
        #expect(other.description == "unknown setting EDITOR (from \(unrelated) line 1); remove it or fix the name")
    }

    @Test func anUnknownFlagNameIsRefused() throws {
        #expect(throws: ConfigError.unknownSetting(name: "LOG_LEVL", source: .flag, suggestion: "LOG_LEVEL")) {
            _ = try Settings.load(flags: ["LOG_LEVL": "info"], environment: bareEnvironment, configFile: nil)
        }
    }

    @Test func anExplicitConfigFileMustExistButTheDefaultOneNeedNot() throws {
        let missing = directory.file("missing.env")
        #expect(throws: ConfigError.configFileNotFound(path: missing)) {
            _ = try Settings.load(flags: [:], environment: bareEnvironment, configFile: missing)
        }
        #expect(ConfigError.configFileNotFound(path: missing).description.contains(missing))
        let environment = ["HOME": directory.path]
        #expect(throws: Never.self) { _ = try Settings.load(flags: [:], environment: environment, configFile: nil) }
    }

    @Test func aConfigFileThatIsADirectoryIsRefused() throws {
        #expect(throws: ConfigError.unreadableConfigFile(path: directory.path, reason: "it is a directory")) {
            _ = try Settings.load(flags: [:], environment: bareEnvironment, configFile: directory.path)
        }
    }
}
