import CredSyncCore
import Foundation

/// The dashboard's `update`: the next model and the commands for the data source, from a model and an action.
/// Pure: no I/O, no clock but the one the actions carry.
public enum DashboardUpdate {
    public static func update(_ model: DashboardModel, _ action: Action) -> (DashboardModel, [DashboardCommand]) {
        var model = model
        var commands: [DashboardCommand] = []
        switch action {
        case .key(let key):
            commands = model.handle(key)
        case .snapshot(let snapshot):
            model.snapshot = snapshot
            model.dataError = nil
        case .snapshotFailed(let message):
            model.dataError = message
        case .commandFinished(let command, let result):
            model.handle(result, of: command)
        case .resize(let size):
            model.size = size
        case .tick(let nowMs):
            model.clockMs = nowMs
            if let flash = model.flash, flash.expiresAtMs <= nowMs { model.flash = nil }
        }
        model.normalize()
        return (model, commands)
    }
}

// MARK: - Keys without an overlay

extension DashboardModel {
    mutating func handle(_ key: Key) -> [DashboardCommand] {
        if let overlay = overlays.last {
            return handle(key, in: overlay)
        }
        switch key {
        case .tab, .right, .character("l"): focus = focus.next
        case .backTab, .left, .character("h"): focus = focus.previous
        case .character(let digit) where ("1"..."5").contains(digit):
            focus = Pane(rawValue: Int(String(digit))! - 1)!
        case .up, .character("k"): moveSelection(by: -1)
        case .down, .character("j"): moveSelection(by: 1)
        case .home, .character("g"): moveSelection(to: 0)
        case .end, .character("G"): moveSelection(to: Int.max)
        case .pageUp: moveSelection(by: -layout.listRows(for: focus))
        case .pageDown: moveSelection(by: layout.listRows(for: focus))
        case .enter: return openDetail()
        case .character("/"): overlays.append(.filter)
        case .escape:
            if !self[focus].filter.isEmpty {
                self[focus].filter = ""
            } else {
                flash = nil
            }
        case .character("s"): return syncFocusedPlatform()
        case .character("S"): return [.syncAll]
        case .character("r"): return refreshToken()
        case .character("p"):
            guard let snapshot else { return [] }
            return [.setScheduler(enabled: !snapshot.schedulerEnabled)]
        case .character("e"): return toggleSelectedPlatform()
        case .character("a"): overlays.append(.platformForm(.adding()))
        case .character("E"): editSelectedPlatform()
        case .character("c"): return openClaim()
        case .character("x"): rejectSelectedCredential()
        case .character("u"): return undoLastDecision()
        case .character("A"): overlays.append(.alerts(AlertsOverlay()))
        case .character("R"): return retrySelectedJob()
        case .character("d"): cancelSelectedJob()
        case .character("t"):
            themeIndex = (themeIndex + 1) % themeNames.count
            show("theme: \(themeName)")
        case .character("q"): quit()
        case .character("?"): overlays.append(.help(scroll: 0))
        default: break
        }
        return []
    }

    // MARK: Selection

    mutating func moveSelection(by offset: Int) {
        let current = self[focus].selected
        moveSelection(to: offset < 0 ? max(0, current + offset) : current.addingReportingOverflow(offset).partialValue)
    }

    mutating func moveSelection(to row: Int) {
        let indices = rowIndices(focus)
        let count = listCount(focus, indices: indices)
        guard count > 0, let snapshot else { return }
        let row = min(max(0, row), count - 1)
        let local = row - windowOffset(focus)
        self[focus].selected = row
        // A row outside the loaded window has no key yet: the selection holds its position until the window arrives.
        self[focus].selectedKey = indices.indices.contains(local) ? snapshot.rowKey(focus, indices[local]) : nil
    }

    /// Keeps every pane's selection on its row (or in range when the row went) and in view, and the paged panes'
    /// windows where the view is.
    mutating func normalize() {
        let layout = self.layout
        for pane in Pane.allCases {
            let indices = rowIndices(pane)
            let offset = windowOffset(pane)
            let count = listCount(pane, indices: indices)
            var state = self[pane]
            if pane.isPaged, windowFilter(pane) != state.filter {
                state.selected = 0
                state.scroll = 0
            }
            if pane == .logs,
                state.selectedKey == nil ? state.selected == 0 : state.selectedKey == state.newestSeenKey
            {
                // At the top: follow the newest run, as `tail -f` does. (A selection without a key far down the
                // log waits for its window.)
                state.selectedKey = nil
                state.selected = 0
            }
            if let key = state.selectedKey, let snapshot,
                let position = indices.firstIndex(where: { snapshot.rowKey(pane, $0) == key })
            {
                state.selected = offset + position
            }
            state.selected = min(max(0, state.selected), max(0, count - 1))
            let local = state.selected - offset
            state.selectedKey = indices.indices.contains(local) ? snapshot?.rowKey(pane, indices[local]) : nil
            if pane == .logs, state.selected == 0 { state.newestSeenKey = state.selectedKey }
            let visible = layout.listRows(for: pane)
            if state.selected < state.scroll { state.scroll = state.selected }
            if state.selected >= state.scroll + visible { state.scroll = state.selected - visible + 1 }
            state.scroll = min(max(0, state.scroll), max(0, count - visible))
            self[pane] = state
        }
        updateWindows()
    }

