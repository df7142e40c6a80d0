import Foundation

/// Runs the real `credsync` binary built next to the test runner, for tests of exit codes, signals and crashes.
public final class CredsyncProcess: @unchecked Sendable {
    /// The `credsync` executable in the build folder that holds this test runner.
    public static var executablePath: String {
        let runner =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: runner).deletingLastPathComponent()
        // The runner may sit inside a .xctest bundle folder.
        if folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        let path = folder.appendingPathComponent("credsync").path
        precondition(
            FileManager.default.isExecutableFile(atPath: path), "\(path) is missing; run 'swift build --build-tests'")
        return path
    }

    /// An environment isolated in `home`: XDG folders inside it, no inherited credsync settings.
    public static func environment(home: String, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !key.hasPrefix("CREDSYNC_") && !key.hasPrefix("SYNC_") && !key.hasPrefix("XDG_")
        }
        environment["HOME"] = home
        environment["XDG_CONFIG_HOME"] = "\(home)/config"
        environment["XDG_DATA_HOME"] = "\(home)/data"
        environment["XDG_STATE_HOME"] = "\(home)/state"
        environment["SYNC_TIMEZONE"] = "UTC"
        environment.merge(extra) { _, new in new }
        return environment
    }

    public let process = Process()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()

    public init(_ arguments: [String], environment: [String: String]) {
        process.executableURL = URL(fileURLWithPath: Self.executablePath)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice
    }

    public func start() throws { try process.run() }

    public var pid: Int32 { process.processIdentifier }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to exit; returns its status, stdout and stderr.
    public func wait() -> (status: Int32, stdout: String, stderr: String) {
        let out = stdoutPipe.fileHandleForReading.readDataToEndOfFile()
        let err = stderrPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// Runs to completion.
    public static func run(_ arguments: [String], environment: [String: String]) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = CredsyncProcess(arguments, environment: environment)
        try process.start()
        return process.wait()
    }
}
