import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncSim

/// One way to run an adapter against the simulator, and which faults its contract can show.
struct ConformanceFixture: Sendable, CustomStringConvertible {
    var adapter: String
    var contract: SimulatedContract
    var variant = ""
    var genericStyle: GenericRESTPagination.Style = .page
    /// file_import from a local copy of the export (`config.path`) instead of the URL.
    var localFile = false
    var auth: SimulatedPlatform.Auth?
    /// The platform's own next-page pointer can send the client back to the same page (page numbers and offsets
    /// that the adapter counts itself cannot).
    var canRepeatCursor = true
    /// Pages are JSON documents (a file's rows fail one by one instead).
    var pagesAreJSON = true
    var requiresAuth = true
    var overHTTP = true

    var description: String { variant.isEmpty ? adapter : "\(adapter)/\(variant)" }

    /// Every built-in adapter's ways; a new adapter needs a simulator contract and a line here.
    static let all: [ConformanceFixture] = [
        ConformanceFixture(adapter: "nsqf", contract: .nsqf),
        ConformanceFixture(adapter: "swayam", contract: .swayam),
        ConformanceFixture(adapter: "openbadges", contract: .openbadges),
        ConformanceFixture(adapter: "credly", contract: .credly),
        ConformanceFixture(
            adapter: "generic_rest", contract: .genericRest, variant: "page", genericStyle: .page,
            canRepeatCursor: false),
        ConformanceFixture(
            adapter: "generic_rest", contract: .genericRest, variant: "offset", genericStyle: .offset,
            canRepeatCursor: false),
        ConformanceFixture(adapter: "generic_rest", contract: .genericRest, variant: "cursor", genericStyle: .cursor),
        ConformanceFixture(adapter: "generic_rest", contract: .genericRest, variant: "link", genericStyle: .link),
        ConformanceFixture(
            adapter: "file_import", contract: .fileCSV, variant: "csv-url", auth: .bearer, canRepeatCursor: false,
            pagesAreJSON: false),
        ConformanceFixture(
            adapter: "file_import", contract: .fileJSONL, variant: "jsonl-url", auth: .bearer, canRepeatCursor: false,
            pagesAreJSON: false),
        ConformanceFixture(
            adapter: "file_import", contract: .fileCSV, variant: "csv-path", localFile: true, canRepeatCursor: false,
            pagesAreJSON: false, requiresAuth: false, overHTTP: false),
    ]

    static func fixtures(for adapter: String) -> [ConformanceFixture] {
        let fixtures = all.filter { $0.adapter == adapter }
        if fixtures.isEmpty {
            Issue.record("no simulator fixture for adapter \(adapter): add one to ConformanceFixture.all")
        }
        return fixtures
    }
}

/// A simulator with one platform for a fixture, its adapter, and a client with the right (or wrong) credentials.
final class ConformanceHarness {
    static let name = "platform"
    let fixture: ConformanceFixture
    let clock = ManualClock(nowMs: 1_748_736_000_000)  // 2025-06-01T00:00:00Z
    let simulator: PlatformSimulator
    let adapter: any PlatformAdapter
    let directory = TemporaryDirectory("conformance")
    let pageSize: Int

    init(_ fixture: ConformanceFixture, count: Int = 250, pageSize: Int = 50) throws {
        self.fixture = fixture
        self.pageSize = pageSize
        simulator = PlatformSimulator(
            platforms: [
                SimulatedPlatform(
                    name: Self.name, contract: fixture.contract, count: count, seed: 7, auth: fixture.auth)
            ], clock: clock)
        try simulator.start()
        var definition = simulator.definition(for: Self.name, genericStyle: fixture.genericStyle)
        if fixture.localFile {
            let path = directory.file("export" + fixture.contract.pagesPath.drop { $0 != "." })
            try simulator.writeExport(platform: Self.name, to: path)
            definition.config["url"] = nil
            definition.config["path"] = .string(path)
        }
        adapter = try AdapterRegistry.makeAdapter(for: definition)
    }

    deinit { simulator.stop() }

    var generator: CredentialGenerator { simulator.platform(named: Self.name).generator }

