import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

// MARK: - Fixtures

private let nsqfSecret = "nsqf-client-secret-5c0ffee"
private let swayamKey = "swayam-api-key-b4dc0de"
private let accessToken = "nsqf-access-token-77aa"
private let refreshToken = "nsqf-refresh-token-88bb"

/// A database with two platforms' secrets and one platform's tokens, sealed under the key in `keyPath`.
private struct RotationFixture {
    let database: TestDatabase
    let keyPath: String
    let oldKey: EncryptionKey
    let nsqf: Platform
    let swayam: Platform

    init() throws {
        database = try TestDatabase()
        keyPath = database.directory.file("config/key")
        oldKey = try KeyStore.createKeyFile(at: keyPath)
        let box = SecretBox(currentKey: oldKey)
        let store = PlatformStore(db: database.db, clock: database.clock)
        nsqf = try store.add(
            PlatformDefinition(
                name: "nsqf", adapter: "nsqf", apiBaseURL: "https://nsqf.example", authType: .oauth2ClientCredentials),
            secrets: PlatformSecrets(clientId: "c", clientSecret: nsqfSecret), box: box)
        swayam = try store.add(
            PlatformDefinition(
                name: "swayam", adapter: "swayam", apiBaseURL: "https://swayam.example", authType: .apiKey),
            secrets: PlatformSecrets(apiKey: swayamKey), box: box)
        try TokenStore(db: database.db, clock: database.clock, box: box).store(
            TokenStore.Token(accessToken: accessToken, refreshToken: refreshToken, expiresAtMs: 1), for: nsqf)
    }

    var audit: AuditLog { AuditLog(db: database.db, clock: database.clock, actor: "tester") }

    func loadRing() throws -> KeyRing {
        try KeyRing.load(environment: ["HOME": "/nonexistent"], keyFilePath: keyPath, createIfMissing: false)
    }

    /// Every secret, opened with `box`.
    func secrets(with box: SecretBox) throws -> [String] {
        let store = PlatformStore(db: database.db, clock: database.clock)
        let token = try #require(try TokenStore(db: database.db, clock: database.clock, box: box).token(for: nsqf))
        return [
            try store.secrets(of: nsqf, box: box).clientSecret ?? "",
            try store.secrets(of: swayam, box: box).apiKey ?? "",
            token.accessToken, token.refreshToken ?? "",
        ]
    }

    /// How many of the secrets `box` can open.
    func openable(with box: SecretBox) throws -> Int {
        let check = try SecretReencryption(db: database.db).check(box: box)
        return check.sealed - check.problems.count
    }
}

private let allSecrets = [nsqfSecret, swayamKey, accessToken, refreshToken]

private struct SimulatedCrash: Error {}

// MARK: - Tests

@Suite struct KeyRotationTests {
    @Test func afterARotationEverySecretOpensWithTheNewKeyAndNoneWithTheOld() throws {
        let fixture = try RotationFixture()
        let result = try KeyRotation(db: fixture.database.db, audit: fixture.audit).run(try fixture.loadRing())
        #expect(result.summary.sealed == 4)
        #expect(result.summary.resealed == 4)
        #expect(result.fromKeys == [fixture.oldKey.id])

        let ring = try fixture.loadRing()
        #expect(!ring.rotationPending)
        #expect(ring.current.id == result.toKey)
        #expect(ring.current.id != fixture.oldKey.id)
        #expect(!FileManager.default.fileExists(atPath: KeyRing.pendingKeyFilePath(for: fixture.keyPath)))
        #expect(try fixture.secrets(with: ring.box) == allSecrets)
        #expect(try fixture.openable(with: ring.box) == 4)
        #expect(try fixture.openable(with: SecretBox(currentKey: fixture.oldKey)) == 0)

        let audit = try #require(try fixture.audit.entries(limit: 1).first)
        #expect(audit.action == "key.rotate")
        #expect(audit.details["to_key"] == .string(result.toKey.description))
        let details = JSONValue.object(audit.details).serialized
        for secret in allSecrets + [ring.current.hexEncoded, fixture.oldKey.hexEncoded] {
            #expect(!details.contains(secret))
        }
    }

