import CredSyncCore
import CredSyncSim
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Serves the simulated platforms until SIGINT or SIGTERM. Everything lives in this function rather than in
/// top-level globals, so nothing outlives its use.
func serve() -> Int32 {
    ProcessTuning.apply()
    // SIGINT and SIGTERM are blocked before any thread starts, so every thread inherits the mask and this thread
    // takes them with sigwait. A shell starts background jobs with SIGINT ignored, and an ignored signal is
    // discarded rather than left pending, so the default disposition comes back first.
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    sigaddset(&signals, SIGTERM)
    pthread_sigmask(SIG_BLOCK, &signals, nil)

    let command: SimulatorCommand
    do {
        command = try SimulatorCommand(arguments: Array(CommandLine.arguments.dropFirst()))
    } catch {
        FileHandle.standardError.write(Data("credsync-sim: \(error)\n".utf8))
        return 2
    }
    let simulator = PlatformSimulator(port: command.port)
    for spec in command.platforms {
        simulator.add(SimulatedPlatform(name: spec.name, contract: spec.contract, count: spec.count, seed: spec.seed))
    }
    do {
        try simulator.start()
    } catch {
        FileHandle.standardError.write(Data("credsync-sim: \(error)\n".utf8))
        return 1
    }
    FileHandle.standardOutput.write(Data((SimulatorCommand.banner(simulator) + "\n").utf8))
    var received: Int32 = 0
    sigwait(&signals, &received)
    simulator.stop()
    return 0
}

exit(serve())
