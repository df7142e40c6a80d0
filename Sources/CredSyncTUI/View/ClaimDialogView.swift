/// The claim dialog: the credential, the user search as typed, and the users found.
enum ClaimDialogView {
    static func draw(_ dialog: ClaimDialog, size: Size, into buffer: inout Buffer) {
        let box = OverlayLayout.claim(size)
        OverlayViews.frame(box, title: "Claim credential #\(dialog.credential.id)", into: &buffer)
        let width = box.width - 4
        let x = box.x + 2
        let credential = dialog.credential
        buffer.write(
            "“\(credential.title ?? credential.externalId)” · \(PendingTable.learner(credential))", x: x, y: box.y + 1,
            maxWidth: width)
        var cursor = x + buffer.write("Find user: ", x: x, y: box.y + 2, role: .dim)
        cursor += buffer.write(
            PlatformFormView.tail(dialog.query, width: width - 13), x: cursor, y: box.y + 2, role: .input)
        buffer[cursor, box.y + 2] = Cell(" ", role: .input, reverse: true)
        let table = Table(
            columns: [
                Table.Column(title: "Name", width: 12, flex: 2), Table.Column(title: "Email", width: 12, flex: 2),
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
        table.draw(in: Rect(x: x, y: box.y + 4, width: width, height: box.height - 6), into: &buffer)
        if let error = dialog.error { buffer.write("✗ " + error, x: x, y: box.maxY - 3, role: .error, maxWidth: width) }
        buffer.write(
            "type to search  ↑↓ choose  enter claim  esc cancel", x: x, y: box.maxY - 2, role: .dim, maxWidth: width)
    }
}
