import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

/// `credsync demo` driven in tmux as an operator would: watch a sync complete, open help, filter, claim a pending
/// credential through the dialog, resize below and back above the tiled layout, quit — and the terminal is back.
@Suite(.serialized) struct DashboardEndToEndTests {
    let home = TemporaryDirectory("credsync-e2e")
    var database: String { home.file("demo.db") }

    @Test func anOperatorWatchesFiltersClaimsResizesAndQuits() throws {
        let terminal = try TmuxSession("credsync-e2e")
        func screen() throws -> String { try terminal.screen() }
        func keys(_ keys: String...) throws { try terminal.run(["send-keys", "-t", terminal.name] + keys) }
        func waitFor(_ text: String, timeout: Double = 30) throws -> Bool { try terminal.waitFor(text, timeout: timeout) }
        @discardableResult func tmux(_ arguments: [String]) throws -> String { try terminal.run(arguments) }
        let session = terminal.name
        try terminal.launchCredsync(["demo", "--db", database], environment: CredsyncProcess.environment(home: home.path))

        // The console comes up and a sync completes on screen.
        #expect(try waitFor("Platforms"))
        #expect(try waitFor("Tokens"))
        let synced = try eventually(timeoutSeconds: 90) {
            let text = try screen()
            return text.contains("succeeded") || text.contains("partial")
        }
        let shown = try screen()
        #expect(synced, "no sync completed on screen:\n\(shown)")

        // Help lists the keys; esc closes it.
        try keys("?")
        #expect(try waitFor("esc close"))
        try keys("Escape")
        #expect(try eventually(timeoutSeconds: 5) { !(try screen().contains("esc close")) })

        // Filter the pending pane.
        try keys("4", "/")
        try keys("-l", "no user")
        try keys("Enter")
        #expect(try waitFor("no user"))

        // Claim the selected pending credential for a user found by name.
        try keys("c")
        #expect(try waitFor("Claim credential #"))
        let dialog = try screen()
        let idText = dialog.components(separatedBy: "Claim credential #")[1].prefix { $0.isNumber }
        let credentialId = try #require(Int64(idText))
        try keys("C-u")
        try keys("-l", "a")
        // Results list users by name with their external refs.
        #expect(
            try eventually(timeoutSeconds: 15) {
                let text = try screen()
                return text.contains("Find user: a ") && text.contains("-user-") && !text.contains("searching")
            })
        try keys("Enter")
        // The dialog asks first.
        #expect(try waitFor("y claim"))
        try keys("y")
        let db = try Database.open(path: database)
        let claimed = try eventually(timeoutSeconds: 10) {
            try db.first("SELECT status || '/' || ifnull(matched_by, '') FROM external_credentials WHERE id = ?", [credentialId]) {
                $0.text(0)
            } == "matched/manual"
        }
        let afterClaim = try screen()
        #expect(claimed, "credential \(credentialId) was not claimed:\n\(afterClaim)")
        #expect(try db.first("SELECT count(*) FROM audit_log WHERE action = 'credential.claim'") { $0.int(0) } == 1)

