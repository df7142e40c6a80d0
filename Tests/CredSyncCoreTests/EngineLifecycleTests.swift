import Testing

@testable import CredSyncCore

/// The engine's lifecycle transitions as a value, without threads or a database: each test walks a path and checks
/// what every step answered and the state it left.
@Suite struct EngineLifecycleTests {
    /// One transition.
    enum Step {
        case beginStart, abandonStart, finishStart, requestStop, finishStop
    }

    /// Applies `steps` to a new lifecycle; one line per step: its answer (if any) and the state after it.
    static func trace(_ steps: [Step]) -> [String] {
        var lifecycle = EngineLifecycle()
        return steps.map { step in
            let answer: String
            switch step {
            case .beginStart: answer = lifecycle.beginStart() ? "begun" : "refused"
            case .abandonStart:
                lifecycle.abandonStart()
                answer = "abandoned"
            case .finishStart: answer = lifecycle.finishStart() ? "started" : "not started"
            case .requestStop: answer = "\(lifecycle.requestStop())"
            case .finishStop:
                lifecycle.finishStop()
                answer = "finished"
            }
            return "\(answer) → \(lifecycle.state)"
        }
    }

    @Test func startRunStopIsTheUsualPathAndStoppedIsFinal() {
        #expect(
            Self.trace([.beginStart, .finishStart, .requestStop, .requestStop, .finishStop, .beginStart]) == [
                "begun → starting(stopRequested: false)", "started → running", "stopThreads → stopping",
                "nothingToStop → stopping", "finished → stopped", "refused → stopped",
            ])
    }

    @Test func aStartThatFindsAnotherEngineGoesBackToIdleAndMayRetry() {
        #expect(
            Self.trace([.beginStart, .abandonStart, .beginStart, .finishStart]) == [
                "begun → starting(stopRequested: false)", "abandoned → idle",
                "begun → starting(stopRequested: false)", "started → running",
            ])
    }

    @Test func aShutdownDuringTheStartEndsItWithoutRunning() {
        #expect(
            Self.trace([.beginStart, .requestStop, .finishStart]) == [
                "begun → starting(stopRequested: false)", "nothingToStop → starting(stopRequested: true)",
                "not started → stopped",
            ])
        #expect(Self.trace([.beginStart, .requestStop, .abandonStart]).last == "abandoned → stopped")
    }

    @Test func aShutdownBeforeAnyStartStopsForGood() {
        #expect(Self.trace([.requestStop, .beginStart]) == ["nothingToStop → stopped", "refused → stopped"])
    }

    @Test func onlyARunningEngineIsRunningAndStopRequestsAreSeen() {
        var lifecycle = EngineLifecycle()
        _ = lifecycle.beginStart()
        #expect(!lifecycle.isRunning && !lifecycle.isStopRequested)
        _ = lifecycle.finishStart()
        #expect(lifecycle.isRunning && !lifecycle.isStopRequested)
        _ = lifecycle.requestStop()
        #expect(!lifecycle.isRunning && lifecycle.isStopRequested)
    }
}

/// An engine whose lease another process took stops for good, and a later shutdown has nothing to stop.
@Suite struct EngineLeaseLossTests {
    @Test func losingTheLeaseStopsARunningEngineOnce() {
        var lifecycle = EngineLifecycle()
        let begun = lifecycle.beginStart()
        let started = lifecycle.finishStart()
        let lost = lifecycle.loseLease()
        #expect(begun && started && lost)
        #expect(lifecycle.state == .stopped)
        #expect(!lifecycle.isRunning)
        let again = lifecycle.loseLease()
        #expect(!again, "only once")
        let stop = lifecycle.requestStop()
        #expect(stop == .nothingToStop)
    }
}
