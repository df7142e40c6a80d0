/// How a log line is written (`CREDSYNC_LOG_FORMAT`): human-readable text, or one JSON object per line for log
/// shippers. Redaction applies to both.
public enum LogFormat: String, CaseIterable, Sendable {
    /// `2026-11-21T05:40:01.123Z INFO message key=value …`
    case text
    /// `{"time":"2026-11-21T05:40:01.123Z","level":"info","message":"…","fields":{…}}`
    case json
}
