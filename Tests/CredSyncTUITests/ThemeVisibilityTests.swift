import Foundation
import Testing

@testable import CredSyncTUI

/// No role may be drawn invisible. The rule, for every built-in theme (embedded and in `themes/`) × colour depth
/// × role, on the colours the terminal actually draws at that depth:
/// - a role drawn on the terminal's default background (no `on COLOUR`, not reversed) must not come out black or
///   near-black (its brightest channel below `Palette.minimumChannelOnDefault`), which would vanish on the dark
///   background most terminals have;
/// - a role that sets its own background must not map its foreground to the same colour number.
struct ThemeVisibilityTests {
    static let depths: [ColorDepth] = [.ansi8, .ansi16, .palette256, .trueColor, .direct]

    static func themes() -> [Theme] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes")
        return [.builtInDefault, .builtInMono] + ThemeLibrary(directories: [folder]).themes
    }

    /// What the terminal shows for colour `number` at `depth`, given the slots `palette` defines.
    static func drawn(_ number: Int, depth: ColorDepth, palette: TerminalPalette) -> RGB {
        switch depth {
        case .direct: return RGB(UInt8(number >> 16 & 0xff), UInt8(number >> 8 & 0xff), UInt8(number & 0xff))
        case .trueColor:
            if let slot = palette.definitions.first(where: { $0.index == number }) { return slot.color }
            return number < 16 ? Palette.ansi16[number] : Palette.xterm256(number)
        default: return number < 16 ? Palette.ansi16[number] : Palette.xterm256(number)
        }
    }

    @Test func everyRoleIsVisibleAtEveryDepth() {
        var checked = 0
        for theme in Self.themes() {
            for depth in Self.depths {
                let palette = TerminalPalette(theme: theme, depth: depth)
                for role in StyleRole.allCases {
                    let pair = palette.pairs[role]!
                    let context = "\(theme.name) \(depth) \(role.rawValue)"
                    if pair.background == -1 {
                        guard pair.foreground != -1, !pair.reverse else { continue }
                        let color = Self.drawn(pair.foreground, depth: depth, palette: palette)
                        #expect(Palette.isVisibleOnDefault(color), "\(context): \(color) on the default background")
                    } else {
                        #expect(pair.foreground != pair.background, "\(context): foreground is its background")
                    }
                    checked += 1
                }
            }
        }
        // Four themes in the folder plus the two embedded, fifteen roles, five depths (less the default-on-default).
        #expect(checked > 4 * 5 * 10)
    }

    /// The cases the rule was written for: grey borders and bar backgrounds at 8 colours, and black text.
    @Test func darkGreysAndBlackAreLiftedOnTheDefaultBackground() {
        let ansi8 = TerminalPalette(theme: .builtInDefault, depth: .ansi8)
        #expect(ansi8.pairs[.border]?.foreground == 7)
        #expect(ansi8.pairs[.border]?.dim == true)
        #expect(ansi8.pairs[.barEmpty]?.foreground == 7)
        // A colour with its own background keeps black: it is not drawn on the terminal's.
        #expect(ansi8.pairs[.selection]?.foreground == 0)
        #expect(Palette.visibleOnDefault(RGB(0, 0, 0), depth: .palette256) != RGB(0, 0, 0))
        #expect(Palette.isVisibleOnDefault(Palette.drawn(Palette.visibleOnDefault(RGB(0, 0, 0), depth: .palette256),
            depth: .palette256)!))
        #expect(Palette.visibleOnDefault(RGB(0x58, 0x58, 0x58), depth: .palette256) == RGB(0x58, 0x58, 0x58))
        #expect(Palette.visibleOnDefault(RGB(0x10, 0x10, 0x10), depth: .trueColor) == RGB(0x40, 0x40, 0x40))
    }
}
