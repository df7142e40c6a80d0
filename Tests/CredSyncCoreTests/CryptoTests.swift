import Testing

@testable import CredSyncCore

// MARK: - Fixtures

private func bytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    return stride(from: 0, to: digits.count, by: 2).map {
        UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
    }
}

/// Test case 16 of McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)": AES-256, 96-bit IV, with AAD.
private enum GCMTestCase16 {
    static let key = bytes("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
    static let nonce = bytes("cafebabefacedbaddecaf888")
    static let plaintext = bytes(
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
    )
    static let aad = bytes("feedfacedeadbeeffeedfacedeadbeefabaddad2")
    static let ciphertext = bytes(
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
    )
    static let tag = bytes("76fc6ece0f4e1768cddf8853bb2d551b")
}

// MARK: - Tests

@Suite struct CryptoTests {
    @Test func sealMatchesTheGCMSpecification() throws {
        let sealed = try Crypto.aes256GCMSeal(
            key: GCMTestCase16.key, nonce: GCMTestCase16.nonce, plaintext: GCMTestCase16.plaintext,
            aad: GCMTestCase16.aad)
        #expect(sealed.ciphertext == GCMTestCase16.ciphertext)
        #expect(sealed.tag == GCMTestCase16.tag)
    }

    @Test func openMatchesTheGCMSpecificationAndRejectsAnyChange() throws {
        let opened = try Crypto.aes256GCMOpen(
            key: GCMTestCase16.key, nonce: GCMTestCase16.nonce, ciphertext: GCMTestCase16.ciphertext,
            tag: GCMTestCase16.tag, aad: GCMTestCase16.aad)
        #expect(opened == GCMTestCase16.plaintext)

        var otherAAD = GCMTestCase16.aad
        otherAAD[0] ^= 0x80
        #expect(throws: CryptoError.authenticationFailed) {
            _ = try Crypto.aes256GCMOpen(
                key: GCMTestCase16.key, nonce: GCMTestCase16.nonce, ciphertext: GCMTestCase16.ciphertext,
                tag: GCMTestCase16.tag, aad: otherAAD)
        }
        var otherTag = GCMTestCase16.tag
        otherTag[15] ^= 0x01
        #expect(throws: CryptoError.authenticationFailed) {
            _ = try Crypto.aes256GCMOpen(
                key: GCMTestCase16.key, nonce: GCMTestCase16.nonce, ciphertext: GCMTestCase16.ciphertext,
                tag: otherTag, aad: GCMTestCase16.aad)
        }
    }

    @Test func sha256MatchesFIPS180AndNamesKeys() throws {
        #expect(
            Crypto.sha256(Array("abc".utf8))
                == bytes("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        let key = try #require(EncryptionKey(bytes: GCMTestCase16.key))
        #expect(key.id.bytes == Array(Crypto.sha256(GCMTestCase16.key).prefix(8)))
    }

    @Test func randomBytesHaveTheRequestedLengthAndDiffer() throws {
        let first = try Crypto.randomBytes(32)
        #expect(first.count == 32)
        #expect(try Crypto.randomBytes(32) != first)
        #expect(try Crypto.randomBytes(0) == [])
    }
}
