import Foundation

/// Checks where a database is to be opened before SQLite sees it, so each way it can be wrong gets one plain
/// sentence (`StoreError`) instead of SQLite's code and statement.
public enum DatabaseLocation {
    /// Throws when `path` cannot hold a writable database. Its folder is created (mode 0700) only when
    /// `createFolder` — for the default location; a folder missing from a path the operator gave is an error.
    public static func check(_ path: String, createFolder: Bool) throws {
        guard path != ":memory:" else { return }
        let folder = (path as NSString).deletingLastPathComponent.isEmpty
            ? "." : (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard createFolder else { throw StoreError.folderMissing(path: path, folder: folder) }
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.cannotOpen(path: path, reason: "cannot create its folder \(folder)")
            }
        } else if !isDirectory.boolValue {
            throw StoreError.folderMissing(path: path, folder: folder)
        }
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFDIR: throw StoreError.isDirectory(path: path)
            case S_IFREG: break
            default: throw StoreError.notARegularFile(path: path)
            }
            if access(path, W_OK) != 0 { throw StoreError.readOnlyFile(path: path) }
        }
        if access(folder, W_OK) != 0 { throw StoreError.readOnlyFolder(path: path, folder: folder) }
    }
}