        // A credential far past the first 200 pending rows: found by `/` in SQL and claimed the same way.
        try keys("Escape")
        let far = try #require(try farPendingCredential(db), "the demo left too few pending credentials")
        try keys("/")
        try keys("-l", far.email)
        try keys("Enter")
        let found = try waitFor("Pending (1 of ")
        let filtered = try screen()
        #expect(found, "filter by \(far.email):\n\(filtered)")
        try keys("c")
        let farDialog = try waitFor("Claim credential #\(far.id)")
        let farScreen = try screen()
        #expect(farDialog, "\(farScreen)")
        try keys("C-u")
        try keys("-l", "a")
        #expect(
            try eventually(timeoutSeconds: 15) {
                let text = try screen()
                return text.contains("Find user: a ") && text.contains("-user-") && !text.contains("searching")
            })
        try keys("Enter")
        #expect(try waitFor("Claim #\(far.id) for"))
        try keys("y")
        let farClaimed = try eventually(timeoutSeconds: 10) {
            try db.first("SELECT status || '/' || ifnull(matched_by, '') FROM external_credentials WHERE id = ?", [far.id]) {
                $0.text(0)
            } == "matched/manual"
        }
        let afterFarClaim = try screen()
        #expect(farClaimed, "credential \(far.id) was not claimed:\n\(afterFarClaim)")
        try keys("Escape")

        // Below the tiled size: tabs; far below: a clear message; back: tiles.
        try tmux(["resize-window", "-t", session, "-x", "70", "-y", "20"])
        #expect(try eventually(timeoutSeconds: 10) { try !screen().contains("5 Tokens (") })
        try tmux(["resize-window", "-t", session, "-x", "40", "-y", "10"])
        if try !waitFor("too small", timeout: 10) {
            // Under load the first resize can be coalesced with the previous one; ask again.
            try tmux(["resize-window", "-t", session, "-x", "41", "-y", "10"])
        }
        #expect(try waitFor("too small", timeout: 20))
        try tmux(["resize-window", "-t", session, "-x", "120", "-y", "40"])
        #expect(try waitFor("5 Tokens", timeout: 10))

        // Quit (confirming if jobs still run); the shell gets a normal terminal back.
        try keys("Escape")
        try keys("q")
        if try eventually(timeoutSeconds: 3, { try screen().contains("EXITED=") }) == false {
            try keys("y")
        }
        #expect(try waitFor("EXITED=0", timeout: 15))
        let alternateScreen = try tmux(["display-message", "-p", "-t", session, "#{alternate_on}"])
        #expect(alternateScreen.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test func anOperatorAcknowledgesAnAlertClaimsAfterConfirmingAndUndoes() throws {
        let terminal = try TmuxSession("credsync-e2e-dialogs")
        func screen() throws -> String { try terminal.screen() }
        func keys(_ keys: String...) throws { try terminal.run(["send-keys", "-t", terminal.name] + keys) }
        func waitFor(_ text: String, timeout: Double = 30) throws -> Bool { try terminal.waitFor(text, timeout: timeout) }
        try terminal.launchCredsync(["demo", "--db", database], environment: CredsyncProcess.environment(home: home.path))
        #expect(try waitFor("Platforms"))
        #expect(try waitFor("Tokens"))
        // The demo's engine writes all the time: wait for the lock as an operator's command does.
        let db = try Database.open(
            path: database, options: .operatorAction)

        // An alert raised now is the newest open one: first in the alerts view, which the header names.
        let alert = try #require(
            try AlertStore(db: db, clock: SystemClock()).raise(.longRun, platformId: nil, message: "e2e long run check"))
        // The header counts it and names the key.
        #expect(
            try eventually(timeoutSeconds: 30) {
                let text = try screen()
                return text.contains("open alert (A)") || text.contains("open alerts (A)")
            })
        try keys("A")
        #expect(try waitFor("e2e long run check"))
        try keys("g", "Enter")
        #expect(try waitFor("Acknowledge alert #\(alert.id)"))
        try keys("y")
        let acknowledged = try eventually(timeoutSeconds: 10) {
            try db.first("SELECT acknowledged_at IS NOT NULL FROM alerts WHERE id = ?", [alert.id]) { $0.bool(0) } == true
        }
        let afterAcknowledge = try screen()
        #expect(acknowledged, "alert \(alert.id) was not acknowledged:\n\(afterAcknowledge)")
        try keys("Escape")

        // Claim the first pending credential: the dialog compares, asks, then writes.
        try keys("4", "c")
        #expect(try waitFor("Claim credential #"))
        let idText = try screen().components(separatedBy: "Claim credential #")[1].prefix { $0.isNumber }
        let credentialId = try #require(Int64(idText))
        try keys("C-u")
        try keys("-l", "a")
        #expect(
            try eventually(timeoutSeconds: 15) {
                let text = try screen()
                return text.contains("Find user: a ") && text.contains("-user-") && !text.contains("searching")
            })
        try keys("Enter")
        #expect(try waitFor("Claim #\(credentialId) for"))
        #expect(try screen().contains("Selected user"))
        func status() throws -> String? {
            try db.first("SELECT status FROM external_credentials WHERE id = ?", [credentialId]) { $0.text(0) }
        }
        #expect(try status() == "pending", "nothing is written before the answer")
        try keys("y")
        let claimed = try eventually(timeoutSeconds: 10) { try status() == "matched" }
        let afterClaim = try screen()
        #expect(claimed, "credential \(credentialId) was not claimed:\n\(afterClaim)")

        // `u` takes it back, once the dashboard has the claim's answer.
        #expect(try waitFor("claimed for", timeout: 10))
        try keys("u")
        let undone = try eventually(timeoutSeconds: 10) { try status() == "pending" }
        let afterUndo = try screen()
        #expect(undone, "credential \(credentialId) was not undone:\n\(afterUndo)")
        #expect(try db.first("SELECT count(*) FROM audit_log WHERE action = 'credential.undo'") { $0.int(0) } == 1)

        try keys("q")
        if try eventually(timeoutSeconds: 3, { try screen().contains("EXITED=") }) == false {
            try keys("y")
        }
        #expect(try waitFor("EXITED=0", timeout: 15))
    }

    /// A pending credential after the first 500 pending rows whose email no other pending credential contains.
    private func farPendingCredential(_ db: Connection) throws -> (id: Int64, email: String)? {
        _ = try eventually(timeoutSeconds: 60) {
            try db.first("SELECT count(*) FROM external_credentials WHERE status = 'pending'") { $0.int(0) } ?? 0 > 700
        }
        let candidates = try db.all(
            """
            SELECT id, learner_email FROM external_credentials
            WHERE status = 'pending' AND learner_email IS NOT NULL ORDER BY id LIMIT 100 OFFSET 500
            """
        ) { (id: $0.int64(0), email: $0.text(1)) }
        return try candidates.first { candidate in
            try db.first(
                """
                SELECT count(*) FROM external_credentials c JOIN platforms p ON p.id = c.platform_id
                WHERE c.status = 'pending' AND (instr(lower(c.learner_email), lower(?)) > 0
                   OR instr(lower(c.learner_name), lower(?)) > 0 OR instr(lower(p.name), lower(?)) > 0
                   OR instr(lower(c.external_id), lower(?)) > 0 OR instr(lower(c.certificate_title), lower(?)) > 0
                   OR instr(lower(c.match_note), lower(?)) > 0 OR instr(lower(c.learner_phone), lower(?)) > 0)
                """, Array(repeating: candidate.email, count: 7)
            ) { $0.int(0) } == 1
        }
    }
}
