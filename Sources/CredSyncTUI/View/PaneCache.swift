import CredSyncCore

/// The cells of each pane as last drawn, with the inputs they were drawn from: a pane whose inputs did not change
/// (its rows, its cursor and filter, its place and focus, and the clock only for panes that show times) is copied,
/// not rebuilt. A memo over the pure `PaneView.draw`; one per screen, used from one thread.
public final class PaneCache {
    /// Everything `PaneView.draw` reads for one pane.
    struct Inputs: Equatable {
        var size: Size
        var focused: Bool
        var state: PaneState
        var loaded: Bool
        var rows: Rows
        var nowMs: Int64?
        var tokenWindowMs: Int64
    }

    /// The part of the snapshot one pane shows.
    enum Rows: Equatable {
        case platforms([PlatformSummary])
        case queue([JobRow], rateLimitedUntilMs: Int64?)
        case logs([SyncRun])
        case pending([Credential], total: Int)
        case tokens([TokenStatus])
    }

    private var entries: [Pane: (inputs: Inputs, cells: Buffer)] = [:]
    /// How many times a pane was drawn afresh: for tests and the benchmark.
    public private(set) var rebuilds = 0

    public init() {}

    /// Draws `pane` at `rect` into `buffer`, from the memo when its inputs are unchanged.
    func draw(_ pane: Pane, model: DashboardModel, in rect: Rect, focused: Bool, into buffer: inout Buffer) {
        let inputs = Self.inputs(pane, model: model, size: Size(width: rect.width, height: rect.height), focused: focused)
        let cells: Buffer
        if let entry = entries[pane], entry.inputs == inputs {
            cells = entry.cells
        } else {
            var fresh = Buffer(width: rect.width, height: rect.height)
            PaneView.draw(
                pane, model: model, in: Rect(x: 0, y: 0, width: rect.width, height: rect.height), focused: focused,
                into: &fresh)
            entries[pane] = (inputs, fresh)
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
            case .queue: .queue(snapshot?.jobs ?? [], rateLimitedUntilMs: snapshot?.rateLimitedUntilMs)
            case .logs: .logs(snapshot?.runs ?? [])
            case .pending: .pending(snapshot?.pending ?? [], total: snapshot?.pendingTotal ?? 0)
            case .tokens: .tokens(snapshot?.tokens ?? [])
            }
        // Pending rows show no times: that pane ignores the clock. Every other pane shows ages or countdowns.
        return Inputs(
            size: size, focused: focused, state: model[pane], loaded: snapshot != nil, rows: rows,
            nowMs: pane == .pending ? nil : snapshot?.nowMs, tokenWindowMs: model.tokenWindowMs)
    }
}