    /// A client that authenticates as the simulator expects (`wrongSecret`: with every secret altered).
    func client(wrongSecret: Bool = false) -> DirectPlatformHTTP {
        let platform = simulator.platform(named: Self.name)
        let suffix = wrongSecret ? "-wrong" : ""
        let definition = simulator.definition(for: Self.name)
        switch definition.authType {
        case .oauth2ClientCredentials:
            return DirectPlatformHTTP(
                auth: .clientCredentials(
                    tokenURL: simulator.baseURL(for: Self.name) + "/oauth/token", clientId: platform.clientId,
                    clientSecret: platform.clientSecret + suffix))
        case .apiKey: return DirectPlatformHTTP(auth: .header(name: "X-API-Key", value: platform.apiKey + suffix))
        case .basic: return DirectPlatformHTTP(auth: .basic(user: platform.token + suffix, password: ""))
        case .bearer: return DirectPlatformHTTP(auth: .bearer(platform.token + suffix))
        default: return DirectPlatformHTTP(auth: .none)
        }
    }

    func fetch(cursor: String? = nil, sinceMs: Int64? = nil, using http: DirectPlatformHTTP) throws -> FetchedPage {
        try adapter.fetchPage(PageRequest(cursor: cursor, sinceMs: sinceMs, pageSize: pageSize), using: http)
    }

    /// Every page to the end; fails the test (and stops) if a cursor repeats.
    func fetchAll(sinceMs: Int64? = nil) throws -> [FetchedPage] {
        let http = client()
        var pages: [FetchedPage] = []
        var seen = Set<String>()
        var cursor: String?
        repeat {
            let page = try fetch(cursor: cursor, sinceMs: sinceMs, using: http)
            pages.append(page)
            cursor = page.nextCursor
            if let cursor, !seen.insert(cursor).inserted {
                Issue.record("\(fixture): the cursor \(cursor) repeated")
                break
            }
        } while cursor != nil && pages.count < 10_000
        return pages
    }
}

/// Every item's external id (credentials and invalid items that have one), in order.
private func externalIds(_ pages: [FetchedPage]) -> [String] {
    pages.flatMap(\.items).compactMap { item in
        switch item {
        case .credential(let credential): credential.externalId
        case .invalid(let externalId, _): externalId
        }
    }
}

/// The conformance suite: the same behaviour asked of every registered adapter against the simulator
/// (SPEC §5, §11, §12). Adding an adapter to `AdapterRegistry` adds it here; without a fixture it fails.
@Suite struct AdapterConformanceTests {
    static let adapters = AdapterRegistry.builtIn.keys.sorted()

