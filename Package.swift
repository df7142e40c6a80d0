// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "credsync",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "credsync", targets: ["credsync"]),
        .executable(name: "credsync-bench", targets: ["credsync-bench"]),
        .executable(name: "credsync-sim", targets: ["credsync-sim"]),
    ],
    targets: [
        // MARK: - C edge: module maps and static-inline shims over Debian's libraries
        .systemLibrary(name: "CNcurses", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // MARK: - Libraries
        .target(name: "CredSyncCore", dependencies: ["CSQLite", "CCurl", "CCrypto"]),
        .target(name: "CredSyncTUI", dependencies: ["CredSyncCore", "CNcurses"]),
        .target(name: "CredSyncSim", dependencies: ["CredSyncCore"]),

        // MARK: - Executables
        .executableTarget(name: "credsync", dependencies: ["CredSyncCore", "CredSyncTUI", "CredSyncSim"]),
        .executableTarget(name: "credsync-bench", dependencies: ["CredSyncCore", "CredSyncTUI", "CredSyncSim"]),
        .executableTarget(name: "credsync-sim", dependencies: ["CredSyncSim"]),

        // MARK: - Tests
        .target(name: "CredSyncTestSupport", dependencies: ["CredSyncCore"], path: "Tests/CredSyncTestSupport"),
        .testTarget(name: "CredSyncCoreTests", dependencies: ["CredSyncCore", "CredSyncTestSupport"]),
        .testTarget(
            name: "CredSyncTUITests", dependencies: ["CredSyncTUI", "CredSyncTestSupport"],
            exclude: ["Snapshots"]
        ),
        .testTarget(name: "CredSyncSimTests", dependencies: ["CredSyncSim", "CredSyncTestSupport"]),
        .testTarget(
            name: "CredSyncIntegrationTests",
            dependencies: ["CredSyncCore", "CredSyncSim", "CredSyncTUI", "CredSyncTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
