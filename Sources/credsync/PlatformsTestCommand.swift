import CredSyncCore
import Foundation

/// `credsync platforms test NAME | --file platform.json [--secret-file F | --secret-stdin] [--json]`: the first page
/// of a platform and what each item would become, nothing stored (`Operations.previewPlatform`).
enum PlatformsTestCommand {
    static let usage =
        "credsync platforms test NAME [--json] | platforms test --file platform.json "
        + "[--secret-file F | --secret-stdin] [--json]"

    /// The preview as `--json` prints it.
    struct PreviewJSON: Encodable {
        struct Item: Encodable {
            let externalId: String?
            let identifier: String?
            let identifierType: String?
            let title: String?
            let issuedAt: String?
            let expiresAt: String?
            let updatedAt: String?
            let outcome: String
            let userId: Int64?
            let userName: String?
            let matchedBy: String?
            let reason: String?
            let alreadyStored: Bool

            enum CodingKeys: String, CodingKey {
                case title, outcome, identifier, reason
                case externalId = "external_id", identifierType = "identifier_type", issuedAt = "issued_at"
                case expiresAt = "expires_at", updatedAt = "updated_at", userId = "user_id", userName = "user_name"
                case matchedBy = "matched_by", alreadyStored = "already_stored"
            }

            /// Every key, `null` when empty, so scripts see the same fields for every item.
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(externalId, forKey: .externalId)
                try container.encode(identifier, forKey: .identifier)
                try container.encode(identifierType, forKey: .identifierType)
                try container.encode(title, forKey: .title)
                try container.encode(issuedAt, forKey: .issuedAt)
                try container.encode(expiresAt, forKey: .expiresAt)
                try container.encode(updatedAt, forKey: .updatedAt)
                try container.encode(outcome, forKey: .outcome)
                try container.encode(userId, forKey: .userId)
                try container.encode(userName, forKey: .userName)
                try container.encode(matchedBy, forKey: .matchedBy)
                try container.encode(reason, forKey: .reason)
                try container.encode(alreadyStored, forKey: .alreadyStored)
            }
        }

        let platform: String
        let adapter: String
        let pageSize: Int
        let items: [Item]
        let totals: [String: Int]
        let nextCursor: String?
        let totalCount: Int?
        let requests: Int

        enum CodingKeys: String, CodingKey {
            case platform, adapter, items, totals, requests
            case pageSize = "page_size", nextCursor = "next_cursor", totalCount = "total_count"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(platform, forKey: .platform)
            try container.encode(adapter, forKey: .adapter)
            try container.encode(pageSize, forKey: .pageSize)
            try container.encode(items, forKey: .items)
            try container.encode(totals, forKey: .totals)
            try container.encode(nextCursor, forKey: .nextCursor)
            try container.encode(totalCount, forKey: .totalCount)
            try container.encode(requests, forKey: .requests)
        }
    }

    static func run(_ parsed: Arguments, _ environment: CommandEnvironment, operations: Operations) throws -> Int32 {
        let source: PlatformPreview.Source
        if parsed.option("--file") != nil {
            try parsed.expectPositionals(atMost: 1, usage: usage)
            let changes = try PlatformsCommand.changes(from: parsed)
            let authType = try changes.applied(to: nil).authType
            source = .definition(
                changes, secrets: try SecretInput.read(parsed, authType: authType, promptIfMissing: true))
        } else {
            guard parsed.positionals.count == 2 else { throw Arguments.UsageError(description: "usage: \(usage)") }
            source = .platform(.name(parsed.positionals[1]))
        }
        let preview = try operations.previewPlatform(source)
        if parsed.flag("--json") { return try Output.json(json(preview)) }
        render(preview)
        return 0
    }

    static func json(_ preview: PlatformPreview) -> PreviewJSON {
        let totals = preview.totals
        return PreviewJSON(
            platform: preview.platformName, adapter: preview.adapter, pageSize: preview.pageSize,
            items: preview.items.map { item in
                var userId: Int64?
                var matchedBy: String?
                var reason: String?
                let outcome: String
                switch item.outcome {
                case .matched(let id, let by): (outcome, userId, matchedBy) = ("matched", id, by.rawValue)
                case .pending(let note): (outcome, reason) = ("pending", note)
                case .invalid(let why): (outcome, reason) = ("invalid", why)
                case .unchanged(let status): (outcome, reason) = ("unchanged", "stored as \(status), content unchanged")
                case .kept(let status): (outcome, reason) = ("kept", "an operator's decision (\(status)) stays")
                }
                return PreviewJSON.Item(
                    externalId: item.externalId, identifier: item.identifier,
                    identifierType: item.identifierType?.rawValue, title: item.title,
                    issuedAt: item.issuedAtMs.map(Timestamp.iso8601),
                    expiresAt: item.expiresAtMs.map(Timestamp.iso8601),
                    updatedAt: item.updatedAtMs.map(Timestamp.iso8601), outcome: outcome, userId: userId,
                    userName: userId.flatMap { preview.users[$0]?.name }, matchedBy: matchedBy, reason: reason,
                    alreadyStored: item.isStored)
            },
            totals: [
                "items": totals.items, "matched": totals.matched, "pending": totals.pending, "invalid": totals.invalid,
                "unchanged": totals.unchanged, "kept": totals.kept,
            ],
            nextCursor: preview.nextCursor, totalCount: preview.totalCount, requests: preview.requestsSent)
    }

    private static func render(_ preview: PlatformPreview) {
        Output.line(
            "\(preview.platformName) (\(preview.adapter)): first page, up to \(preview.pageSize) items, "
                + "\(preview.requestsSent) request\(preview.requestsSent == 1 ? "" : "s")"
                + (preview.totalCount.map { "; the platform reports \($0) in all" } ?? ""))
        if !preview.items.isEmpty {
            Output.table(
                ["EXTERNAL ID", "IDENTIFIER", "TYPE", "TITLE", "ISSUED", "EXPIRES", "UPDATED", "WOULD BE"],
                preview.items.map { item in
                    [
                        shown(item.externalId ?? "-"), shown(item.identifier ?? "-"),
                        item.identifierType?.rawValue ?? "-",
                        shown(String((item.title ?? "-").prefix(40))), date(item.issuedAtMs), date(item.expiresAtMs),
                        item.updatedAtMs.map(Timestamp.iso8601) ?? "-", shown(outcome(item, users: preview.users)),
                    ]
                })
        }
        Output.line("totals: \(preview.summary)")
        Output.line(
            preview.nextCursor.map { "next cursor: \(shown($0))" } ?? "next cursor: none (this was the last page)")
        Output.line("nothing was stored")
    }

    private static func outcome(_ item: ItemPreview, users: [Int64: User]) -> String {
        switch item.outcome {
        case .matched(let id, let by):
            let name = users[id].map { $0.name.isEmpty ? "" : " \($0.name)" } ?? ""
            return "matched to user \(id)\(name) by \(by.rawValue)"
        case .pending(let note): return "pending: \(note)"
        case .invalid(let reason): return "invalid: \(reason)"
        case .unchanged(let status): return "unchanged (\(status))"
        case .kept(let status): return "kept \(status) (operator's decision)"
        }
    }

    private static func date(_ ms: Int64?) -> String { ms.map { String(Timestamp.iso8601($0).prefix(10)) } ?? "-" }

    /// Platform text made terminal-safe: control characters become `?`.
    private static func shown(_ text: String) -> String {
        String(
            String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
