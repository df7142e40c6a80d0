import CredSyncCore
import Foundation

/// Short texts for tables: counts, rates and times relative to the snapshot's clock (never the wall clock, so
/// views stay pure).
public enum Format {
    /// `1,234,567`.
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// `3m ago`, `in 2h 5m`, or `never`.
    public static func relative(_ ms: Int64?, nowMs: Int64, never: String = "never") -> String {
        guard let ms else { return never }
        return Timestamp.relative(ms, nowMs: nowMs)
    }

    /// `950/s`, `12.5k/s`, `1.2M/s`.
    public static func rate(_ perSecond: Double) -> String {
        switch perSecond {
        case ..<1_000: "\(Int(perSecond.rounded()))/s"
        case ..<1_000_000: String(format: "%.1fk/s", perSecond / 1_000)
        default: String(format: "%.1fM/s", perSecond / 1_000_000)
        }
    }

    /// `2026-11-21T05:40:01Z (3m ago)`, or `—`.
    public static func timestamp(_ ms: Int64?, nowMs: Int64) -> String {
        guard let ms else { return "—" }
        return "\(Timestamp.iso8601(ms)) (\(relative(ms, nowMs: nowMs)))"
    }

    /// When a platform falls due: a timestamp, "due now", or "never" for a frequency the scheduler cannot use.
    public static func nextDue(_ due: SchedulerPlan.NextDue, nowMs: Int64) -> String {
        switch due {
        case .now: "due now"
        case .at(let ms): timestamp(ms, nowMs: nowMs)
        case .never: "never (sync_frequency_hours is not a usable period)"
        }
    }

    /// A platform's unfinished sync job: "none", its state, or how many of its attempts failed and the last error.
    public static func syncJob(_ job: PlatformSummary.SyncJob?, nowMs: Int64) -> String {
        guard let job else { return "none" }
        guard job.isRetrying else { return "#\(job.jobId) \(job.state.rawValue)" }
        var text = "#\(job.jobId) retrying: \(job.failedAttempts) of \(job.maxAttempts) attempts failed"
        if job.state == .active {
            text += ", attempt \(job.failedAttempts + 1) running"
        } else if let runAtMs = job.runAtMs {
            text += ", next \(runAtMs > nowMs ? relative(runAtMs, nowMs: nowMs) : "now")"
        }
        return text + (job.lastError.map { "; last error: " + CauseText.fit($0, width: .max) } ?? "")
    }

    /// A JSON document indented two spaces per level; the text as it is when it is not JSON.
    public static func prettyJSON(_ text: String) -> [String] {
        guard let value = try? JSONParser.parse(text) else { return text.split(separator: "\n").map(String.init) }
        var lines: [String] = []
        appendJSON(value, indent: "", prefix: "", suffix: "", to: &lines)
        return lines
    }

    private static func appendJSON(
        _ value: JSONValue, indent: String, prefix: String, suffix: String, to lines: inout [String]
    ) {
        switch value {
        case .object(let object) where object.count > 0:
            lines.append(indent + prefix + "{")
            for (offset, member) in object.enumerated() {
                appendJSON(
                    member.value, indent: indent + "  ", prefix: JSONValue.string(member.key).serialized + ": ",
                    suffix: offset < object.count - 1 ? "," : "", to: &lines)
            }
            lines.append(indent + "}" + suffix)
        case .array(let array) where !array.isEmpty:
            lines.append(indent + prefix + "[")
            for (offset, element) in array.enumerated() {
                appendJSON(
                    element, indent: indent + "  ", prefix: "", suffix: offset < array.count - 1 ? "," : "", to: &lines)
            }
            lines.append(indent + "]" + suffix)
        default:
            lines.append(indent + prefix + value.serialized + suffix)
        }
    }

    /// `text` cut into lines of at most `width` columns, at spaces where it can.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [text] }
        var lines: [String] = []
        for fullParagraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            // Leading spaces (indented JSON, list items) start every line of the paragraph.
            let indent = String(fullParagraph.prefix(while: { $0 == " " }).prefix(max(0, width / 2)))
            let paragraph = fullParagraph.dropFirst(indent.count)
            let width = width - indent.count
            var line = indent
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let wordWidth = DisplayWidth.of(word)
                if lineWidth > 0, lineWidth + 1 + wordWidth > width {
                    lines.append(line)
                    line = indent
                    lineWidth = 0
                }
                if lineWidth > 0 {
                    line += " "
                    lineWidth += 1
                }
                for character in word {
                    let characterWidth = DisplayWidth.of(character)
                    if lineWidth + characterWidth > width, lineWidth > 0 {
                        lines.append(line)
                        line = indent
                        lineWidth = 0
                    }
                    line.append(character)
                    lineWidth += characterWidth
                }
            }
            lines.append(line)
        }
        return lines
    }
}
