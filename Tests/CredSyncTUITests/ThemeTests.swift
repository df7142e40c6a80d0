import Foundation
import Testing

@testable import CredSyncTUI

@Suite struct ThemeTests {
    @Test func aThemeFileNamesAColourAndAttributesPerRole() throws {
        let theme = try ThemeParser.parse(
            """
            # a comment
            text = default

              selection = #000000 on #5FAFFF bold reverse
            error = #ff0000 underline
            dim = dim
            """, name: "test")
        #expect(
            theme[.selection]
                == Theme.Style(
                    foreground: .rgb(RGB(0, 0, 0)), background: .rgb(RGB(0x5f, 0xaf, 0xff)), bold: true, reverse: true))
        #expect(theme[.error] == Theme.Style(foreground: .rgb(RGB(255, 0, 0)), underline: true))
        #expect(theme[.dim] == Theme.Style(dim: true))
        // A role left out takes the text role's colours.
        #expect(theme[.accent] == Theme.Style())
    }

    @Test(arguments: [
        ("text = #fff", 1, "\"#fff\" is not a colour"),
        ("# ok\ntext = default\nbogus = #ffffff", 3, "unknown role \"bogus\""),
        ("text = default\n\nerror #ff0000", 3, "expected `role = colour …`"),
        ("ok = #00ff00 on", 1, "`on` needs a background colour"),
        ("ok = #00ff00 #ff0000", 1, "unexpected \"#ff0000\""),
        ("ok = #00ff00\nok = #00ff00", 2, "set twice"),
    ])
    func aBadLineIsReportedWithItsNumber(text: String, line: Int, message: String) {
        #expect {
            _ = try ThemeParser.parse(text, name: "bad", file: "themes/bad.theme")
        } throws: { error in
            guard let error = error as? ThemeError else { return false }
            return error.line == line && error.message.contains(message)
                && error.description.hasPrefix("themes/bad.theme:\(line): ")
        }
    }

    @Test func theBuiltInThemesParseAndTheEmbeddedCopiesMatchTheFiles() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes")
        let library = ThemeLibrary(directories: [folder])
        #expect(library.problems.isEmpty)
        #expect(Array(library.names.prefix(4)) == ["default", "light", "high-contrast", "mono"])
        for theme in library.themes {
            #expect(Set(theme.styles.keys) == Set(StyleRole.allCases), "\(theme.name) names every role")
        }
        let defaultFile = try String(contentsOf: folder.appendingPathComponent("default.theme"), encoding: .utf8)
        let monoFile = try String(contentsOf: folder.appendingPathComponent("mono.theme"), encoding: .utf8)
        #expect(defaultFile == EmbeddedThemes.defaultTheme + "\n")
        #expect(monoFile == EmbeddedThemes.monoTheme + "\n")
    }

    @Test func aBadFileIsReportedAndTheOthersStillLoad() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "text = #123456\n".write(
            to: directory.appendingPathComponent("ocean.theme"), atomically: true, encoding: .utf8)
        try "text = default\nheader = purple\n".write(
            to: directory.appendingPathComponent("default.theme"), atomically: true, encoding: .utf8)
        let library = ThemeLibrary(directories: [directory])
        #expect(library.names == ["default", "mono", "ocean"])
        #expect(library.theme(named: "default") == .builtInDefault)
        #expect(library.problems.count == 1)
        #expect(library.problems.first?.contains("default.theme:2: \"purple\" is not a colour") == true)
    }

    @Test func theBuiltInFolderIsFoundAboveTheExecutable() {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let executable = repository.appendingPathComponent(".build/release/credsync").path
        #expect(
            ThemeLibrary.builtInDirectory(executablePath: executable)?.standardizedFileURL.path
                == repository.appendingPathComponent("themes").standardizedFileURL.path)
        #expect(ThemeLibrary.builtInDirectory(executablePath: "/usr/bin/credsync") == nil)
    }

    @Test func colourDepthFollowsTheTerminalAndTheEnvironment() {
        #expect(ColorDepth.detect(environment: ["NO_COLOR": "1"], colors: 256, canChangeColor: true) == .mono)
        #expect(ColorDepth.detect(environment: ["NO_COLOR": ""], colors: 256, canChangeColor: false) == .palette256)
        #expect(
            ColorDepth.detect(environment: ["COLORTERM": "truecolor"], colors: 256, canChangeColor: true) == .trueColor)
        #expect(
            ColorDepth.detect(environment: ["COLORTERM": "24bit"], colors: 256, canChangeColor: false) == .palette256)
        #expect(ColorDepth.detect(environment: [:], colors: 0x100_0000, canChangeColor: false) == .direct)
        #expect(ColorDepth.detect(environment: [:], colors: 16, canChangeColor: false) == .ansi16)
        #expect(ColorDepth.detect(environment: [:], colors: 8, canChangeColor: false) == .ansi8)
        #expect(ColorDepth.detect(environment: [:], colors: 0, canChangeColor: false) == .mono)
    }

    @Test func hexColoursMapToTheNearestTheTerminalHas() {
        #expect(Palette.nearest(RGB(0x5f, 0xaf, 0xff), depth: .palette256) == 75)
        #expect(Palette.nearest(RGB(255, 0, 0), depth: .palette256) == 196)
        #expect(Palette.nearest(RGB(128, 128, 128), depth: .palette256) == 244)
        #expect(Palette.nearest(RGB(0x5e, 0xb0, 0xfe), depth: .palette256) == 75)
        #expect(Palette.nearest(RGB(255, 0xaf, 0), depth: .ansi8) == 3)
        #expect(Palette.nearest(RGB(0x20, 0x20, 0x20), depth: .ansi8) == 0)
        #expect(Palette.nearest(RGB(0x80, 0x80, 0x80), depth: .ansi16) == 8)
        #expect(Palette.nearest(RGB(0x12, 0x34, 0x56), depth: .direct) == 0x123456)
        #expect(Palette.nearest(RGB(1, 2, 3), depth: .mono) == nil)
        #expect(Palette.xterm256(231) == RGB(255, 255, 255))
        #expect(Palette.xterm256(232) == RGB(8, 8, 8))
    }

    @Test func aPaletteResolvesEveryRole() {
        let theme = Theme.builtInDefault
        let truecolour = TerminalPalette(theme: theme, depth: .trueColor)
        #expect(truecolour.pairs.count == StyleRole.allCases.count)
        #expect(truecolour.definitions.first?.index == TerminalPalette.firstCustomSlot)
        #expect(Set(truecolour.definitions.map(\.color)).count == truecolour.definitions.count)
        let selection = truecolour.pairs[.selection]!
        #expect(truecolour.definitions.first { $0.index == selection.background }?.color == RGB(0x5f, 0xaf, 0xff))
        #expect(truecolour.pairs[.text]?.foreground == -1)
        let palette256 = TerminalPalette(theme: theme, depth: .palette256)
        #expect(palette256.definitions.isEmpty)
        #expect(palette256.pairs[.selection]?.background == 75)
        let mono = TerminalPalette(theme: .builtInMono, depth: .mono)
        #expect(!mono.usesColor)
        #expect(mono.pairs[.selection]?.reverse == true)
    }
}
