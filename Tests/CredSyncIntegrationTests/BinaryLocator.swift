import Foundation

/// Finds executables built next to the test bundle, such as `credsync`.
enum BinaryLocator {
    static func executable(_ name: String) -> String {
        let bundle = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [Bundle(for: Marker.self).bundleURL.deletingLastPathComponent(), bundle] {
            let path = candidate.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        preconditionFailure("\(name) is not built next to the tests; run 'swift build --build-tests' first")
    }

    private final class Marker {}
}
