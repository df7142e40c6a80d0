import CredSyncCore
import Foundation

/// `credsync metrics`: the Prometheus text exposition of the database (docs/operations.md lists the metrics).
enum MetricsCommand {
    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments)
        try parsed.expectPositionals(atMost: 0, usage: "credsync metrics")
        let settings = try environment.settings()
        let db = try environment.openDatabase(settings)
        print(try environment.operations(settings, db).metrics(), terminator: "")
        return 0
    }
}