    /// The filter the paged pane's window was last asked for with.
    func windowFilter(_ pane: Pane) -> String? {
        switch pane {
        case .pending: windows.pending.filter
        case .logs: windows.logs.filter
        case .queue: windows.queue.filter
        case .platforms, .tokens: nil
        }
    }

    // MARK: Acting on the selected row

    mutating func show(_ message: String, isError: Bool = false) {
        flash = Flash(message: message, isError: isError, expiresAtMs: clockMs + Flash.durationMs)
    }

    /// Says which pane a key works in.
    mutating func hint(_ key: String, _ what: String, in pane: Pane) {
        show("\(key) \(what) in the \(pane.title) pane (\(pane.number))", isError: true)
    }

    mutating func openDetail() -> [DashboardCommand] {
        switch focus {
        case .platforms:
            if let platform = selectedPlatform { overlays.append(.detail(DetailOverlay(subject: .platform(platform)))) }
        case .queue:
            if let job = selectedJob { overlays.append(.detail(DetailOverlay(subject: .job(job)))) }
        case .logs:
            if let run = selectedRun { overlays.append(.detail(DetailOverlay(subject: .run(run)))) }
        case .pending:
            guard let credential = selectedCredential else { return [] }
            overlays.append(.detail(DetailOverlay(subject: .credential(credential), rawItem: .loading)))
            return [.loadRawItem(credentialId: credential.id)]
        case .tokens:
            if let token = selectedToken { overlays.append(.detail(DetailOverlay(subject: .token(token)))) }
        }
        return []
    }

    mutating func syncFocusedPlatform() -> [DashboardCommand] {
        guard let platformId = focusedPlatformId else {
            show("nothing selected to sync", isError: true)
            return []
        }
        return [.syncPlatform(platformId: platformId)]
    }

    mutating func refreshToken() -> [DashboardCommand] {
        let platformId: Int64?
        switch focus {
        case .tokens: platformId = selectedToken?.platformId
        case .platforms: platformId = selectedPlatform?.id
        default:
            hint("r", "refreshes a token", in: .tokens)
            return []
        }
        guard let platformId else { return [] }
        guard snapshot?.tokens.contains(where: { $0.platformId == platformId }) == true else {
            show("\(platformName(platformId)) has no token to refresh", isError: true)
            return []
        }
        return [.refreshToken(platformId: platformId)]
    }

    mutating func toggleSelectedPlatform() -> [DashboardCommand] {
        guard focus == .platforms else {
            hint("e", "enables or disables a platform", in: .platforms)
            return []
        }
        guard let platform = selectedPlatform else { return [] }
        if !platform.active { return [.setPlatformActive(platformId: platform.id, active: true)] }
        overlays.append(
            .confirm(
                ConfirmDialog(
                    title: "Disable \(platform.name)",
                    message: "Disable \(platform.displayName)? It is not synced again until it is enabled.",
                    outcome: .command(.setPlatformActive(platformId: platform.id, active: false)))))
        return []
    }

    mutating func editSelectedPlatform() {
        guard focus == .platforms else { return hint("E", "edits a platform", in: .platforms) }
        guard let platform = selectedPlatform else { return }
        guard let definition = snapshot?.platformDefinitions[platform.id] else {
            return show("\(platform.name)'s definition is not loaded; try again in a moment", isError: true)
        }
        overlays.append(.platformForm(.editing(platformId: platform.id, definition: definition)))
    }

    mutating func openClaim() -> [DashboardCommand] {
        guard focus == .pending else {
            hint("c", "claims a credential", in: .pending)
            return []
        }
        guard let credential = selectedCredential else { return [] }
        return claim(credential)
    }

    /// Opens the claim dialog for `credential`, searching for its learner.
    mutating func claim(_ credential: Credential) -> [DashboardCommand] {
        var dialog = ClaimDialog(
            credential: credential,
            query: credential.learnerEmail ?? credential.learnerPhone ?? credential.learnerName ?? "")
        dialog.searching = !dialog.query.isEmpty
        overlays.append(.claim(dialog))
        return dialog.query.isEmpty ? [] : [.searchUsers(query: dialog.query)]
    }

    mutating func rejectSelectedCredential() {
        guard focus == .pending else { return hint("x", "rejects a credential", in: .pending) }
        guard let credential = selectedCredential else { return }
        _ = reject(credential)
    }

    /// Asks before rejecting `credential`.
    mutating func reject(_ credential: Credential) -> [DashboardCommand] {
        let learner = credential.learnerName ?? credential.learnerIdentifier ?? "unknown learner"
        overlays.append(
            .confirm(
                ConfirmDialog(
                    title: "Reject credential #\(credential.id)",
                    message:
                        "Reject “\(credential.title ?? credential.externalId)” of \(learner)? It leaves the pending list.",
                    outcome: .command(.reject(credentialId: credential.id, reason: nil)))))
        return []
    }

