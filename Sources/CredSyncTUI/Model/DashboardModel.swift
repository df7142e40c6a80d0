import CredSyncCore
import Foundation

/// Everything the dashboard shows and remembers: the latest snapshot plus the UI state around it. A value;
/// `DashboardUpdate.update` makes the next one, `DashboardView.render` draws it.
public struct DashboardModel: Sendable, Equatable {
    /// The latest snapshot; nil until the first one arrives.
    public var snapshot: DashboardSnapshot?
    /// Why the last snapshot could not be read; nil after a good one.
    public var dataError: String?
    /// The terminal size, for scrolling and paging.
    public var size: Size
    /// The wall clock at the last tick, for flash expiry.
    public var clockMs: Int64 = 0
    public var focus: Pane = .platforms
    /// Per pane, indexed by `Pane.rawValue`.
    public var paneStates: [PaneState] = Pane.allCases.map { _ in PaneState() }
    /// The overlays, bottom first; the last takes the keys.
    public var overlays: [Overlay] = []
    public var flash: Flash?
    /// The themes `t` cycles through, and the one in use.
    public var themeNames: [String]
    public var themeIndex: Int
    /// How early a token counts as expiring (TOKEN_REFRESH_WINDOW_DAYS).
    public var tokenWindowMs: Int64
    /// The credential of the last claim or rejection made here, which `u` undoes.
    public var lastDecision: Int64?
    /// The rows the paged panes want read (kept by `normalize` from each pane's scroll and filter).
    public var windows = DashboardWindows()
    /// Set when the operator has asked to quit (and confirmed, when jobs were running).
    public var shouldQuit = false

    public init(
        snapshot: DashboardSnapshot? = nil, size: Size = Size(width: 120, height: 40),
        themeNames: [String] = ["default"],
        themeIndex: Int = 0, tokenWindowMs: Int64 = 7 * 86_400_000
    ) {
        self.snapshot = snapshot
        self.size = size
        self.themeNames = themeNames.isEmpty ? ["default"] : themeNames
        self.themeIndex = min(max(0, themeIndex), self.themeNames.count - 1)
        self.tokenWindowMs = tokenWindowMs
    }

    public subscript(pane: Pane) -> PaneState {
        get { paneStates[pane.rawValue] }
        set { paneStates[pane.rawValue] = newValue }
    }

    public var themeName: String { themeNames[themeIndex] }
    public var topOverlay: Overlay? { overlays.last }
    public var layout: DashboardLayout { DashboardLayout.layout(size) }

    // MARK: - Rows

    /// Indexes into the snapshot's array for `pane` of the rows its filter lets through, in order. For a paged pane
    /// (Pending, Sync logs, Queue) these are the loaded window's rows; the query filtered them unless the filter
    /// changed since.
    public func rowIndices(_ pane: Pane) -> [Int] {
        guard let snapshot else { return [] }
        let count = snapshot.rowCount(pane)
        let filter = self[pane].filter
        guard !filter.isEmpty, currentPlace(pane) == nil else { return Array(0..<count) }
        return (0..<count).filter {
            snapshot.searchText(pane, $0, nowMs: snapshot.nowMs, windowMs: tokenWindowMs).localizedLowercase.contains(
                filter.localizedLowercase)
        }
    }

    /// The snapshot index of the selected row of `pane`, nil when the pane lists nothing.
    public func selectedIndex(_ pane: Pane) -> Int? {
        let indices = rowIndices(pane)
        let selected = self[pane].selected - windowOffset(pane)
        return indices.indices.contains(selected) ? indices[selected] : nil
    }

    /// Where a paged pane's loaded rows sit in its whole list, when they were read with the filter the pane shows:
    /// then positions count over the whole list. nil for the other panes, and while a new filter's rows are read.
    public func currentPlace(_ pane: Pane) -> ListWindowPlace? {
        guard let place = snapshot?.place(pane), place.filter == self[pane].filter else { return nil }
        return place
    }

    /// The position of the first loaded row of `pane` among all its rows (non-zero for a paged pane's window).
    public func windowOffset(_ pane: Pane) -> Int {
        currentPlace(pane)?.offset ?? 0
    }

    /// How many rows `pane` lists in all, loaded or not: what the position counter, `G` and paging count over.
    public func listCount(_ pane: Pane, indices: [Int]? = nil) -> Int {
        currentPlace(pane)?.matches ?? (indices ?? rowIndices(pane)).count
    }

    /// Sync logs: how many runs came in above the newest one the operator saw, while scrolled away from the top —
    /// counted among the loaded rows, or by the data source when that run is far from the loaded window.
    public var newLogRuns: Int {
        guard let snapshot, let seen = self[.logs].newestSeenKey, self[.logs].selected > 0 else { return 0 }
        if let index = rowIndices(.logs).firstIndex(where: { snapshot.rowKey(.logs, $0) == seen }) {
            return windowOffset(.logs) + index
        }
        guard currentPlace(.logs) != nil, snapshot.newestSeenRun?.id == seen else { return 0 }
        return snapshot.runsAboveSeen
    }

    /// Jobs running right now, for the quit question.
    public var activeJobCount: Int { snapshot?.activeJobCount ?? 0 }

    // MARK: - Selected rows

    public var selectedPlatform: PlatformSummary? {
        selectedIndex(.platforms).map { snapshot!.platforms[$0] }
    }
    public var selectedJob: JobRow? { selectedIndex(.queue).map { snapshot!.jobs[$0] } }
    public var selectedRun: SyncRun? { selectedIndex(.logs).map { snapshot!.runs[$0] } }
    public var selectedCredential: Credential? { selectedIndex(.pending).map { snapshot!.pending[$0] } }
    public var selectedToken: TokenStatus? { selectedIndex(.tokens).map { snapshot!.tokens[$0] } }

    /// The platform the focused pane's selected row is about: `s` syncs it.
    public var focusedPlatformId: Int64? {
        switch focus {
        case .platforms: selectedPlatform?.id
        case .queue: selectedJob?.job.platformId
        case .logs: selectedRun?.platformId
        case .pending: selectedCredential?.platformId
        case .tokens: selectedToken?.platformId
        }
    }

    /// The platform's name for messages, or `#id` when the snapshot does not list it.
    public func platformName(_ id: Int64) -> String {
        snapshot?.platforms.first { $0.id == id }?.name ?? "#\(id)"
    }
}
