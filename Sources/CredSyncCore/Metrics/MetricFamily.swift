/// One metric in the Prometheus text exposition format (version 0.0.4, which node_exporter's textfile collector
/// and Prometheus scrapes read): a name, a `# HELP` line, a `# TYPE` line and its samples.
///
/// Names follow the Prometheus naming guide: `credsync_` prefix, the unit in the name (`_seconds`,
/// `_timestamp_seconds`, `_ratio`), counters end in `_total`; labels have few values (platform names, states,
/// kinds — never ids or messages).
public struct MetricFamily: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case counter, gauge
    }

    /// One sample: label pairs in order, and the value.
    public struct Sample: Sendable, Equatable {
        public var labels: [(name: String, value: String)]
        public var value: Double

        public init(_ labels: [(String, String)] = [], _ value: Double) {
            self.labels = labels.map { (name: $0.0, value: $0.1) }
            self.value = value
        }

        public static func == (lhs: Sample, rhs: Sample) -> Bool {
            lhs.value == rhs.value && lhs.labels.map(\.name) == rhs.labels.map(\.name)
                && lhs.labels.map(\.value) == rhs.labels.map(\.value)
        }
    }

    public let name: String
    public let help: String
    public let kind: Kind
    public var samples: [Sample]

    public init(_ name: String, _ kind: Kind, help: String, samples: [Sample]) {
        precondition(Self.isValidName(name), "\(name) is not a valid metric name")
        precondition(kind != .counter || name.hasSuffix("_total"), "counter \(name) must end in _total")
        self.name = name
        self.kind = kind
        self.help = help
        self.samples = samples
    }

    /// `# HELP`, `# TYPE`, then one line per sample.
    public var text: String {
        var text = "# HELP \(name) \(Self.escapedHelp(help))\n# TYPE \(name) \(kind.rawValue)\n"
        for sample in samples {
            text += name
            if !sample.labels.isEmpty {
                text += "{"
                text += sample.labels.map { "\($0.name)=\"\(Self.escapedLabelValue($0.value))\"" }
                    .joined(separator: ",")
                text += "}"
            }
            text += " \(Self.format(sample.value))\n"
        }
        return text
    }

    /// Every family's text, in order.
    public static func exposition(_ families: [MetricFamily]) -> String {
        families.map(\.text).joined()
    }

    // MARK: - Format rules

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter || first == "_" || first == ":" else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "_" || $0 == ":" }
    }

    /// A label value with `\`, `"` and line feeds escaped.
    static func escapedLabelValue(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Help text with `\` and line feeds escaped.
    static func escapedHelp(_ help: String) -> String {
        help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Whole numbers without a fraction, others as Swift prints them (`0.25`, `1e-05`), `NaN`, `+Inf`, `-Inf`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
