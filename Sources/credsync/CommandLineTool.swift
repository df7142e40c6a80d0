import CredSyncCore
import Foundation

/// Parses the command line and dispatches to one command. Returns the exit status: 0 ok, 1 failure, 2 usage error.
enum CommandLineTool {
    /// Options every command takes, wherever they appear, mapped to the setting they override.
    static let globalOptions: [String: String] = ["--db": "CREDSYNC_DB", "--log": "CREDSYNC_LOG"]

    static func main(_ arguments: [String]) -> Int32 {
        do {
            var environment = CommandEnvironment(processEnvironment: ProcessInfo.processInfo.environment)
            let rest = try environment.takeGlobalOptions(arguments)
            guard let command = rest.first else {
                print(usage)
                return 0
            }
            let commandArguments = Array(rest.dropFirst())
            switch command {
            case "help", "--help", "-h":
                print(usage)
                return 0
            case "version", "--version":
                print("credsync \(CredSync.version)")
                return 0
            case "cron": return try CronCommand.run(commandArguments, environment)
            case "scheduler": return try SchedulerCommand.run(commandArguments, environment)
            case "jobs": return try JobsCommand.run(commandArguments, environment)
            case "daemon": return try DaemonCommand.run(commandArguments, environment)
            case "config": return try ConfigCommand.run(commandArguments, environment)
            default:
                throw Arguments.UsageError(
                    description: "unknown command '\(command)'; run 'credsync help' for the list")
            }
        } catch let error as Arguments.UsageError {
            Output.error(error.description)
            return 2
        } catch {
            Output.error(String(describing: error))
            return 1
        }
    }

    static let usage = """
        usage: credsync [--db PATH] [--config FILE] [--log PATH] COMMAND [ARGS]

        Engine:
          daemon                                  run the engine headless (scheduler, queue, workers)
          jobs [--state S] [--limit N] [--json]   the queue, newest first
          jobs cancel ID | retry ID               cancel a job, or put a failed one back
          jobs pause | resume                     stop or restart claiming jobs
          scheduler start [--cron EXPR]           start the scheduler (optionally with a new cron)
          scheduler stop | status [--json]        stop it, or show its state and next runs

        Tools:
          cron next EXPR [--from ISO8601] [--count N] [--tz ZONE] [--json]
                                                  print the next fire times of a cron expression
          config [--json]                         every setting, its value and where it came from
          version                                 print the version

        Exit status: 0 success, 1 failure, 2 usage error. Settings: see docs/operations.md.
        """
}
