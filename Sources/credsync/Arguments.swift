/// A parsed command line: positionals in order, `--name value` options and `--flag` switches.
///
/// Each command declares the options and flags it takes, so a typo is a usage error rather than silently ignored.
struct Arguments {
    private(set) var positionals: [String] = []
    private(set) var options: [String: String] = [:]
    private(set) var flags: Set<String> = []

    /// A usage error: the message is printed as one line and the exit status is 2.
    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    init(_ arguments: [String], options known: Set<String> = [], flags knownFlags: Set<String> = []) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positionals.append(argument)
                continue
            }
            let (name, inlineValue) = Self.split(argument)
            if knownFlags.contains(name) {
                guard inlineValue == nil else { throw UsageError(description: "\(name) takes no value") }
                flags.insert(name)
            } else if known.contains(name) {
                if let inlineValue {
                    options[name] = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError(description: "\(name) needs a value") }
                    options[name] = arguments[index]
                    index += 1
                }
            } else {
                throw UsageError(description: "unknown option \(name)")
            }
        }
    }

    private static func split(_ argument: String) -> (String, String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    func option(_ name: String) -> String? { options[name] }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// An option that must be a whole number within `range`.
    func intOption(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = options[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(
                description: "\(name) \(text): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// Fails when more positionals were given than the command takes.
    func expectPositionals(atMost count: Int, usage: String) throws {
        if positionals.count > count {
            throw UsageError(description: "unexpected argument '\(positionals[count])'; usage: \(usage)")
        }
    }
}
