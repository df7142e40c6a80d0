import CredSyncTestSupport
import Dispatch
import Foundation
import Testing

@testable import CredSyncCore

// MARK: - Fixtures

private let fileKeyHex = String(repeating: "1c", count: 32)
private let environmentKeyHex = String(repeating: "e7", count: 32)

private func mode(of path: String) throws -> Int {
    try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
}

private func write(_ text: String, to path: String, mode: Int) throws {
    try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
}

/// What concurrent loads saw, gathered under a lock.
private final class LoadedIDs: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []
    func append(_ id: String) { lock.withLock { ids.append(id) } }
    var all: [String] { lock.withLock { ids } }
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

@Suite struct KeyStoreTests {
    let directory = TemporaryDirectory()

    @Test func theKeyFileIsCreatedPrivateOnFirstUseAndReusedAfterwards() throws {
        let path = directory.file("config/credsync/key")
        let first = try KeyStore.loadKey(environment: [:], keyFilePath: path)
        #expect(try mode(of: path) == 0o600)
        #expect(try mode(of: directory.file("config/credsync")) == 0o700)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == first.hexEncoded + "\n")
        #expect(first.hexEncoded.count == 64)

        let second = try KeyStore.loadKey(environment: [:], keyFilePath: path)
        #expect(second == first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("config/credsync")) == ["key"])
    }

