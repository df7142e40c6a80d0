import CredSyncCore
import Foundation

/// The themes on this machine: the built-in files in the repository's `themes/` folder (found by walking up from
/// the executable), then the user's in `$XDG_CONFIG_HOME/credsync/themes`, which override built-ins of the same
/// name. Files are `NAME.theme`. A file that does not parse is left out and reported; the default theme is
/// compiled in, so it is always there.
public struct ThemeLibrary: Sendable {
    /// The themes by name, in `t` order: default, light, high-contrast, mono, then the rest by name.
    public private(set) var themes: [Theme]
    /// One line per file that could not be read or parsed.
    public private(set) var problems: [String]

    public var names: [String] { themes.map(\.name) }

    public func theme(named name: String) -> Theme? { themes.first { $0.name == name } }

    /// Loads from `directories`, later ones overriding earlier ones.
    public init(directories: [URL]) {
        var byName: [String: Theme] = ["default": .builtInDefault, "mono": .builtInMono]
        var problems: [String] = []
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for file in files.sorted() where file.hasSuffix(".theme") {
                let url = directory.appendingPathComponent(file)
                let name = String(file.dropLast(".theme".count))
                do {
                    let text = try String(contentsOf: url, encoding: .utf8)
                    byName[name] = try ThemeParser.parse(text, name: name, file: url.path)
                } catch let error as ThemeError {
                    problems.append("theme \(error); using the others")
                } catch {
                    problems.append("theme \(url.path): cannot read it (\(error.localizedDescription))")
                }
            }
        }
        let preferred = ["default", "light", "high-contrast", "mono"]
        themes =
            preferred.compactMap { byName[$0] }
            + byName.keys.filter { !preferred.contains($0) }.sorted().map { byName[$0]! }
        self.problems = problems
    }

    /// The standard places: the built-in folder next to the program, then the user's.
    public static func standard(environment: [String: String], executablePath: String? = nil) -> ThemeLibrary {
        var directories: [URL] = []
        if let builtIn = builtInDirectory(executablePath: executablePath ?? currentExecutablePath()) {
            directories.append(builtIn)
        }
        if let configHome = XDGDirectories(environment: environment).configHome {
            directories.append(URL(fileURLWithPath: configHome).appendingPathComponent("credsync/themes"))
        }
        return ThemeLibrary(directories: directories)
    }

    /// The nearest `themes/` folder above the executable (`.build/release/credsync` → the repository's `themes/`).
    public static func builtInDirectory(executablePath: String) -> URL? {
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("themes")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue
            {
                return candidate
            }
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return nil
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    static func currentExecutablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
