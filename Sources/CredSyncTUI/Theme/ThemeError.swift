/// A theme file line the parser refused: where and why, in one line for the footer and stderr.
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or theme name) the line is in.
    public var file: String
    /// 1-based.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
