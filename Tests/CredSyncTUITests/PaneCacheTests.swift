import CredSyncCore
import Testing

@testable import CredSyncTUI

/// Panes are rebuilt only when their inputs change, and a cached frame is the frame drawn afresh.
@Suite struct PaneCacheTests {
    static let size = Size(width: 200, height: 60)

    /// The model as the dashboard first holds it: the snapshot applied through `update`.
    static func loaded(size: Size = size) -> DashboardModel {
        DashboardUpdate.update(DashboardModel(size: size), .snapshot(DashboardFixture.snapshot())).0
    }

    func render(_ model: DashboardModel, _ cache: PaneCache) -> Buffer {
        let cached = DashboardView.render(model, size: model.size, cache: cache)
        #expect(cached == DashboardView.render(model, size: model.size), "the cached frame is the frame")
        return cached
    }

    @Test func anUnchangedSnapshotRebuildsNoPane() {
        let cache = PaneCache()
        let model = Self.loaded()
        _ = render(model, cache)
        #expect(cache.rebuilds == 5)
        _ = render(model, cache)
        var sameData = model
        sameData.snapshot = DashboardFixture.snapshot()  // read again, equal
        _ = render(sameData, cache)
        #expect(cache.rebuilds == 5)
    }

    @Test func aSecondOfClockRebuildsThePanesThatShowTimesOnly() {
        let cache = PaneCache()
        var model = Self.loaded()
        _ = render(model, cache)
        model.snapshot!.nowMs += 1_000
        _ = render(model, cache)
        #expect(cache.rebuilds == 5 + 4, "Pending shows no times")
    }

    @Test func aChangeInOnePaneRebuildsThatPane() {
        let cache = PaneCache()
        var model = Self.loaded()
        _ = render(model, cache)
        model.snapshot!.pendingTotal += 1
        _ = render(model, cache)
        #expect(cache.rebuilds == 6)
        model = DashboardUpdate.update(model, .key(.character("4"))).0  // focus moves: two panes change
        _ = render(model, cache)
        #expect(cache.rebuilds == 8)
        model = DashboardUpdate.update(model, .key(.down)).0
        _ = render(model, cache)
        #expect(cache.rebuilds == 9)
        model = DashboardUpdate.update(model, .key(.character("?"))).0  // an overlay covers the panes
        _ = render(model, cache)
        #expect(cache.rebuilds == 9)
    }

    /// 3,750 random keys and 100 resizes, with clock ticks and snapshot changes between them: every cached frame
    /// equals the frame drawn afresh, and nothing traps.
    @Test func randomKeysAndResizesDrawTheSameFramesCached() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let keys: [Key] =
            [.tab, .backTab, .up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .enter, .escape, .backspace]
            + "12345jkgG/abcxXq?tpnyu".map { .character($0) }
        let sizes = [
            Size(width: 220, height: 60), Size(width: 160, height: 48), Size(width: 120, height: 32),
            Size(width: 80, height: 24), Size(width: 60, height: 16), Size(width: 40, height: 10),
        ]
        let cache = PaneCache()
        var model = Self.loaded()
        var resizes = 0
        for step in 0..<3_750 {
            if step % 37 == 0, resizes < 100 {
                model = DashboardUpdate.update(model, .resize(sizes[next(sizes.count)])).0
                resizes += 1
            }
            if step % 11 == 0 { model.snapshot!.nowMs += 1_000 }
            if step % 53 == 0 { model.snapshot!.pendingTotal += 1 }
            model = DashboardUpdate.update(model, .key(keys[next(keys.count)])).0
            model.shouldQuit = false
            _ = render(model, cache)
        }
        #expect(resizes == 100)
        #expect(cache.rebuilds < 3_750 * 5, "unchanged panes are copied")
    }
}

/// The panes' times as the clock moves: a pane is rebuilt only when a time it shows reads differently.
@Suite struct ShownTimeTests {
    @Test func aQuietScreenRebuildsNothingAsTheClockMoves() {
        let cache = PaneCache()
        var model = DashboardUpdate.update(
            DashboardModel(size: Size(width: 200, height: 60)), .snapshot(WakeScheduleTests.quiet())).0
        _ = DashboardView.render(model, size: model.size, cache: cache)
        #expect(cache.rebuilds == 5)
        for _ in 0..<30 {
            model.snapshot!.nowMs += 1_000
            #expect(DashboardView.render(model, size: model.size, cache: cache) == DashboardView.render(model, size: model.size))
        }
        #expect(cache.rebuilds == 5, "nothing shown changes within 30 s")
    }
}
