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
                return try DashboardLauncher.run([], environment)
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
            case "metrics": return try MetricsCommand.run(commandArguments, environment)
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
        usage: credsync [--db PATH] [--env-file FILE] [--log PATH] [COMMAND [ARGS]]

          (no command)                            the dashboard: engine if the database is free, else a viewer
          demo [--db PATH]                        the dashboard over a demo database with simulated platforms

        Platforms and credentials:
          platforms list | show NAME | add | edit NAME | enable NAME | disable NAME | remove NAME --yes
                                                  manage platforms (add/edit: --file platform.json or flags;
                                                  secrets from --secret-file F, --secret-stdin or a prompt)
          sync [PLATFORM…|--all] [--full] [--wait]
                                                  queue manual syncs; --wait follows them (runs an engine if none)
          users import FILE | list [--search Q]   users credentials are matched to (csv or jsonl)
          credentials [--status S] [--platform P] [--search Q] [--limit N]
          claim CREDENTIAL_ID USER | claim --undo CREDENTIAL_ID
          reject CREDENTIAL_ID [--reason R]
          export [--status S] [--platform P] [--format jsonl|csv]
          logs [--platform P] [--limit N]         the sync log, newest first
          stats                                   success rate, counts, durations
          alerts [--all] | alerts ack ID          open alerts
          audit [--limit N] [--json]              who changed what: platforms, secrets, tokens, keys, queue

        Engine:
          daemon                                  run the engine headless (scheduler, queue, workers)
          jobs [--state S] [--limit N] [--json]   the queue, newest first
          jobs cancel ID | retry ID               cancel a job, or put a failed one back
          jobs pause | resume                     stop or restart claiming jobs
          scheduler start [--cron EXPR]           start the scheduler (optionally with a new cron)
          scheduler stop | status [--json]        stop it, or show its state and next runs

        Tokens and keys:
          tokens [--json]                         each platform's token: expiry, last refresh, state
          tokens refresh PLATFORM…|--all          refresh tokens now
          key rotate                              re-encrypt every stored secret under a new key
          key status [--json]                     the key in force and any secret it cannot open

        Monitoring:
          metrics                                 Prometheus text: runs, credentials, queue, tokens, alerts, engine

        Tools:
          cron next EXPR [--from ISO8601] [--count N] [--tz ZONE] [--json]
                                                  print the next fire times of a cron expression
          config [--json]                         every setting, its value and where it came from
          version                                 print the version

        Exit status: 0 success, 1 failure, 2 usage error. Settings: see docs/operations.md.
        """
}
