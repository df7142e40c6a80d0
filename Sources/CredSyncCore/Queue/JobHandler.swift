/// Does the work of one job kind. `perform` runs on a worker's own thread and may block (HTTP, SQLite writes);
/// it must check `context.shouldStop` at each page boundary and return `.cancelled` when it is set.
/// A thrown error becomes the outcome `OutcomeClassifier` gives it (an unexpected one: `.retry(afterMs: nil, error:)`).
public protocol JobHandler: Sendable {
    var kind: JobKind { get }
    func perform(_ context: JobContext) throws -> JobOutcome
}