    @Test func concurrentFirstLoadsAgreeOnOneKey() throws {
        let path = directory.file("race/key")
        let ids = LoadedIDs()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            ids.append((try? KeyStore.loadKey(environment: [:], keyFilePath: path).id.description) ?? "failed")
        }
        let loaded = ids.all
        #expect(loaded.count == 8)
        #expect(Set(loaded).count == 1 && !loaded.contains("failed"), "\(loaded)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("race")) == ["key"])
    }

    @Test func aMissingKeyFileIsAnErrorWhenNotToBeCreated() throws {
        let path = directory.file("absent/key")
        #expect(throws: KeyStoreError.keyFileMissing(path: path)) {
            _ = try KeyStore.loadKey(environment: [:], keyFilePath: path, createIfMissing: false)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test(arguments: [0o640, 0o604, 0o620, 0o644, 0o666])
    func aKeyFileOthersCanAccessIsRefusedWithAChmodHint(permissions: Int) throws {
        let path = directory.file("open-key")
        try write(fileKeyHex + "\n", to: path, mode: permissions)
        let text = message { _ = try KeyStore.loadKey(environment: [:], keyFilePath: path) }
        #expect(text.hasPrefix("key file \(path) is "), "\(text)")
        #expect(text.contains("by other users (mode 0\(String(permissions, radix: 8)))"))
        #expect(text.hasSuffix("run 'chmod 600 \(path)'"))
        #expect(!text.contains(fileKeyHex))
    }

    @Test func aGroupReadableKeyFileSaysReadable() throws {
        let path = directory.file("group-key")
        try write(fileKeyHex + "\n", to: path, mode: 0o644)
        #expect(
            message { _ = try KeyStore.loadKey(environment: [:], keyFilePath: path) }
                == "key file \(path) is readable by other users (mode 0644); run 'chmod 600 \(path)'")
    }

    @Test(arguments: [
        ("hello\n", "found 5 characters"),
        ("", "found 0 characters"),
        (String(repeating: "g", count: 64), "not a hex digit"),
        (fileKeyHex + fileKeyHex, "found 128 characters"),
    ])
    func aKeyFileWithWrongContentIsRefusedWithoutQuotingIt(content: String, problem: String) throws {
        let path = directory.file("bad-key")
        try write(content, to: path, mode: 0o600)
        let text = message { _ = try KeyStore.loadKey(environment: [:], keyFilePath: path) }
        #expect(text.hasPrefix("key file \(path) does not hold a credsync key"), "\(text)")
        #expect(text.contains(problem), "\(text)")
        if !content.isEmpty { #expect(!text.contains(content.trimmingCharacters(in: .newlines))) }
    }

    @Test func aFolderAtTheKeyPathIsRefused() throws {
        let path = directory.file("folder-key")
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        #expect(throws: KeyStoreError.invalidKeyFile(path: path, problem: "it is not a regular file")) {
            _ = try KeyStore.loadKey(environment: [:], keyFilePath: path)
        }
    }

    @Test func theKeyFileMayHoldUpperCaseHexWithoutANewline() throws {
        let path = directory.file("upper-key")
        try write(fileKeyHex.uppercased(), to: path, mode: 0o600)
        #expect(try KeyStore.loadKey(environment: [:], keyFilePath: path).hexEncoded == fileKeyHex)
    }

    // MARK: - Environment

    @Test(arguments: [
        (String(repeating: "a", count: 63), "it has 63 characters"),
        (String(repeating: "a", count: 65), "it has 65 characters"),
        (String(repeating: "z", count: 64), "it contains a character that is not a hex digit"),
        ("", "it is empty"),
    ])
    func anInvalidEnvironmentKeyIsRefusedNamingTheVariable(value: String, problem: String) throws {
        let path = directory.file("unused-key")
        let environment = ["CREDSYNC_ENCRYPTION_KEY": value]
        #expect(throws: KeyStoreError.invalidEnvironmentKey(problem: problem)) {
            _ = try KeyStore.loadKey(environment: environment, keyFilePath: path)
        }
        let text = message { _ = try KeyStore.loadKey(environment: environment, keyFilePath: path) }
        #expect(text.hasPrefix("CREDSYNC_ENCRYPTION_KEY must be exactly 64 hex characters"), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: path), "an invalid variable must not fall back to a new file")
    }

    @Test func theEnvironmentKeyWinsOverTheKeyFile() throws {
        let path = directory.file("file-key")
        try write(fileKeyHex + "\n", to: path, mode: 0o600)
        let key = try KeyStore.loadKey(environment: ["CREDSYNC_ENCRYPTION_KEY": environmentKeyHex], keyFilePath: path)
        #expect(key == EncryptionKey(hex: environmentKeyHex))
        #expect(try KeyStore.loadKey(environment: [:], keyFilePath: path) == EncryptionKey(hex: fileKeyHex))

        let unusedPath = directory.file("never-created")
        _ = try KeyStore.loadKey(environment: ["CREDSYNC_ENCRYPTION_KEY": environmentKeyHex], keyFilePath: unusedPath)
        #expect(!FileManager.default.fileExists(atPath: unusedPath))
    }

    // MARK: - Default path

    @Test func theDefaultPathFollowsXDGConfigHomeThenHome() throws {
        #expect(
            try KeyStore.defaultKeyFilePath(environment: ["XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/op"])
                == "/x/cfg/credsync/key")
        #expect(
            try KeyStore.defaultKeyFilePath(environment: ["XDG_CONFIG_HOME": "", "HOME": "/home/op"])
                == "/home/op/.config/credsync/key")
        #expect(
            try KeyStore.defaultKeyFilePath(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/op"])
                == "/home/op/.config/credsync/key")
        #expect(throws: KeyStoreError.noKeyFileLocation) { _ = try KeyStore.defaultKeyFilePath(environment: [:]) }
    }

    @Test func loadingWithoutAPathCreatesTheKeyUnderXDGConfigHome() throws {
        let key = try KeyStore.loadKey(environment: ["XDG_CONFIG_HOME": directory.path, "HOME": "/nonexistent"])
        let path = directory.file("credsync/key")
        #expect(try mode(of: path) == 0o600)
        #expect(try KeyStore.readKeyFile(at: path) == key)
    }

    // MARK: - Generating and replacing

    @Test func generatedKeysAreRandom() throws {
        let first = try KeyStore.generate()
        let second = try KeyStore.generate()
        #expect(first != second && first.id != second.id)
        #expect(first.bytes.count == 32)
    }

    @Test func writingAKeyFileReplacesItAtomicallyAndPrivately() throws {
        let path = directory.file("rotate/key")
        let old = try KeyStore.loadKey(environment: [:], keyFilePath: path)
        let new = try KeyStore.generate()
        try KeyStore.writeKeyFile(new, to: path)
        #expect(try KeyStore.readKeyFile(at: path) == new)
        #expect(new != old)
        #expect(try mode(of: path) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("rotate")) == ["key"])
    }
}
