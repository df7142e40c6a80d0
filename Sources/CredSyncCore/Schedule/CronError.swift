/// Why a cron expression was rejected, naming the field at fault; `description` is one line for the operator.
public struct CronError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What was wrong.
    public enum Reason: Equatable, Sendable {
        /// The expression had this many whitespace-separated fields instead of five.
        case wrongFieldCount(Int)
        /// The text started with `@` but is not one of the supported macros.
        case unknownMacro(String)
        /// A list had an empty item, as in `1,,2` or `1,`.
        case emptyListItem
        /// A value is neither a number nor, where the field has them, a name; empty when it is missing (`-5`).
        case invalidValue(String)
        /// A number lies outside the field's bounds.
        case outOfRange(Int)
        /// A range's start is after its end, as in `30-10`.
        case reversedRange(String)
        /// A step is zero or not a number.
        case invalidStep(String)
    }

    /// The whole expression as given.
    public let expression: String
    /// The field at fault, or nil when the expression as a whole is wrong (field count, macro).
    public let field: CronField?
    /// The text of the field at fault, or nil with `field`.
    public let fieldText: String?
    /// What was wrong with it.
    public let reason: Reason

    /// An error for `expression`; `field` and `fieldText` go together, or are both nil.
    public init(expression: String, field: CronField? = nil, fieldText: String? = nil, reason: Reason) {
        self.expression = expression
        self.field = field
        self.fieldText = fieldText
        self.reason = reason
    }

    public var description: String {
        // String(reflecting:) quotes and escapes, so a tab or newline in the text keeps the message on one line.
        let prefix = "invalid cron expression \(String(reflecting: expression)): "
        guard let field, let fieldText else { return prefix + explanation }
        return prefix + "\(field) field \"\(fieldText)\": " + explanation
    }

    private var explanation: String {
        switch reason {
        case .wrongFieldCount(let count):
            "expected 5 fields (minute hour day-of-month month day-of-week) or a macro, got \(count)"
        case .unknownMacro(let macro):
            "unknown macro \"\(macro)\"; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly"
        case .emptyListItem:
            "empty list item; remove the extra comma"
        case .invalidValue(let value) where value.isEmpty:
            "a value is missing before or after \"-\" or \"/\""
        case .invalidValue(let value):
            switch field {
            case .month: "\"\(value)\" is not a number or a month name (JAN-DEC)"
            case .dayOfWeek: "\"\(value)\" is not a number or a weekday name (SUN-SAT)"
            default: "\"\(value)\" is not a number"
            }
        case .outOfRange(let value):
            if let bounds = field?.bounds {
                "\(value) is out of range \(bounds.lowerBound)-\(bounds.upperBound)"
            } else {
                "\(value) is out of range"
            }
        case .reversedRange(let range):
            field == .dayOfWeek
                ? "range \"\(range)\" is reversed; write the smaller value first (Sunday can be written 7)"
                : "range \"\(range)\" is reversed; write the smaller value first"
        case .invalidStep(let step):
            "step \"\(step)\" must be a whole number of at least 1"
        }
    }
}
