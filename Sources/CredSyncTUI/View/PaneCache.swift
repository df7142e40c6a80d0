import CredSyncCore

/// The cells of each pane as last drawn, with the inputs they were drawn from: a pane whose inputs did not change
/// (its rows, its cursor and filter, its place and focus) is copied, not rebuilt, until the clock reaches the first
/// moment one of the times it shows reads differently (`ShownTime`). A memo over the pure `PaneView.draw`; one per
/// screen, used from one thread.
public final class PaneCache {
    /// Everything `PaneView.draw` reads for one pane.
    struct Inputs: Equatable {
        var size: Size
        var focused: Bool
        var state: PaneState
        var loaded: Bool
        var rows: Rows
        var tokenWindowMs: Int64
    }

    /// The part of the snapshot one pane shows.
    enum Rows: Equatable {
        case platforms([PlatformSummary])
        /// A paged pane's loaded window with its place in the whole list.
        case queue([JobRow], ListWindowPlace?, rateLimitedUntilMs: Int64?)
        case logs([SyncRun], ListWindowPlace?, newRuns: Int)
        case pending([Credential], ListWindowPlace?)
        case tokens([TokenStatus])
    }

    private struct Entry {
        var inputs: Inputs
        var cells: Buffer
        /// The clock it was drawn at, and the first moment its text would differ.
        var drawnAtMs: Int64
        var validUntilMs: Int64
    }

    private var entries: [Pane: Entry] = [:]
    /// How many times a pane was drawn afresh: for tests and the benchmark.
    public private(set) var rebuilds = 0

    public init() {}

    /// Draws `pane` at `rect` into `buffer`, from the memo when its inputs are unchanged.
    func draw(_ pane: Pane, model: DashboardModel, in rect: Rect, focused: Bool, into buffer: inout Buffer) {
        let inputs = Self.inputs(pane, model: model, size: Size(width: rect.width, height: rect.height), focused: focused)
        let nowMs = model.snapshot?.nowMs ?? 0
        let cells: Buffer
        if let entry = entries[pane], entry.inputs == inputs, entry.drawnAtMs <= nowMs, nowMs < entry.validUntilMs {
            cells = entry.cells
        } else {
            var fresh = Buffer(width: rect.width, height: rect.height)
            PaneView.draw(
                pane, model: model, in: Rect(x: 0, y: 0, width: rect.width, height: rect.height), focused: focused,
                into: &fresh)
            let times = model.snapshot.map { ShownTime.pane(pane, $0, tokenWindowMs: model.tokenWindowMs) } ?? []
            entries[pane] = Entry(
                inputs: inputs, cells: fresh, drawnAtMs: nowMs,
                validUntilMs: ShownTime.nextChange(of: times, nowMs: nowMs) ?? Int64.max)
            rebuilds += 1
            cells = fresh
        }
        buffer.copy(cells, x: rect.x, y: rect.y)
    }

    static func inputs(_ pane: Pane, model: DashboardModel, size: Size, focused: Bool) -> Inputs {
        let snapshot = model.snapshot
        let rows: Rows =
            switch pane {
            case .platforms: .platforms(snapshot?.platforms ?? [])
            case .queue:
                .queue(snapshot?.jobs ?? [], snapshot?.place(.queue), rateLimitedUntilMs: snapshot?.rateLimitedUntilMs)
            case .logs: .logs(snapshot?.runs ?? [], snapshot?.place(.logs), newRuns: model.newLogRuns)
            case .pending: .pending(snapshot?.pending ?? [], snapshot?.place(.pending))
            case .tokens: .tokens(snapshot?.tokens ?? [])
            }
        return Inputs(
            size: size, focused: focused, state: model[pane], loaded: snapshot != nil, rows: rows,
            tokenWindowMs: model.tokenWindowMs)
    }
}
