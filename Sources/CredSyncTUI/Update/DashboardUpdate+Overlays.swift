import CredSyncCore
import Foundation

/// Keys while an overlay is open: it takes them all.
extension DashboardModel {
    mutating func handle(_ key: Key, in overlay: Overlay) -> [DashboardCommand] {
        switch overlay {
        case .help(let scroll):
            let box = OverlayLayout.help(size)
            let limit = max(0, KeyBindings.helpLines.count - OverlayLayout.contentRows(box))
            if let scroll = scrolled(scroll, by: key, rows: OverlayLayout.contentRows(box), limit: limit) {
                overlays[overlays.count - 1] = .help(scroll: scroll)
            } else if [.escape, .enter, .character("q"), .character("?")].contains(key) {
                overlays.removeLast()
            }
        case .detail(var detail):
            let box = OverlayLayout.detail(size)
            let lineCount = DetailContent.lines(
                detail, snapshot: snapshot, width: OverlayLayout.contentWidth(box), windowMs: tokenWindowMs
            ).count
            let limit = max(0, lineCount - OverlayLayout.contentRows(box))
            if let scroll = scrolled(detail.scroll, by: key, rows: OverlayLayout.contentRows(box), limit: limit) {
                detail.scroll = scroll
                overlays[overlays.count - 1] = .detail(detail)
            } else if [.escape, .enter, .character("q")].contains(key) {
                overlays.removeLast()
            } else if case .credential(let credential) = detail.subject,
                key == .character("c") || key == .character("x")
            {
                // The footer offers them on a credential's detail: they act on that credential.
                overlays.removeLast()
                return key == .character("c") ? claim(credential) : reject(credential)
            }
        case .filter:
            editFilter(key)
        case .confirm(let dialog):
            switch key {
            case .character("y"), .character("Y"), .enter:
                overlays.removeLast()
                switch dialog.outcome {
                case .command(let command): return [command]
                case .quit: shouldQuit = true
                }
            case .character("n"), .character("N"), .escape, .character("q"):
                overlays.removeLast()
            default: break
            }
        case .platformForm(var form):
            let commands = edit(&form, key)
            if case .platformForm? = overlays.last { overlays[overlays.count - 1] = .platformForm(form) }
            return commands
        case .claim(var dialog):
            return edit(&dialog, key)
        case .alerts(var alerts):
            return edit(&alerts, key)
        }
        return []
    }

    /// The new scroll position for a scrolling key, nil for any other key.
    private func scrolled(_ scroll: Int, by key: Key, rows: Int, limit: Int) -> Int? {
        let target: Int
        switch key {
        case .up, .character("k"): target = scroll - 1
        case .down, .character("j"): target = scroll + 1
        case .pageUp: target = scroll - rows
        case .pageDown: target = scroll + rows
        case .home, .character("g"): target = 0
        case .end, .character("G"): target = limit
        default: return nil
        }
        return min(max(0, target), limit)
    }

    private mutating func editFilter(_ key: Key) {
        switch key {
        case .character(let character): self[focus].filter.append(character)
        case .backspace, .delete: _ = self[focus].filter.popLast()
        case .enter: overlays.removeLast()
        case .escape:
            self[focus].filter = ""
            overlays.removeLast()
        case .up: moveSelection(by: -1)
        case .down: moveSelection(by: 1)
        default: break
        }
    }

    private mutating func edit(_ form: inout PlatformForm, _ key: Key) -> [DashboardCommand] {
        switch key {
        case .escape:
            overlays.removeLast()
            return []
        case .tab, .down: form.moveFocus(by: 1)
        case .backTab, .up: form.moveFocus(by: -1)
        case .left, .right:
            form.cycleChoice(by: key == .left ? -1 : 1)
            form.definitionErrors = [:]
            form.saveError = nil
            form.preview = nil
        case .character(let character):
            form[form.focused].append(character)
            form.definitionErrors = [:]
            form.saveError = nil
            form.preview = nil
        case .backspace, .delete:
            _ = form.values[form.focused]?.popLast()
            form.definitionErrors = [:]
            form.saveError = nil
            form.preview = nil
        case .control("t"):
            guard !form.saving, !form.previewing else { return [] }
            form.submitted = true
            switch form.validated() {
            case .success(let (changes, secrets)):
                form.previewing = true
                form.preview = nil
                return [.previewPlatform(platformId: form.platformId, changes: changes, secrets: secrets)]
            case .failure(let failure):
                // The focus stays where the operator types; the errors show beside their fields.
                form.definitionErrors = failure.errors
            }
        case .enter:
            guard !form.saving else { return [] }
            form.submitted = true
            switch form.validated() {
            case .success(let (changes, secrets)):
                form.saving = true
                form.saveError = nil
                return [.savePlatform(platformId: form.platformId, changes: changes, secrets: secrets)]
            case .failure(let failure):
                // The focus stays where the operator types; the errors show beside their fields.
                form.definitionErrors = failure.errors
            }
        default: break
        }
        return []
    }

