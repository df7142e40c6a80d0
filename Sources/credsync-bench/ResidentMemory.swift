import Foundation

/// Peak resident memory of this process, from /proc.
enum ResidentMemory {
    /// Starts a new peak measurement (`echo 5 > /proc/self/clear_refs`).
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// VmHWM: the highest resident set size since the last reset.
    static func peakBytes() -> Int { status("VmHWM:") }

    /// VmRSS: the resident set size now.
    static func currentBytes() -> Int { status("VmRSS:") }

    private static func status(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) })
        else { return 0 }
        return (Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "") ?? 0) * 1024
    }
}
