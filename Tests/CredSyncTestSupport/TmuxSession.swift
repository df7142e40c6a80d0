import Foundation

/// A detached tmux session on a server of its own, for tests that drive the real dashboard as an operator would.
public final class TmuxSession: @unchecked Sendable {
    public let name: String
    private let scratch: TemporaryDirectory

    public init(_ name: String, width: Int = 120, height: Int = 40) throws {
        self.name = "\(name)-\(getpid())"
        scratch = TemporaryDirectory("credsync-tmux")
        try run(["new-session", "-d", "-s", self.name, "-x", String(width), "-y", String(height), "sh"])
    }

    deinit { _ = try? run(["kill-server"]) }

    /// Runs tmux through the shell and returns what it printed. Not through `Process`: the first command starts the
    /// tmux server, a grandchild that keeps inherited descriptors, and Foundation's wait then never returns.
    @discardableResult
    public func run(_ arguments: [String]) throws -> String {
        let outputPath = scratch.file("tmux.out")
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let status = system("tmux -L \(name) \(quoted) > '\(outputPath)' 2>/dev/null < /dev/null")
        guard status != -1 else { throw CocoaError(.fileReadUnknown) }
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    public func screen() throws -> String { try run(["capture-pane", "-p", "-t", name]) }

    public func keys(_ keys: String...) throws { try run(["send-keys", "-t", name] + keys) }

    public func waitFor(_ text: String, timeout: Double = 30) throws -> Bool {
        try eventually(timeoutSeconds: timeout) { try screen().contains(text) }
    }

    /// Starts `credsync` with `arguments` in the session's shell, with `environment`'s settings exported; prints
    /// `EXITED=<status>` when it ends.
    public func launchCredsync(_ arguments: [String], environment: [String: String]) throws {
        let exports = environment.filter { key, _ in
            key == "HOME" || key.hasPrefix("XDG_") || key.hasPrefix("CREDSYNC_") || key.hasPrefix("SYNC_")
                || key.hasPrefix("ENGINE_") || key.hasPrefix("JOB_")
        }.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        let command = ([CredsyncProcess.executablePath] + arguments).map { "'\($0)'" }.joined(separator: " ")
        try keys("env \(exports) TERM=screen-256color \(command); echo EXITED=$?", "Enter")
    }
}
