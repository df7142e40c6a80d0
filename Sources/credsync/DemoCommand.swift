import CredSyncCore
import CredSyncSim
import Foundation

/// `credsync demo [--db PATH]`: the dashboard over a fresh demo database (temporary unless `--db`), with the
/// simulator in this process serving five platforms, users, a fast schedule, and the first syncs under way.
enum DemoCommand {
    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments)
        try parsed.expectPositionals(atMost: 0, usage: "credsync demo [--db PATH]")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credsync-demo-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = environment.settingFlags["CREDSYNC_DB"] == nil
        defer { if temporary { try? FileManager.default.removeItem(atPath: folder) } }
        var demoEnvironment = environment
        demoEnvironment.setFlag("CREDSYNC_DB", environment.settingFlags["CREDSYNC_DB"] ?? "\(folder)/demo.db")
        demoEnvironment.setFlag("CREDSYNC_LOG", "\(folder)/credsync.log")
        demoEnvironment.setFlag("CREDSYNC_KEY_FILE", "\(folder)/key")
        demoEnvironment.setFlag("SYNC_CRON_EXPRESSION", "*/5 * * * *")
        demoEnvironment.setFlag("SYNC_JOBS_PER_MINUTE", "60")
        demoEnvironment.setFlag("SYNC_RETRY_BASE_SECONDS", "5")
        demoEnvironment.setFlag("SYNC_CONCURRENCY", "3")
        let settings = try demoEnvironment.settings()
        let db = try demoEnvironment.openDatabase(settings)
        guard try PlatformStore(db: db, clock: SystemClock()).all().isEmpty else {
            throw CommandFailure("\(settings.databasePath) already has platforms; give demo a new --db path")
        }
        let box = try demoEnvironment.secretBox(settings, createKey: true)
        let demo = try DemoSetup(db: db, box: box, actor: environment.actor)
        defer { demo.stop() }
        try SettingsStore(db: db).set(SettingKey.schedulerEnabled, "true", nowMs: SystemClock().nowMs)
        return try DashboardLauncher.open(settings: settings, environment: demoEnvironment, secretBox: box)
    }
}
