import CCrypto

/// The typed face of libcrypto: random bytes, SHA-256 and AES-256-GCM. The only file that imports `CCrypto`.
///
/// Sizes are fixed by the algorithm; passing a key, nonce or tag of another size is a bug and traps. Failures of
/// libcrypto itself throw `CryptoError` with OpenSSL's reason.
enum Crypto {
    static let keyByteCount = 32
    static let nonceByteCount = 12
    static let tagByteCount = 16
    static let sha256ByteCount = 32

    /// `count` bytes from OpenSSL's CSPRNG.
    static func randomBytes(_ count: Int) throws -> [UInt8] {
        precondition(count >= 0)
        guard count > 0 else { return [] }
        ERR_clear_error()
        var bytes = [UInt8](repeating: 0, count: count)
        // > RAND_bytes() returns 1 on success, -1 if not supported by the current RAND method, or 0 on other failure.
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { throw CryptoError.failed("RAND_bytes", reason: lastError()) }
        return bytes
    }

    /// The SHA-256 digest of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: sha256ByteCount)
        // SHA256() hashes in memory with a built-in implementation; it returns NULL only when libcrypto is broken.
        let result = bytes.withUnsafeBufferPointer { SHA256($0.baseAddress, $0.count, &digest) }
        precondition(result != nil, "libcrypto's SHA256() failed: \(lastError())")
        return digest
    }

    /// Encrypts `plaintext` under `key` (32 bytes) and `nonce` (12 bytes), authenticating `aad` as well.
    ///
    /// A nonce must never be used twice with the same key: draw each one from `randomBytes(nonceByteCount)`.
    static func aes256GCMSeal(
        key: [UInt8], nonce: [UInt8], plaintext: [UInt8], aad: [UInt8]
    ) throws -> (ciphertext: [UInt8], tag: [UInt8]) {
        precondition(key.count == keyByteCount && nonce.count == nonceByteCount)
        let context = try CipherContext()
        try context.check("EVP_EncryptInit_ex2", EVP_EncryptInit_ex2(context.handle, context.cipher, nil, nil, nil))
        try context.check("set IV length", credsync_gcm_set_iv_length(context.handle, Int32(nonceByteCount)))
        try context.check("EVP_EncryptInit_ex2", EVP_EncryptInit_ex2(context.handle, nil, key, nonce, nil))
        try context.addAAD(aad, encrypting: true)
        // GCM is a stream mode: the output has exactly the length of the input, and Final writes nothing.
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + Int(EVP_MAX_BLOCK_LENGTH))
        var written: Int32 = 0
        if !plaintext.isEmpty {
            try context.check(
                "EVP_EncryptUpdate",
                EVP_EncryptUpdate(context.handle, &ciphertext, &written, plaintext, Int32(plaintext.count)))
        }
        var finalWritten: Int32 = 0
        try ciphertext.withUnsafeMutableBufferPointer { buffer in
            let end = buffer.baseAddress! + Int(written)
            try context.check("EVP_EncryptFinal_ex", EVP_EncryptFinal_ex(context.handle, end, &finalWritten))
        }
        ciphertext.removeSubrange(Int(written + finalWritten)...)
        // > EVP_CTRL_AEAD_GET_TAG … can only be made when encrypting data and after all data has been processed
        var tag = [UInt8](repeating: 0, count: tagByteCount)
        try context.check("get GCM tag", credsync_gcm_get_tag(context.handle, &tag, Int32(tagByteCount)))
        return (ciphertext, tag)
    }

    /// Decrypts and authenticates; throws `CryptoError.authenticationFailed` when the key, nonce, ciphertext, tag
    /// or `aad` differ from those of the seal. No plaintext is ever returned unauthenticated.
    static func aes256GCMOpen(
        key: [UInt8], nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8], aad: [UInt8]
    ) throws -> [UInt8] {
        precondition(key.count == keyByteCount && nonce.count == nonceByteCount && tag.count == tagByteCount)
        let context = try CipherContext()
        try context.check("EVP_DecryptInit_ex2", EVP_DecryptInit_ex2(context.handle, context.cipher, nil, nil, nil))
        try context.check("set IV length", credsync_gcm_set_iv_length(context.handle, Int32(nonceByteCount)))
        try context.check("EVP_DecryptInit_ex2", EVP_DecryptInit_ex2(context.handle, nil, key, nonce, nil))
        try context.addAAD(aad, encrypting: false)
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + Int(EVP_MAX_BLOCK_LENGTH))
        var written: Int32 = 0
        if !ciphertext.isEmpty {
            try context.check(
                "EVP_DecryptUpdate",
                EVP_DecryptUpdate(context.handle, &plaintext, &written, ciphertext, Int32(ciphertext.count)))
        }
        var expectedTag = tag
        // > The tag must be set prior to any call to EVP_DecryptFinal() or EVP_DecryptFinal_ex().
        try context.check("set GCM tag", credsync_gcm_set_tag(context.handle, &expectedTag, Int32(tagByteCount)))
        var finalWritten: Int32 = 0
        let verified = plaintext.withUnsafeMutableBufferPointer { buffer in
            EVP_DecryptFinal_ex(context.handle, buffer.baseAddress! + Int(written), &finalWritten)
        }
        // > When decrypting, the return value of EVP_DecryptFinal() or EVP_CipherFinal() indicates whether the
        // > operation was successful. If it does not indicate success, the authentication operation has failed and
        // > any output data MUST NOT be used as it is corrupted.
        guard verified > 0 else {
            ERR_clear_error()
            throw CryptoError.authenticationFailed
        }
        plaintext.removeSubrange(Int(written + finalWritten)...)
        return plaintext
    }

    /// OpenSSL's description of the most recent error on this thread's queue, which it then empties.
    fileprivate static func lastError() -> String {
        let code = ERR_peek_last_error()
        defer { ERR_clear_error() }
        guard code != 0 else { return "no reason given" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

// MARK: - Cipher context

/// An `EVP_CIPHER_CTX` with the AES-256-GCM implementation fetched for it; both are freed in `deinit`.
///
/// Lives for one seal or open inside `Crypto`, so it has no `close()`: freeing a context cannot fail.
private final class CipherContext {
    let handle: OpaquePointer
    let cipher: OpaquePointer

    init() throws {
        ERR_clear_error()
        // > EVP_CIPHER_fetch() returns a pointer to a EVP_CIPHER for success and NULL for failure.
        guard let cipher = EVP_CIPHER_fetch(nil, "AES-256-GCM", nil) else {
            throw CryptoError.failed("EVP_CIPHER_fetch(AES-256-GCM)", reason: Crypto.lastError())
        }
        guard let handle = EVP_CIPHER_CTX_new() else {
            EVP_CIPHER_free(cipher)
            throw CryptoError.failed("EVP_CIPHER_CTX_new", reason: Crypto.lastError())
        }
        self.cipher = cipher
        self.handle = handle
    }

    deinit {
        // > EVP_CIPHER_CTX_free() clears all information from a cipher context and frees any allocated memory
        EVP_CIPHER_CTX_free(handle)
        EVP_CIPHER_free(cipher)
    }

    /// Throws unless `result` is 1, which every EVP call used here returns on success.
    func check(_ operation: String, _ result: Int32) throws {
        guard result == 1 else { throw CryptoError.failed(operation, reason: Crypto.lastError()) }
    }

    /// > To specify additional authenticated data (AAD), a call to … EVP_EncryptUpdate() or EVP_DecryptUpdate()
    /// > should be made with the output parameter out set to NULL.
    func addAAD(_ aad: [UInt8], encrypting: Bool) throws {
        guard !aad.isEmpty else { return }
        var ignored: Int32 = 0
        if encrypting {
            try check("EVP_EncryptUpdate(AAD)", EVP_EncryptUpdate(handle, nil, &ignored, aad, Int32(aad.count)))
        } else {
            try check("EVP_DecryptUpdate(AAD)", EVP_DecryptUpdate(handle, nil, &ignored, aad, Int32(aad.count)))
        }
    }
}

@available(*, unavailable) extension CipherContext: Sendable {}
