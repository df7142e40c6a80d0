import CredSyncCore

/// The claim dialog: the credential's learner beside the selected user (with a warning when neither email nor
/// phone agrees), the user search as typed, the users found, and the `y`/`n` question once `enter` chose one.
enum ClaimDialogView {
    static func draw(_ dialog: ClaimDialog, countryCode: String, size: Size, into buffer: inout Buffer) {
        let box = OverlayLayout.claim(size)
        OverlayViews.frame(box, title: "Claim credential #\(dialog.credential.id)", into: &buffer)
        let width = box.width - 4
        let x = box.x + 2
        let credential = dialog.credential
        buffer.write(
            "“\(credential.title ?? credential.externalId)” · \(credential.platformName)", x: x, y: box.y + 1,
            maxWidth: width)
        let user = dialog.results.indices.contains(dialog.selected) ? dialog.results[dialog.selected] : nil
        let agreement = user.map {
            IdentityAgreement(
                credential: credential, user: $0,
                phoneNormalizer: PhoneNormalizer(
                    defaultCountryCode: PhoneNormalizer.isValidCountryCode(countryCode) ? countryCode : "91"))
        }
        compare(credential, user, agreement, x: x, y: box.y + 2, width: width, into: &buffer)
        var cursor = x + buffer.write("Find user: ", x: x, y: box.y + 7, role: .dim)
        cursor += buffer.write(
            PlatformFormView.tail(dialog.query, width: width - 13), x: cursor, y: box.y + 7, role: .input)
        if !dialog.confirming {
            buffer[cursor, box.y + 7] = Cell(" ", role: .input, reverse: true)
            buffer.cursor = Point(x: cursor, y: box.y + 7)
        }
        let emailWidth = min(40, dialog.results.map { DisplayWidth.of($0.email ?? "—") }.max() ?? 12)
        let table = Table(
            columns: [
                Table.Column(title: "Name", width: 10, flex: 1),
                Table.Column(title: "Email", width: max(5, emailWidth)),
                Table.Column(title: "Phone", width: 14, priority: 1),
                Table.Column(title: "Ref", width: 8, flex: 1, priority: 2),
            ],
            rows: dialog.results.map { user in
                [
                    .plain(user.name), .plain(user.email ?? "—"), .plain(user.phone ?? "—"),
                    .text(user.externalRef ?? "", .dim),
                ]
            },
            selected: dialog.selected,
            scroll: max(0, dialog.selected - OverlayLayout.claimResultRows(size) + 1),
            focused: true,
            emptyMessage: dialog.searching
                ? "searching…" : dialog.query.isEmpty ? "type an email, phone or name" : "no users match")
        table.draw(in: Rect(x: x, y: box.y + 8, width: width, height: max(0, box.height - 11)), into: &buffer)
        if dialog.confirming, let user {
            var at = x
            at += buffer.write(
                "Claim #\(credential.id) for \(user.name.isEmpty ? "user \(user.id)" : user.name)? ", x: at,
                y: box.maxY - 3, role: agreement?.agrees == false ? .warn : .text, maxWidth: width - 12, bold: true)
            at += buffer.write("y", x: at, y: box.maxY - 3, role: .accent, bold: true) + 1
            at += buffer.write("yes", x: at, y: box.maxY - 3) + 2
            at += buffer.write("n", x: at, y: box.maxY - 3, role: .accent, bold: true) + 1
            buffer.write("no", x: at, y: box.maxY - 3)
        } else if let error = dialog.error {
            buffer.write("✗ " + error, x: x, y: box.maxY - 3, role: .error, maxWidth: width)
        }
        buffer.write(
            dialog.confirming
                ? "y claim  n back to the list" : "type to search  ctrl-u clear  ↑↓ choose  enter claim  esc cancel",
            x: x, y: box.maxY - 2, role: .dim, maxWidth: width)
    }

    /// Four rows from `y`: headings, then name, email and phone of the learner and of the selected user, and the
    /// verdict on the fifth.
    private static func compare(
        _ credential: Credential, _ user: User?, _ agreement: IdentityAgreement?, x: Int, y: Int, width: Int,
        into buffer: inout Buffer
    ) {
        let labelWidth = 7
        let column = max(8, (width - labelWidth - 1) / 2)
        let right = x + labelWidth + column + 1
        buffer.write("Learner", x: x + labelWidth, y: y, role: .dim, maxWidth: column)
        buffer.write("Selected user", x: right, y: y, role: .dim, maxWidth: column)
        let rows: [(String, String?, String?, Bool)] = [
            ("Name", credential.learnerName, user?.name, false),
            ("Email", credential.learnerEmail, user?.email, agreement?.emailAgrees ?? false),
            ("Phone", credential.learnerPhone, user?.phone, agreement?.phoneAgrees ?? false),
        ]
        for (offset, row) in rows.enumerated() {
            buffer.write(row.0, x: x, y: y + 1 + offset, role: .dim, maxWidth: labelWidth)
            buffer.write(row.1 ?? "—", x: x + labelWidth, y: y + 1 + offset, maxWidth: column - 1)
            guard user != nil else { continue }
            let text = (row.3 ? "✓ " : "") + (row.2.flatMap { $0.isEmpty ? nil : $0 } ?? "—")
            buffer.write(text, x: right, y: y + 1 + offset, role: row.3 ? .ok : .text, maxWidth: column)
        }
        guard let agreement else { return }
        if agreement.agrees {
            let what =
                agreement.emailAgrees && agreement.phoneAgrees
                ? "email and phone agree" : agreement.emailAgrees ? "email agrees" : "phone agrees"
            buffer.write("✓ " + what, x: x + labelWidth, y: y + 4, role: .ok, maxWidth: width - labelWidth)
        } else {
            buffer.write(
                "⚠ neither email nor phone agrees: is this the same person?", x: x + labelWidth, y: y + 4,
                role: .warn, maxWidth: width - labelWidth, bold: true)
        }
    }
}
