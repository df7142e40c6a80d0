/// Why a document is not valid JSON, with the byte offset where parsing stopped.
public struct JSONError: Error, CustomStringConvertible, Equatable, Sendable {
    public let offset: Int
    public let message: String

    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}
