import CredSyncCore
import Foundation

/// Builds the engine's log from the settings: the size-rotated log file, mirrored to stderr for the daemon. Every
/// line passes through the redactor: known secrets, `Authorization` and token fields masked, URLs without queries.
/// `CREDSYNC_LOG_FORMAT=json` writes one JSON object per line instead of text.
enum EngineLogFactory {
    static func make(settings: Settings, mirrorToStderr: Bool, clock: any WallClock) throws -> EngineLog {
        let file = try LogFile(
            path: settings.logPath, maxBytes: settings.logMaxBytes, keepFiles: settings.logKeepFiles,
            level: settings.logLevel, clock: clock, mirrorToStderr: mirrorToStderr, format: settings.logFormat,
            redact: { SecretRegistry.shared.redact($0) })
        return EngineLog(file: file)
    }
}