    @Test func aCrashInsideTheTransactionLeavesEverySecretReadableAndTheNextRotationFinishes() throws {
        let fixture = try RotationFixture()
        let rotation = KeyRotation(db: fixture.database.db, audit: fixture.audit)
        let prepared = try rotation.prepare(keyFilePath: fixture.keyPath)
        #expect(throws: SimulatedCrash.self) {
            _ = try rotation.reencrypt(prepared) { resealed in if resealed == 2 { throw SimulatedCrash() } }
        }
        // The transaction rolled back: all under the old key, which the ring still holds beside the pending one.
        #expect(try fixture.openable(with: SecretBox(currentKey: fixture.oldKey)) == 4)
        let ring = try fixture.loadRing()
        #expect(ring.rotationPending)
        #expect(ring.current.id == prepared.current.id)
        #expect(try fixture.secrets(with: ring.box) == allSecrets)
        #expect(try fixture.audit.entries().isEmpty)

        // Running it again takes up the same new key and completes.
        let result = try rotation.run(try fixture.loadRing())
        #expect(result.toKey == prepared.current.id)
        let final = try fixture.loadRing()
        #expect(!final.rotationPending)
        #expect(try fixture.secrets(with: SecretBox(currentKey: final.current)) == allSecrets)
        #expect(try fixture.openable(with: SecretBox(currentKey: fixture.oldKey)) == 0)
    }

    @Test func aCrashAfterTheCommitLeavesEverySecretReadableAndNewSecretsUseTheNewKey() throws {
        let fixture = try RotationFixture()
        let rotation = KeyRotation(db: fixture.database.db, audit: fixture.audit)
        let prepared = try rotation.prepare(keyFilePath: fixture.keyPath)
        _ = try rotation.reencrypt(prepared)
        // Cut off before `finish`: the key file still holds the old key, the database the new one.
        #expect(try KeyStore.readKeyFile(at: fixture.keyPath).id == fixture.oldKey.id)
        let ring = try fixture.loadRing()
        #expect(try fixture.secrets(with: ring.box) == allSecrets)
        // A process started now seals with the new key.
        try TokenStore(db: fixture.database.db, clock: fixture.database.clock, box: ring.box).store(
            TokenStore.Token(accessToken: accessToken, refreshToken: refreshToken), for: fixture.nsqf)

        let result = try rotation.run(try fixture.loadRing())
        #expect(result.summary.resealed == 0)
        let final = try fixture.loadRing()
        #expect(final.current.id == prepared.current.id)
        #expect(try fixture.secrets(with: SecretBox(currentKey: final.current)) == allSecrets)
    }

    @Test func aWrongKeyNamesThePlatformAndChangesNothing() throws {
        let fixture = try RotationFixture()
        let stranger = KeyRing(
            current: try KeyStore.generate(), previous: [try KeyStore.generate()], source: .environment)
        #expect {
            _ = try KeyRotation(db: fixture.database.db, audit: fixture.audit).run(stranger)
        } throws: { error in
            "\(error)".contains("platform 'nsqf'") && "\(error)".contains("encrypted with key \(fixture.oldKey.id)")
        }
        #expect(try fixture.openable(with: SecretBox(currentKey: fixture.oldKey)) == 4)
        let problems = try SecretReencryption(db: fixture.database.db).check(box: stranger.box).problems
        #expect(problems.count == 4)
        #expect(Set(problems.map { "\($0)".contains("'nsqf'") ? "nsqf" : "swayam" }) == ["nsqf", "swayam"])
    }

    @Test func anEnvironmentKeyRotatesFromThePreviousVariable() throws {
        let fixture = try RotationFixture()
        let newKey = try KeyStore.generate()
        let without = try KeyRing.load(environment: [KeyStore.environmentVariable: newKey.hexEncoded])
        #expect(throws: KeyRotationError.environmentKeyWithoutPrevious) {
            _ = try KeyRotation(db: fixture.database.db, audit: fixture.audit).run(without)
        }
        let ring = try KeyRing.load(environment: [
            KeyStore.environmentVariable: newKey.hexEncoded,
            KeyStore.previousEnvironmentVariable: fixture.oldKey.hexEncoded,
        ])
        let result = try KeyRotation(db: fixture.database.db, audit: fixture.audit).run(ring)
        #expect(result.summary.resealed == 4)
        #expect(try fixture.secrets(with: SecretBox(currentKey: newKey)) == allSecrets)
        #expect(
            throws: KeyStoreError.invalidEnvironmentKey(
                variable: KeyStore.previousEnvironmentVariable, problem: "it is empty")
        ) {
            _ = try KeyRing.load(environment: [
                KeyStore.environmentVariable: newKey.hexEncoded, KeyStore.previousEnvironmentVariable: "",
            ])
        }
    }
}
