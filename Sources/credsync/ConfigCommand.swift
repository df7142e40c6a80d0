import CredSyncCore

/// `credsync config [--json]`: every setting with its value and where the value came from.
enum ConfigCommand {
    struct Entry: Encodable {
        let name: String
        let value: String
        let source: String
        let defaultValue: String
        let help: String

        enum CodingKeys: String, CodingKey {
            case name, value, source, help
            case defaultValue = "default"
        }
    }

    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments, flags: ["--json"])
        try parsed.expectPositionals(atMost: 0, usage: "credsync config [--json]")
        let settings = try environment.settings()
        let entries = Settings.descriptors.map { descriptor in
            Entry(
                name: descriptor.name, value: settings.value(of: descriptor.name),
                source: String(describing: settings.source(of: descriptor.name)), defaultValue: descriptor.defaultText,
                help: descriptor.help)
        }
        if parsed.flag("--json") {
            try Output.json(entries)
        } else {
            Output.table(["SETTING", "VALUE", "FROM"], entries.map { [$0.name, $0.value, $0.source] })
        }
        return 0
    }
}
