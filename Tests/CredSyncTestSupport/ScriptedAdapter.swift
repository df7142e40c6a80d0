import CredSyncCore
import Foundation

/// An adapter that serves pages from memory: page n is `pages[n]`, its cursor is "n". Faults can be scripted per
/// page, and every request is recorded.
public final class ScriptedAdapter: PlatformAdapter, @unchecked Sendable {
    private let lock = NSLock()
    public var pages: [[ParsedItem]]
    /// Errors to throw the next time a page is asked for (consumed once each).
    public var faults: [Int: any Error] = [:]
    /// When set, page n answers with this cursor instead of "n+1" (to script a repeating cursor).
    public var cursorOverride: [Int: String] = [:]
    public private(set) var requests: [PageRequest] = []

    public init(pages: [[ParsedItem]]) { self.pages = pages }

    public func fetchPage(_ request: PageRequest, using http: any PlatformHTTP) throws -> FetchedPage {
        try lock.withLock {
            requests.append(request)
            let index = Int(request.cursor ?? "0") ?? 0
            if let fault = faults.removeValue(forKey: index) { throw fault }
            let next = index + 1 < pages.count ? String(index + 1) : nil
            return FetchedPage(
                items: pages[index], nextCursor: cursorOverride[index] ?? next, totalCount: pages.map(\.count).reduce(0, +))
        }
    }

    /// A credential item with a raw body derived from its fields, so a change in any field changes its hash.
    public static func item(
        _ id: String, email: String? = nil, phone: String? = nil, title: String = "Certificate", updatedAtMs: Int64? = nil
    ) -> ParsedItem {
        let raw = "{\"id\":\"\(id)\",\"email\":\"\(email ?? "")\",\"phone\":\"\(phone ?? "")\",\"title\":\"\(title)\"}"
        return .credential(
            CredentialItem(
                externalId: id, learnerEmail: email, learnerPhone: phone, learnerName: "Learner \(id)", title: title,
                issuedAtMs: 1_700_000_000_000, updatedAtMs: updatedAtMs, raw: raw))
    }
}

/// A `PlatformHTTP` that must not be used: for adapters that never touch the network.
public struct NoHTTP: PlatformHTTP {
    public init() {}

    public func get(_ url: String, query: [(String, String)], headers: [(String, String)]) throws -> HTTPClientResponse {
        preconditionFailure("this test's adapter does not use HTTP")
    }
}