    /// `u`: reverts the last claim or rejection made here; the credential comes back to Pending.
    mutating func undoLastDecision() -> [DashboardCommand] {
        guard focus == .pending else {
            hint("u", "undoes the last claim or reject", in: .pending)
            return []
        }
        guard let credentialId = lastDecision else {
            show("nothing to undo: u reverts the last claim or reject made in this dashboard", isError: true)
            return []
        }
        return [.undoDecision(credentialId: credentialId)]
    }

    mutating func retrySelectedJob() -> [DashboardCommand] {
        guard focus == .queue else {
            hint("R", "retries a failed job", in: .queue)
            return []
        }
        guard let row = selectedJob else { return [] }
        guard row.job.state == .failed || row.job.state == .cancelled else {
            show(
                "job #\(row.job.id) is \(row.job.state.rawValue); only failed or cancelled jobs are retried",
                isError: true)
            return []
        }
        return [.retryJob(jobId: row.job.id)]
    }

    mutating func cancelSelectedJob() {
        guard focus == .queue else { return hint("d", "cancels a job", in: .queue) }
        guard let row = selectedJob else { return }
        guard !row.job.isFinished else {
            return show("job #\(row.job.id) is already \(row.job.state.rawValue)", isError: true)
        }
        let what = "\(row.job.kind.rawValue) \(row.platformName ?? "")".trimmingCharacters(in: .whitespaces)
        let message =
            row.job.state == .active
            ? "Cancel job #\(row.job.id) (\(what))? It stops at the next page; committed pages stay."
            : "Cancel job #\(row.job.id) (\(what))? It will not run."
        overlays.append(
            .confirm(
                ConfirmDialog(
                    title: "Cancel job #\(row.job.id)", message: message,
                    outcome: .command(.cancelJob(jobId: row.job.id)))))
    }

    /// Quits at once, or asks first when this process runs the engine and jobs are active (quitting stops them).
    mutating func quit() {
        let active = activeJobCount
        guard snapshot?.role == .engine, active > 0 else {
            shouldQuit = true
            return
        }
        overlays.append(
            .confirm(
                ConfirmDialog(
                    title: "Quit",
                    message:
                        "\(active) job\(active == 1 ? " is" : "s are") running. Quit? They stop at the next page and resume on the next start.",
                    outcome: .quit)))
    }

    // MARK: - Command results

    mutating func handle(_ result: CommandResult, of command: DashboardCommand) {
        switch command {
        case .searchUsers(let query):
            // Only the answer to the latest query counts: earlier ones may arrive after it.
            guard case .claim(var dialog)? = overlays.last,
                query == dialog.query.trimmingCharacters(in: .whitespaces)
            else { return }
            dialog.searching = false
            if result.succeeded, case .users(let users) = result.payload {
                dialog.results = users
                dialog.selected = 0
                dialog.error = nil
            } else {
                dialog.error = result.message
            }
            overlays[overlays.count - 1] = .claim(dialog)
        case .loadRawItem(let credentialId):
            guard
                let index = overlays.lastIndex(where: {
                    if case .detail(let detail) = $0, case .credential(let credential) = detail.subject {
                        return credential.id == credentialId
                    }
                    return false
                }), case .detail(var detail) = overlays[index]
            else { return }
            if result.succeeded, case .rawItem(_, let text) = result.payload {
                detail.rawItem = .loaded(text)
            } else {
                detail.rawItem = .failed(result.message)
            }
            overlays[index] = .detail(detail)
        case .previewPlatform:
            guard case .platformForm(var form)? = overlays.last, form.previewing else { return }
            form.previewing = false
            form.preview =
                result.succeeded ? .success(result.message) : .failure(PlatformFormPreviewError(result.message))
            overlays[overlays.count - 1] = .platformForm(form)
        case .savePlatform:
            if case .platformForm(var form)? = overlays.last, form.saving {
                if result.succeeded {
                    overlays.removeLast()
                    show(result.message)
                } else {
                    form.saving = false
                    if case .invalidField(let field, let problem) = result.payload {
                        let formField = PlatformForm.Field(
                            definitionField: field, authType: AuthType(rawValue: form[.authType]))
                        form.definitionErrors = [formField: problem]
                    } else {
                        form.saveError = result.message
                    }
                    overlays[overlays.count - 1] = .platformForm(form)
                }
            } else {
                show(result.message, isError: !result.succeeded)
            }
        case .claim(let credentialId, _), .reject(let credentialId, _):
            if result.succeeded { lastDecision = credentialId }
            show(result.message, isError: !result.succeeded)
        case .undoDecision(let credentialId):
            if result.succeeded {
                lastDecision = nil
                // The credential is back in Pending: select it once the next snapshot lists it.
                self[.pending].selectedKey = credentialId
            }
            show(result.message, isError: !result.succeeded)
        default:
            show(result.message, isError: !result.succeeded)
        }
    }
}