    private mutating func edit(_ alerts: inout AlertsOverlay, _ key: Key) -> [DashboardCommand] {
        let list = snapshot?.alerts ?? []
        switch key {
        case .escape, .character("q"), .character("A"):
            overlays.removeLast()
            return []
        case .up, .character("k"): alerts.selected -= 1
        case .down, .character("j"): alerts.selected += 1
        case .pageUp: alerts.selected -= max(1, OverlayLayout.contentRows(OverlayLayout.detail(size)) - 4)
        case .pageDown: alerts.selected += max(1, OverlayLayout.contentRows(OverlayLayout.detail(size)) - 4)
        case .home, .character("g"): alerts.selected = 0
        case .end, .character("G"): alerts.selected = list.count - 1
        case .enter, .character("a"):
            guard list.indices.contains(alerts.selected) else { return [] }
            let alert = list[alerts.selected]
            let what = "\(AlertsView.kindName(alert.kind))\(alert.platformName.map { " · \($0)" } ?? "")"
            if alert.resolvedAtMs != nil {
                show("alert \(alert.id) (\(what)) is resolved: nothing to acknowledge", isError: true)
            } else if alert.acknowledgedAtMs != nil {
                show("alert \(alert.id) (\(what)) is already acknowledged", isError: true)
            } else {
                overlays.append(
                    .confirm(
                        ConfirmDialog(
                            title: "Acknowledge alert #\(alert.id)",
                            message:
                                "Acknowledge “\(alert.message)” (\(what))? It stays open until its condition clears, marked as seen.",
                            outcome: .command(.acknowledgeAlert(alertId: alert.id)))))
                return []
            }
        default: break
        }
        alerts.selected = min(max(0, alerts.selected), max(0, list.count - 1))
        overlays[overlays.count - 1] = .alerts(alerts)
        return []
    }

    private mutating func edit(_ dialog: inout ClaimDialog, _ key: Key) -> [DashboardCommand] {
        var commands: [DashboardCommand] = []
        if dialog.confirming {
            switch key {
            case .character("y"), .character("Y"), .enter:
                guard dialog.results.indices.contains(dialog.selected) else { break }
                overlays.removeLast()
                return [.claim(credentialId: dialog.credential.id, userId: dialog.results[dialog.selected].id)]
            case .character("n"), .character("N"), .escape: dialog.confirming = false
            default: break
            }
            overlays[overlays.count - 1] = .claim(dialog)
            return []
        }
        switch key {
        case .escape:
            overlays.removeLast()
            return []
        case .up: dialog.selected = max(0, dialog.selected - 1)
        case .down: dialog.selected = min(max(0, dialog.results.count - 1), dialog.selected + 1)
        case .character(let character):
            dialog.query.append(character)
            commands = search(&dialog)
        case .backspace, .delete:
            _ = dialog.query.popLast()
            commands = search(&dialog)
        case .control("u"):
            dialog.query = ""
            commands = search(&dialog)
        case .enter:
            guard dialog.results.indices.contains(dialog.selected) else { return [] }
            dialog.confirming = true
        default: break
        }
        overlays[overlays.count - 1] = .claim(dialog)
        return commands
    }

    private func search(_ dialog: inout ClaimDialog) -> [DashboardCommand] {
        let query = dialog.query.trimmingCharacters(in: .whitespaces)
        dialog.error = nil
        guard !query.isEmpty else {
            dialog.results = []
            dialog.selected = 0
            dialog.searching = false
            return []
        }
        dialog.searching = true
        return [.searchUsers(query: query)]
    }
}
