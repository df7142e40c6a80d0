import Foundation

/// One setting: its name, default, what it accepts, a line of help, and how its text becomes a typed `Settings` field.
///
/// `Settings.descriptors` is the one list of every setting; help output and docs print it.
public struct SettingDescriptor: Sendable {
    /// The name used for the environment variable, the config file key and (after mapping) the flag.
    public let name: String
    /// The default as documented, e.g. `5` or `$XDG_DATA_HOME/credsync/credsync.db`; empty when there is none.
    public let defaultText: String
    /// What is accepted, phrased to follow "expected", e.g. `a whole number from 1 to 64`.
    public let accepted: String
    /// One line of help.
    public let help: String
    /// The value may hold a secret (a webhook URL carries its token in the path): errors and
    /// `Settings.value(of:)` show only its scheme and host.
    public let isSensitive: Bool

    /// The default as text, built from the environment's directories; nil when it cannot be built.
    let defaultValue: @Sendable (XDGDirectories) -> String?
    /// Parses `text` into its field of `settings`; returns why the text is rejected, or nil when it was stored.
    let assign: @Sendable (_ text: String, _ settings: inout Settings, _ context: SettingContext) -> String?
    /// The field's current value as text.
    let render: @Sendable (Settings) -> String
}

/// What parsing a value may need besides its text.
struct SettingContext {
    let directories: XDGDirectories
    let validateCron: ((String) -> String?)?
}

// MARK: - Kinds of setting

extension SettingDescriptor {
    /// A setting whose text parses to `Value` or is rejected with "expected \(accepted)".
    static func typed<Value: Sendable>(
        _ name: String, _ field: WritableKeyPath<Settings, Value> & Sendable, defaultText: String,
        default defaultValue: @escaping @Sendable (XDGDirectories) -> String?, accepted: String, help: String,
        sensitive: Bool = false, render: @escaping @Sendable (Value) -> String,
        parse: @escaping @Sendable (String, SettingContext) -> Value?
    ) -> SettingDescriptor {
        SettingDescriptor(
            name: name, defaultText: defaultText, accepted: accepted, help: help, isSensitive: sensitive,
            defaultValue: defaultValue,
            assign: { text, settings, context in
                guard let value = parse(text.trimmingCharacters(in: .whitespaces), context) else {
                    return "expected \(accepted)"
                }
                settings[keyPath: field] = value
                return nil
            },
            render: { render($0[keyPath: field]) })
    }

    /// A whole number in `range`; `unit` (seconds, days…) is named in the message.
    static func integer(
        _ name: String, _ field: WritableKeyPath<Settings, Int> & Sendable, default value: Int,
        in range: ClosedRange<Int>, unit: String? = nil, help: String
    ) -> SettingDescriptor {
        let noun = unit.map { "a whole number of \($0)" } ?? "a whole number"
        let accepted =
            range.upperBound == Int.max
            ? "\(noun), at least \(range.lowerBound)" : "\(noun) from \(range.lowerBound) to \(range.upperBound)"
        return typed(
            name, field, defaultText: String(value), default: { _ in String(value) }, accepted: accepted, help: help,
            render: { String($0) }, parse: { text, _ in Int(text).flatMap { range.contains($0) ? $0 : nil } })
    }

    /// A decimal number in `range` (NaN and infinities are not).
    static func decimal(
        _ name: String, _ field: WritableKeyPath<Settings, Double> & Sendable, default value: Double,
        in range: ClosedRange<Double>, help: String
    ) -> SettingDescriptor {
        typed(
            name, field, defaultText: "\(value)", default: { _ in "\(value)" },
            accepted: "a number from \(range.lowerBound.formatted) to \(range.upperBound.formatted)", help: help,
            render: { "\($0)" }, parse: { text, _ in Double(text).flatMap { range.contains($0) ? $0 : nil } })
    }

    /// `true`/`false`, `1`/`0` or `yes`/`no`, in any case.
    static func boolean(
        _ name: String, _ field: WritableKeyPath<Settings, Bool> & Sendable, default value: Bool, help: String
    ) -> SettingDescriptor {
        typed(
            name, field, defaultText: "\(value)", default: { _ in "\(value)" },
            accepted: "true, false, 1, 0, yes or no", help: help, render: { "\($0)" },
            parse: { text, _ in
                switch text.lowercased() {
                case "true", "1", "yes": true
                case "false", "0", "no": false
                default: nil
                }
            })
    }

    /// A file path; a leading `~` is the environment's `HOME`.
    static func path(
        _ name: String, _ field: WritableKeyPath<Settings, String> & Sendable, defaultText: String,
        default defaultValue: @escaping @Sendable (XDGDirectories) -> String?, help: String
    ) -> SettingDescriptor {
        typed(
            name, field, defaultText: defaultText, default: defaultValue, accepted: "a file path", help: help,
            render: { $0 },
            parse: { text, context in
                guard !text.isEmpty, !text.contains("\0") else { return nil }
                guard text == "~" || text.hasPrefix("~/") else { return text }
                return context.directories.home.map { $0 + text.dropFirst() }
            })
    }

    /// A non-empty word or phrase checked elsewhere (a theme name is checked when themes load).
    static func text(
        _ name: String, _ field: WritableKeyPath<Settings, String> & Sendable, default value: String,
        accepted: String, help: String
    ) -> SettingDescriptor {
        typed(
            name, field, defaultText: value, default: { _ in value }, accepted: accepted, help: help,
            render: { $0 }, parse: { text, _ in text.isEmpty ? nil : text })
    }

    /// A cron expression, kept as text and checked by `Settings.load`'s `validateCron` when one is given.
    static func cron(
        _ name: String, _ field: WritableKeyPath<Settings, String> & Sendable, default value: String, help: String
    ) -> SettingDescriptor {
        let accepted = "a cron expression such as \"0 2 * * *\" or a macro such as @daily"
        return SettingDescriptor(
            name: name, defaultText: value, accepted: accepted, help: help, isSensitive: false,
            defaultValue: { _ in value },
            assign: { text, settings, context in
                let expression = text.trimmingCharacters(in: .whitespaces)
                guard !expression.isEmpty else { return "expected \(accepted)" }
                if let problem = context.validateCron?(expression) { return problem }
                settings[keyPath: field] = expression
                return nil
            },
            render: { $0[keyPath: field] })
    }

    /// The value as an error message or a listing may show it: whole, or for a sensitive setting only the scheme
    /// and host (`https://hooks.example.com/…`), dropping user info, path, query and fragment.
    func shown(_ text: String) -> String {
        guard isSensitive else { return text }
        var rest = Substring(text)
        var scheme = ""
        if let separator = rest.range(of: "://") {
            scheme = String(rest[..<separator.upperBound])
            rest = rest[separator.upperBound...]
        }
        let authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        var host = rest[..<authorityEnd]
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        let hidden = host.count < rest.count
        return scheme + host + (hidden ? "/…" : "")
    }
}

extension Double {
    /// `0` and `1` rather than `0.0` and `1.0`.
    fileprivate var formatted: String { rounded() == self ? String(Int(self)) : "\(self)" }
}