    @Test(arguments: adapters)
    func pagingToTheEndYieldsEveryCredentialOnce(adapter: String) throws {
        for fixture in ConformanceFixture.fixtures(for: adapter) {
            let harness = try ConformanceHarness(fixture)
            let pages = try harness.fetchAll()
            let ids = externalIds(pages)
            let generator = harness.generator
            #expect(Set(ids) == harness.simulator.externalIds(platform: ConformanceHarness.name), "\(fixture)")
            #expect(Set(ids).count == 250, "\(fixture)")
            // Duplicates across pages arrive as sent; the pipeline's upsert folds them.
            #expect(ids.count == generator.positionCount, "\(fixture)")
            #expect(ids.count > 250, "\(fixture)")
            if let total = pages.first?.totalCount { #expect(total == generator.positionCount, "\(fixture)") }
            #expect(pages.count >= 250 / 50, "\(fixture)")
        }
    }

    @Test(arguments: adapters)
    func invalidItemsAreCountedWithReasons(adapter: String) throws {
        for fixture in ConformanceFixture.fixtures(for: adapter) {
            let harness = try ConformanceHarness(fixture)
            var invalid: [String: String] = [:]
            for case .invalid(let externalId, let reason) in try harness.fetchAll().flatMap(\.items) {
                invalid[externalId ?? "?"] = reason
            }
            let generator = harness.generator
            let expected = Set((0..<generator.count).filter(generator.hasInvalidDate).map(generator.externalId))
            #expect(Set(invalid.keys) == expected, "\(fixture)")
            #expect(invalid.values.allSatisfy { $0.contains("unparseable") && $0.contains("2024-02-30") }, "\(fixture)")
        }
    }

    @Test(arguments: adapters)
    func anIncrementalSyncSeesTheUpdatesAndNothingOlder(adapter: String) throws {
        for fixture in ConformanceFixture.fixtures(for: adapter) {
            let harness = try ConformanceHarness(fixture)
            let updated = harness.simulator.update(platform: ConformanceHarness.name, count: 7)
            if fixture.localFile {  // the partner delivers a new file
                try harness.simulator.writeExport(
                    platform: ConformanceHarness.name, to: harness.directory.file("export.csv"))
            }
            let sinceMs = harness.clock.nowMs - 5 * 60_000
            let items = try harness.fetchAll(sinceMs: sinceMs).flatMap(\.items)
            let ids = Set(externalIds([FetchedPage(items: items, nextCursor: nil)]))
            #expect(ids.isSuperset(of: updated), "\(fixture)")
            for case .credential(let credential) in items {
                #expect((credential.updatedAtMs ?? 0) >= sinceMs, "\(fixture): \(credential.externalId)")
                #expect(credential.title?.contains("(revision 1)") == true, "\(fixture): \(credential.externalId)")
            }
        }
    }

    @Test(arguments: adapters)
    func refusedCredentialsFailWith401(adapter: String) throws {
        for fixture in ConformanceFixture.fixtures(for: adapter) where fixture.requiresAuth {
            let harness = try ConformanceHarness(fixture)
            let error = #expect(throws: (any Error).self, "\(fixture)") {
                try harness.fetch(using: harness.client(wrongSecret: true))
            }
            #expect(
                String(describing: error ?? AdapterError.invalidCursor(cursor: "", expected: "")).contains("401"),
                "\(fixture)")
        }
    }

    @Test(arguments: adapters)
    func aMalformedPageFailsQuotingItsFirstBytes(adapter: String) throws {
        for fixture in ConformanceFixture.fixtures(for: adapter) where fixture.pagesAreJSON {
            let harness = try ConformanceHarness(fixture)
            harness.simulator.inject(.malformedJSON, platform: ConformanceHarness.name)
            let error = #expect(throws: AdapterError.self, "\(fixture)") { try harness.fetch(using: harness.client()) }
            let text = error?.description ?? ""
            #expect(text.contains("not valid JSON"), "\(fixture)")
            #expect(text.contains("`{\""), "\(fixture): \(text)")
        }
    }

    @Test(arguments: adapters)
    func aRepeatingCursorComesBackUnchanged(adapter: String) throws {
        for fixture in ConformanceFixture.fixtures(for: adapter) where fixture.canRepeatCursor {
            let harness = try ConformanceHarness(fixture)
            harness.simulator.setRepeatingCursor(platform: ConformanceHarness.name, on: true)
            let http = harness.client()
            let first = try harness.fetch(using: http)
            let cursor = try #require(first.nextCursor, "\(fixture)")
            let second = try harness.fetch(cursor: cursor, using: http)
            #expect(second.nextCursor == cursor, "\(fixture)")
        }
    }

    @Test(arguments: adapters)
    func aTruncatedBodyFailsRatherThanYieldingAShortPage(adapter: String) throws {
        for fixture in ConformanceFixture.fixtures(for: adapter) where fixture.overHTTP {
            let harness = try ConformanceHarness(fixture)
            harness.simulator.inject(.truncate(afterBytes: 100), platform: ConformanceHarness.name)
            let error = #expect(throws: HTTPError.self, "\(fixture)") { try harness.fetch(using: harness.client()) }
            #expect(error?.kind == .network, "\(fixture)")
        }
    }

    @Test func fiveThousandCredentialsPageThrough() throws {
        let harness = try ConformanceHarness(
            ConformanceFixture(adapter: "nsqf", contract: .nsqf), count: 5_000, pageSize: 500)
        let pages = try harness.fetchAll()
        #expect(Set(externalIds(pages)).count == 5_000)
        #expect(pages.count == (harness.generator.positionCount + 499) / 500)
        #expect(harness.simulator.counters(platform: ConformanceHarness.name).pages == pages.count)
    }
}
