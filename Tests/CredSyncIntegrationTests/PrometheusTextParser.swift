/// A strict parser of the Prometheus text exposition format (0.0.4) for tests: every line is checked, and the
/// first rule broken is thrown with its line number.
///
/// Rules: lines end in `\n`, none empty; `# HELP name text` and `# TYPE name counter|gauge` at most once per
/// family and before its samples; no other comments; a family's samples are contiguous and carry its exact name;
/// metric names match `[a-zA-Z_:][a-zA-Z0-9_:]*`, label names `[a-zA-Z_][a-zA-Z0-9_]*` (not `__…`), each once per
/// sample; label values escape only `\\`, `\"` and `\n`; values are Go floats (`NaN`, `+Inf`, `-Inf` included);
/// no series twice; counters end in `_total` and are never negative.
struct PrometheusTextParser {
    struct Family: Equatable {
        var name: String
        var help: String?
        var type: String?
        var samples: [Sample] = []
    }

    struct Sample: Equatable {
        var labels: [String: String]
        var value: Double
    }

    struct Violation: Error, CustomStringConvertible {
        let line: Int
        let text: String
        let rule: String
        var description: String { "line \(line) \"\(text)\": \(rule)" }
    }

    /// The families in order of appearance.
    static func parse(_ text: String) throws -> [Family] {
        guard text.hasSuffix("\n") else {
            throw Violation(line: 0, text: "", rule: "the text must end with a line feed")
        }
        var families: [Family] = []
        var finished = Set<String>()
        var series = Set<String>()
        for (offset, substring) in text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        {
            let line = String(substring)
            func fail(_ rule: String) -> Violation { Violation(line: offset + 1, text: line, rule: rule) }
            guard !line.isEmpty else { throw fail("empty line") }
            /// The family `name` belongs to, started when it is new; a family may not come back once left.
            func family(_ name: String) throws -> Int {
                if let last = families.last, last.name == name { return families.count - 1 }
                if let last = families.last { finished.insert(last.name) }
                guard !finished.contains(name) else { throw fail("\(name) appears again after another family") }
                families.append(Family(name: name))
                return families.count - 1
            }
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
                guard parts.count >= 3, parts[0] == "#", ["HELP", "TYPE"].contains(parts[1]) else {
                    throw fail("only # HELP and # TYPE lines are allowed")
                }
                let name = parts[2]
                guard isMetricName(name) else { throw fail("bad metric name \(name)") }
                let index = try family(name)
                guard families[index].samples.isEmpty else { throw fail("\(parts[1]) after the family's samples") }
                if parts[1] == "HELP" {
                    guard families[index].help == nil else { throw fail("second HELP for \(name)") }
                    let help = parts.count > 3 ? parts[3] : ""
                    families[index].help = try unescape(help, quotes: false) { fail($0) }
                } else {
                    guard families[index].type == nil else { throw fail("second TYPE for \(name)") }
                    guard parts.count == 4, ["counter", "gauge"].contains(parts[3]) else {
                        throw fail("TYPE must be counter or gauge here")
                    }
                    if parts[3] == "counter" && !name.hasSuffix("_total") {
                        throw fail("counter \(name) does not end in _total")
                    }
                    families[index].type = parts[3]
                }
                continue
            }
            var rest = Substring(line)
            let name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" })
            guard isMetricName(name) else { throw fail("bad metric name") }
            rest = rest.dropFirst(name.count)
            var labels: [String: String] = [:]
            if rest.first == "{" {
                rest = rest.dropFirst()
                while rest.first != "}" {
                    let labelName = String(rest.prefix { $0 != "=" })
                    guard isLabelName(labelName), !labelName.hasPrefix("__") else {
                        throw fail("bad label name \(labelName)")
                    }
                    rest = rest.dropFirst(labelName.count)
                    guard rest.hasPrefix("=\"") else { throw fail("label \(labelName) needs =\"value\"") }
                    rest = rest.dropFirst(2)
                    var raw = ""
                    var escaped = false
                    var closed = false
                    while let character = rest.first {
                        rest = rest.dropFirst()
                        if escaped {
                            escaped = false
                        } else if character == "\\" {
                            escaped = true
                        } else if character == "\"" {
                            closed = true
                            break
                        }
                        raw.append(character)
                    }
                    guard closed else { throw fail("unterminated label value") }
                    guard labels[labelName] == nil else { throw fail("label \(labelName) twice") }
                    labels[labelName] = try unescape(raw, quotes: true) { fail($0) }
                    if rest.first == "," {
                        rest = rest.dropFirst()
                    } else if rest.first != "}" {
                        throw fail("labels must be separated by commas")
                    }
                }
                rest = rest.dropFirst()
            }
            guard rest.first == " " else { throw fail("one space before the value") }
            let fields = rest.dropFirst().split(separator: " ", omittingEmptySubsequences: false)
            guard (1...2).contains(fields.count), let value = goFloat(String(fields[0])) else {
                throw fail("the value must be a number")
            }
            if fields.count == 2 && Int64(fields[1]) == nil { throw fail("the timestamp must be whole milliseconds") }
            let index = try family(name)
            guard families[index].type != nil, families[index].help != nil else {
                throw fail("sample before the family's HELP and TYPE")
            }
            if families[index].type == "counter" && !(value >= 0) { throw fail("a counter is negative or NaN") }
            let key = name + "{" + labels.keys.sorted().map { "\($0)=\(labels[$0]!)" }.joined(separator: ",") + "}"
            guard series.insert(key).inserted else { throw fail("duplicate series \(key)") }
            families[index].samples.append(Sample(labels: labels, value: value))
        }
        return families
    }

    static func isMetricName(_ name: String) -> Bool {
        name.wholeMatch(of: /[a-zA-Z_:][a-zA-Z0-9_:]*/) != nil
    }

    static func isLabelName(_ name: String) -> Bool {
        name.wholeMatch(of: /[a-zA-Z_][a-zA-Z0-9_]*/) != nil
    }

    /// Go's ParseFloat as Prometheus reads values: decimals, exponents, `NaN`, `+Inf`, `-Inf`.
    static func goFloat(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default:
            guard text.wholeMatch(of: /[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/) != nil else { return nil }
            return Double(text)
        }
    }

    /// Resolves `\\`, `\n` and (in label values) `\"`; any other escape is an error.
    static func unescape(_ text: String, quotes: Bool, _ fail: (String) -> Violation) throws -> String {
        var output = ""
        var escaped = false
        for character in text {
            if escaped {
                switch character {
                case "\\": output.append("\\")
                case "n": output.append("\n")
                case "\"" where quotes: output.append("\"")
                default: throw fail("invalid escape \\\(character)")
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                output.append(character)
            }
        }
        guard !escaped else { throw fail("a trailing backslash") }
        return output
    }
}
