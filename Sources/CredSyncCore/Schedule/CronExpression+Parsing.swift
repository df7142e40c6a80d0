import Foundation

extension CronExpression {
    /// Parses one field into a bit set, bit `n` for value `n`.
    ///
    /// Grammar per comma-separated item: (`*` | value | value `-` value) [`/` step], where a value is
    /// a number or, for month and day-of-week, a three-letter name.
    static func parseField(_ text: String, as field: CronField, in expression: String) throws(CronError) -> UInt64 {
        func failure(_ reason: CronError.Reason) -> CronError {
            CronError(expression: expression, field: field, fieldText: text, reason: reason)
        }
        func value(_ token: Substring) throws(CronError) -> Int {
            if !token.isEmpty, token.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                guard let number = Int(token) else { throw failure(.invalidValue(String(token))) }
                guard field.bounds.contains(number) else { throw failure(.outOfRange(number)) }
                return number
            }
            guard let named = field.names.first(where: { $0.name.caseInsensitiveCompare(token) == .orderedSame })
            else { throw failure(.invalidValue(String(token))) }
            return named.value
        }

        var bits: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw failure(.emptyListItem) }
            let rangeAndStep = item.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            let range = rangeAndStep[0]
            var step = 1
            if rangeAndStep.count == 2 {
                let stepText = rangeAndStep[1]
                guard stepText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                    let number = Int(stepText), number > 0
                else { throw failure(.invalidStep(String(stepText))) }
                step = number
            }
            let first: Int
            let last: Int
            if range == "*" {
                first = field.fullRange.lowerBound
                last = field.fullRange.upperBound
            } else {
                let ends = range.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
                first = try value(ends[0])
                if ends.count == 2 {
                    last = try value(ends[1])
                    guard first <= last else { throw failure(.reversedRange(String(range))) }
                } else {
                    last = rangeAndStep.count == 2 ? max(first, field.fullRange.upperBound) : first
                }
            }
            for number in stride(from: first, through: last, by: step) {
                bits |= 1 << UInt64(number)
            }
        }
        return bits
    }
}
