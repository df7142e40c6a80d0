import CredSyncCore
import Foundation

/// A job whose payload scripts what it does, for testing the queue and the engine in process: it commits `steps`
/// numbered steps (each an `audit_log` row written in the same transaction as its checkpoint), sleeping `stepMs`
/// between them, then ends with the outcome its payload lists for that attempt.
///
/// Payload: `{"steps": 3, "stepMs": 100, "outcomes": ["retry", "succeeded"]}`; outcomes are `succeeded`, `retry`,
/// `failed` and `cancelled`; the last one repeats. Test-only: the shipped binary never registers it (tests of the
/// real daemon run real sync jobs against the simulator).
public struct ScriptedJobHandler: JobHandler {
    public static let kindName: JobKind = "script"
    public var kind: JobKind { Self.kindName }
    public let clock: any WallClock

    public init(clock: any WallClock) { self.clock = clock }

    public struct Script: Codable, Sendable {
        public var steps: Int = 0
        public var stepMs: Int = 0
        public var outcomes: [String] = ["succeeded"]

        public init(steps: Int = 0, stepMs: Int = 0, outcomes: [String] = ["succeeded"]) {
            self.steps = steps
            self.stepMs = stepMs
            self.outcomes = outcomes
        }

        public var json: String { String(decoding: try! JSONEncoder().encode(self), as: UTF8.self) }
    }

    public func perform(_ context: JobContext) throws -> JobOutcome {
        let script = try JSONDecoder().decode(Script.self, from: Data((context.job.payload ?? "{}").utf8))
        var step = Int(context.resumeCheckpoint ?? "0") ?? 0
        while step < script.steps {
            if context.shouldStop { return .cancelled }
            if script.stepMs > 0 { Thread.sleep(forTimeInterval: Double(script.stepMs) / 1000) }
            step += 1
            try context.commit(checkpoint: String(step), done: step, total: script.steps) { db in
                try db.run(
                    "INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, 'script', 'script.step', ?, ?)",
                    [clock.nowMs, "job:\(context.job.id)", "{\"step\":\(step),\"attempt\":\(context.job.attempts)}"])
            }
        }
        let planned =
            script.outcomes.isEmpty
            ? "succeeded" : script.outcomes[min(context.job.attempts, script.outcomes.count) - 1]
        switch planned {
        case "retry": return .retry(afterMs: 0, error: "scripted retry on attempt \(context.job.attempts)")
        case "failed": return .failed(error: "scripted failure on attempt \(context.job.attempts)")
        case "cancelled": return .cancelled
        default: return .succeeded
        }
    }
}
