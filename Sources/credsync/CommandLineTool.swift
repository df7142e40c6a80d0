import CredSyncCore
import Foundation

/// Parses the command line and dispatches to one command. Returns the exit status: 0 ok, 1 failure, 2 usage error.
enum CommandLineTool {
    /// Options every command takes, wherever they appear, mapped to the setting they override.
    static let globalOptions: [String: String] = ["--db": "CREDSYNC_DB", "--log": "CREDSYNC_LOG"]

    static func main(_ arguments: [String]) -> Int32 {
        do {
            var environment = CommandEnvironment(processEnvironment: ProcessInfo.processInfo.environment)
            // Alerts an operation raised are posted from a background thread: deliver them before exiting.
            defer { environment.alerts.flush() }
            let rest = try environment.takeGlobalOptions(arguments)
            guard let command = rest.first else {
                return try DashboardLauncher.run([], environment)
            }
            let commandArguments = Array(rest.dropFirst())
            switch command {
            case "help", "--help", "-h":
                let parsed = try Arguments(commandArguments, flags: ["--man"])
                try parsed.expectPositionals(atMost: 0, usage: "credsync help [--man]")
                print(parsed.flag("--man") ? ManPage.roff : usage, terminator: parsed.flag("--man") ? "" : "\n")
                return 0
            case "version", "--version":
                print("credsync \(CredSync.version)")
                return 0
            case "cron": return try CronCommand.run(commandArguments, environment)
            case "scheduler": return try SchedulerCommand.run(commandArguments, environment)
            case "jobs": return try JobsCommand.run(commandArguments, environment)
            case "daemon": return try DaemonCommand.run(commandArguments, environment)
            case "demo": return try DemoCommand.run(commandArguments, environment)
            case "config": return try ConfigCommand.run(commandArguments, environment)
            case "sync": return try SyncCommand.run(commandArguments, environment)
            case "platforms": return try PlatformsCommand.run(commandArguments, environment)
            case "users": return try UsersCommand.run(commandArguments, environment)
            case "credentials": return try CredentialsCommand.list(commandArguments, environment)
            case "claim": return try CredentialsCommand.claim(commandArguments, environment)
            case "reject": return try CredentialsCommand.reject(commandArguments, environment)
            case "export": return try CredentialsCommand.export(commandArguments, environment)
            case "logs": return try ReportsCommand.logs(commandArguments, environment)
            case "stats": return try ReportsCommand.stats(commandArguments, environment)
            case "alerts": return try ReportsCommand.alerts(commandArguments, environment)
            case "tokens": return try TokensCommand.run(commandArguments, environment)
            case "key": return try KeyCommand.run(commandArguments, environment)
            case "audit": return try AuditCommand.run(commandArguments, environment)
            case "doctor": return try DoctorCommand.run(commandArguments, environment)
            case "metrics": return try MetricsCommand.run(commandArguments, environment)
            case "completions": return try CompletionsCommand.run(commandArguments, environment)
            default:
                throw Arguments.UsageError(
                    description: "unknown command '\(command)'; run 'credsync help' for the list")
            }
        } catch let error as Arguments.UsageError {
            Output.error(error.description)
            return 2
        } catch let error as PlatformFieldError {
            // A definition given on the command line or in a file that cannot be stored: a usage error.
            Output.error(error.description)
            return 2
        } catch OperationError.invalid(let error) {
            Output.error(error.description)
            return 2
        } catch let error as DatabaseError {
            // The operator gets one sentence; the statement that failed goes to the log.
            Output.error(error.plainDescription + "; details are in the log")
            logFailure(error.description)
            return 1
        } catch {
            Output.error(String(describing: error))
            return 1
        }
    }

    /// Appends a failure's full text to the log file, when the settings name one that can be written.
    private static func logFailure(_ text: String) {
        let environment = CommandEnvironment(processEnvironment: ProcessInfo.processInfo.environment)
        guard let settings = try? environment.settings(),
            let log = try? EngineLogFactory.make(settings: settings, mirrorToStderr: false, clock: SystemClock())
        else { return }
        log.error("command failed: \(text)")
    }

    /// `credsync help`, generated from the command table that the completions and the man page also come from.
    static var usage: String { CommandTable.usage }
}
