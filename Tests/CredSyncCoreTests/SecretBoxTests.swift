import Testing

@testable import CredSyncCore

// MARK: - Fixtures

private let oldKey = EncryptionKey(hex: String(repeating: "0f", count: 32))!
private let newKey = EncryptionKey(hex: String(repeating: "a5", count: 32))!
private let nsqf: (id: Int64, name: String) = (7, "nsqf")
private let swayam: (id: Int64, name: String) = (8, "swayam")
private let secret = "client-secret-4f9a2c81d3e7b6"

/// Offsets of the blob layout documented on `SecretBox`.
private enum Layout {
    static let versionByte = 0
    static let keyIDByte = 1
    static let nonce = 9..<21
    static let firstCiphertextByte = 21
    static func lastTagByte(_ blob: [UInt8]) -> Int { blob.count - 1 }
}

private func flipping(_ blob: [UInt8], at index: Int) -> [UInt8] {
    var copy = blob
    copy[index] ^= 0x01
    return copy
}

private func message(of body: () throws -> Void) -> String {
    do {
        try body()
        return "no error"
    } catch {
        return "\(error)"
    }
}

// MARK: - Tests

@Suite struct SecretBoxTests {
    let box = SecretBox(currentKey: newKey)

    @Test(arguments: ["", "s3cr3t", "clé secrète — 秘密 🔑", String(repeating: "x", count: 10_000)])
    func roundTrip(plaintext: String) throws {
        let blob = try box.seal(plaintext, platformId: nsqf.id, field: "access_token")
        #expect(blob.count == SecretBox.minimumBlobByteCount + plaintext.utf8.count)
        #expect(
            try box.openString(blob, platformId: nsqf.id, field: "access_token", platformName: nsqf.name) == plaintext)
    }

    @Test func bytesRoundTripAndTheHeaderNamesTheVersionAndKey() throws {
        let plaintext: [UInt8] = [0, 1, 2, 255, 254, 0]
        let blob = try box.seal(plaintext, platformId: nsqf.id, field: "raw")
        #expect(blob[Layout.versionByte] == 1)
        #expect(Array(blob[Layout.keyIDByte..<Layout.nonce.lowerBound]) == newKey.id.bytes)
        #expect(SecretBox.keyID(of: blob) == newKey.id)
        #expect(try box.open(blob, platformId: nsqf.id, field: "raw", platformName: nsqf.name) == plaintext)
    }

    @Test func everySealDrawsAFreshTwelveByteNonce() throws {
        let first = try box.seal(secret, platformId: nsqf.id, field: "credentials")
        let second = try box.seal(secret, platformId: nsqf.id, field: "credentials")
        #expect(first != second)
        #expect(first[Layout.nonce] != second[Layout.nonce])
        #expect(first.count - secret.utf8.count - 9 - 16 == 12)
    }

    @Test func thePlaintextDoesNotOccurInTheBlob() throws {
        let plaintext = Array(secret.utf8)
        let blob = try box.seal(plaintext, platformId: nsqf.id, field: "credentials")
        let occurs = (0...(blob.count - plaintext.count)).contains {
            Array(blob[$0..<$0 + plaintext.count]) == plaintext
        }
        #expect(!occurs)
    }

    @Test(arguments: ["version", "key id", "nonce", "ciphertext", "tag"])
    func aTamperedByteIsRejectedNamingThePlatform(part: String) throws {
        let blob = try box.seal(secret, platformId: nsqf.id, field: "client_secret")
        let index =
            switch part {
            case "version": Layout.versionByte
            case "key id": Layout.keyIDByte
            case "nonce": Layout.nonce.lowerBound + 5
            case "ciphertext": Layout.firstCiphertextByte
            default: Layout.lastTagByte(blob)
            }
        let text = message {
            _ = try box.open(
                flipping(blob, at: index), platformId: nsqf.id, field: "client_secret", platformName: nsqf.name)
        }
        #expect(text.contains("platform 'nsqf'"), "\(part): \(text)")
        #expect(!text.contains(secret))
        if ["nonce", "ciphertext", "tag"].contains(part) {
            #expect(text == SecretError.cannotDecrypt(platform: "nsqf", field: "client_secret").description)
            #expect(text.contains("re-enter the platform's secrets"))
        }
    }

    @Test func aTruncatedOrEmptyBlobIsRejectedNotCrashed() throws {
        let blob = try box.seal(secret, platformId: nsqf.id, field: "credentials")
        for length in [0, 1, 9, 21, SecretBox.minimumBlobByteCount - 1, blob.count - 1] {
            let text = message {
                _ = try box.open(
                    Array(blob.prefix(length)), platformId: nsqf.id, field: "credentials", platformName: nsqf.name)
            }
            #expect(text.contains("platform 'nsqf'"), "length \(length): \(text)")
        }
    }

    @Test func aWrongKeyIsRejectedNamingThePlatformAndBothKeys() throws {
        let blob = try SecretBox(currentKey: oldKey).seal(secret, platformId: nsqf.id, field: "credentials")
        #expect(
            throws: SecretError.unknownKey(
                platform: "nsqf", field: "credentials", sealedWith: oldKey.id, configured: newKey.id)
        ) {
            _ = try box.open(blob, platformId: nsqf.id, field: "credentials", platformName: nsqf.name)
        }
        let text = message {
            _ = try box.open(blob, platformId: nsqf.id, field: "credentials", platformName: nsqf.name)
        }
        #expect(text.contains("platform 'nsqf'"))
        #expect(text.contains("key \(oldKey.id)") && text.contains("configured key is \(newKey.id)"))
        #expect(text.contains("CREDSYNC_ENCRYPTION_KEY"))
    }

    @Test func aBlobMovedToAnotherPlatformIsRejected() throws {
        let blob = try box.seal(secret, platformId: nsqf.id, field: "credentials")
        #expect(throws: SecretError.cannotDecrypt(platform: "swayam", field: "credentials")) {
            _ = try box.open(blob, platformId: swayam.id, field: "credentials", platformName: swayam.name)
        }
    }

    @Test func aBlobMovedToAnotherFieldIsRejected() throws {
        let blob = try box.seal(secret, platformId: nsqf.id, field: "access_token")
        #expect(throws: SecretError.cannotDecrypt(platform: "nsqf", field: "refresh_token")) {
            _ = try box.open(blob, platformId: nsqf.id, field: "refresh_token", platformName: nsqf.name)
        }
    }

    @Test func platformAndFieldAreBoundWithoutAmbiguity() throws {
        // "platform=1" + "field=2…" must not collide with "platform=12" + "field=…".
        let blob = try box.seal(secret, platformId: 1, field: "2x")
        #expect(throws: SecretError.self) { _ = try box.open(blob, platformId: 12, field: "x", platformName: "p12") }
    }

    @Test func anOldKeyStillOpensAfterRotationAndResealUsesTheNewKey() throws {
        let sealedWithOld = try SecretBox(currentKey: oldKey).seal(secret, platformId: nsqf.id, field: "credentials")
        let rotating = SecretBox(currentKey: newKey, previousKeys: [oldKey])
        #expect(
            try rotating.openString(sealedWithOld, platformId: nsqf.id, field: "credentials", platformName: nsqf.name)
                == secret)

        let resealed = try rotating.reseal(
            sealedWithOld, platformId: nsqf.id, field: "credentials", platformName: nsqf.name)
        #expect(SecretBox.keyID(of: resealed) == newKey.id)
        #expect(
            try box.openString(resealed, platformId: nsqf.id, field: "credentials", platformName: nsqf.name) == secret)
        // Once the old key is dropped, what it sealed no longer opens.
        #expect(throws: SecretError.self) {
            _ = try box.open(sealedWithOld, platformId: nsqf.id, field: "credentials", platformName: nsqf.name)
        }
    }

    @Test func bytesThatAreNotUTF8AreRejectedAsText() throws {
        let blob = try box.seal([0xFF, 0xFE], platformId: nsqf.id, field: "credentials")
        #expect(throws: SecretError.malformed(platform: "nsqf", field: "credentials", reason: "it is not UTF-8 text")) {
            _ = try box.openString(blob, platformId: nsqf.id, field: "credentials", platformName: nsqf.name)
        }
    }

    // MARK: - PlatformSecrets

    @Test func platformSecretsRoundTripThroughTheBox() throws {
        let secrets = PlatformSecrets(clientId: "nsqf-client", clientSecret: secret)
        let blob = try secrets.sealed(by: box, platformId: nsqf.id)
        #expect(try PlatformSecrets.opened(blob, by: box, platformId: nsqf.id, platformName: nsqf.name) == secrets)
        #expect(throws: SecretError.cannotDecrypt(platform: "swayam", field: PlatformSecrets.field)) {
            _ = try PlatformSecrets.opened(blob, by: box, platformId: swayam.id, platformName: swayam.name)
        }
    }

    @Test func sealedJSONThatIsNotSecretsIsRejectedWithoutQuotingIt() throws {
        let blob = try box.seal(
            #"{"apiKey": 42, "note": "\#(secret)"}"#, platformId: nsqf.id, field: PlatformSecrets.field)
        let text = message {
            _ = try PlatformSecrets.opened(blob, by: box, platformId: nsqf.id, platformName: nsqf.name)
        }
        #expect(text.contains("platform 'nsqf'") && text.contains("not a JSON object of secret fields"))
        #expect(!text.contains(secret))
    }

    @Test func platformSecretsNeverPrintTheirValues() {
        let secrets = PlatformSecrets(apiKey: "api-key-value-123", clientSecret: secret, password: "hunter2-password")
        var dumped = ""
        dump(secrets, to: &dumped)
        for text in ["\(secrets)", String(describing: secrets), String(reflecting: secrets), dumped, "\([secrets])"] {
            #expect(
                !text.contains("api-key-value-123") && !text.contains(secret) && !text.contains("hunter2"), "\(text)")
        }
        #expect("\(secrets)" == "PlatformSecrets(apiKey: ***, clientSecret: ***, password: ***)")
        #expect(dumped.contains("apiKey") && dumped.contains("***"))
        #expect("\(PlatformSecrets())" == "PlatformSecrets()")
    }

    @Test func keysNeverPrintTheirBytes() {
        var dumped = ""
        dump(newKey, to: &dumped)
        for text in ["\(newKey)", String(reflecting: newKey), dumped] {
            #expect(!text.contains(newKey.hexEncoded) && !text.contains("bytes"), "\(text)")
            #expect(text.contains(newKey.id.description))
        }
    }
}
