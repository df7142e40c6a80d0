import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncSim

/// `credsync platforms test` (`Operations.previewPlatform`) against the simulator, for every built-in adapter: the
/// first page, what each item would become, and nothing written.
@Suite struct PlatformPreviewTests {
    /// The fixture's platform as `platforms add` would store it, with its secrets.
    static func definition(_ harness: ConformanceHarness) -> (PlatformDefinition, PlatformSecrets?) {
        let fixture = harness.fixture
        var definition = harness.simulator.definition(for: ConformanceHarness.name, genericStyle: fixture.genericStyle)
        if fixture.localFile {
            definition.config["url"] = nil
            definition.config["path"] = .string(
                harness.directory.file("export" + fixture.contract.pagesPath.drop { $0 != "." }))
        }
        definition.config["pageSize"] = .integer(10)
        let object = harness.simulator.secrets(for: ConformanceHarness.name)
        guard !object.keys.isEmpty else { return (definition, nil) }
        return (
            definition,
            PlatformSecrets(
                apiKey: object["apiKey"]?.stringValue, clientId: object["clientId"]?.stringValue,
                clientSecret: object["clientSecret"]?.stringValue, accessToken: object["accessToken"]?.stringValue,
                refreshToken: object["refreshToken"]?.stringValue)
        )
    }

    static func operations(_ database: TestDatabase, box: SecretBox) throws -> Operations {
        Operations(
            OperationContext(
                db: database.db, clock: database.clock,
                settings: try Settings.load(
                    flags: [:], environment: ["CREDSYNC_DB": database.path, "HOME": database.directory.path],
                    configFile: nil),
                actor: "operator", secretBox: { box }, alertSink: .none))
    }

    @Test(arguments: ConformanceFixture.all)
    func aStoredPlatformsFirstPageIsPreviewedAndNothingIsWritten(_ fixture: ConformanceFixture) throws {
        let harness = try ConformanceHarness(fixture, count: 250, pageSize: 10)
        let database = try TestDatabase(nowMs: harness.clock.nowMs)
        let box = SecretBox(currentKey: try KeyStore.generate())
        let (definition, secrets) = Self.definition(harness)
        // Credly's API chooses its own page size.
        let pageItems = fixture.adapter == "credly" ? 50 : 10
        let platform = try PlatformStore(db: database.db, clock: database.clock).add(
            definition, secrets: secrets, box: box)
        let operations = try Self.operations(database, box: box)
        let before = try rowCounts(database.db)

        let preview = try operations.previewPlatform(.platform(.id(platform.id)))
        #expect(try rowCounts(database.db) == before, "\(fixture): nothing written")
        #expect(preview.items.count == pageItems, "\(fixture)")
        #expect(preview.nextCursor != nil, "\(fixture): 250 items, so a second page")
        #expect(preview.totals.matched == 0, "\(fixture): no users yet, nothing matches")
        #expect(preview.totals.pending > 0, "\(fixture)")
        #expect(preview.summary.hasPrefix("first page: \(pageItems) items — "), "\(preview.summary)")
        let first = try #require(preview.items.first { $0.externalId != nil && $0.title != nil }, "\(fixture)")
        #expect(first.issuedAtMs != nil, "\(fixture)")

        // A user with the email of one item: that item, and only items with that email, would match them.
        if let item = preview.items.first(where: { $0.identifierType == .email }), let email = item.identifier {
            _ = try operations.importUsers(
                try UserImport(
                    text: "external_ref,name,email,phone\nu1,Asha Rao,\(email),\n", format: .csv,
                    phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91")), source: "test")
            let afterImport = try rowCounts(database.db)
            let again = try operations.previewPlatform(.platform(.id(platform.id)))
            #expect(try rowCounts(database.db) == afterImport)
            let matched = again.items.first { $0.externalId == item.externalId }
            guard case .matched(let userId, .email)? = matched?.outcome else {
                Issue.record("\(fixture): \(String(describing: matched?.outcome))")
                return
            }
            #expect(again.users[userId]?.name == "Asha Rao")
        }
    }

    @Test(arguments: ConformanceFixture.all)
    func aPlatformFileIsPreviewedWithoutBeingSaved(_ fixture: ConformanceFixture) throws {
        let harness = try ConformanceHarness(fixture, count: 30, pageSize: 10)
        let database = try TestDatabase(nowMs: harness.clock.nowMs)
        let (definition, secrets) = Self.definition(harness)
        let changes = try PlatformChanges(
            json: [
                "name": .string("trial"), "adapter": .string(definition.adapter),
                "api_base_url": .string(definition.apiBaseURL), "auth_type": .string(definition.authType.rawValue),
                "config": .object(definition.config),
            ])
        let before = try rowCounts(database.db)
        let preview = try Self.operations(database, box: SecretBox(currentKey: try KeyStore.generate()))
            .previewPlatform(.definition(changes, secrets: secrets))
        #expect(try rowCounts(database.db) == before, "\(fixture): no platform, token or audit row")
        #expect(preview.platformName == "trial")
        #expect(!preview.items.isEmpty, "\(fixture)")
    }

    @Test func wrongSecretsFailWithTheStatusAndStoreNothing() throws {
        let harness = try ConformanceHarness(ConformanceFixture.all[0], count: 30, pageSize: 10)
        let database = try TestDatabase(nowMs: harness.clock.nowMs)
        var (definition, _) = Self.definition(harness)
        definition.name = "trial"
        let box = SecretBox(currentKey: try KeyStore.generate())
        let platform = try PlatformStore(db: database.db, clock: database.clock).add(
            definition, secrets: PlatformSecrets(clientId: "nobody-client", clientSecret: "wrong-client-secret"), box: box)
        let before = try rowCounts(database.db)
        #expect {
            try Self.operations(database, box: box).previewPlatform(.platform(.id(platform.id)))
        } throws: { error in
            "\(error)".contains("refused") && "\(error)".contains("401")
        }
        #expect(try rowCounts(database.db) == before, "a preview's refused token does not disable the platform")
    }
}
