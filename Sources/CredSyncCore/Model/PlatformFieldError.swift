/// A platform definition the operator must fix: the field (`name`, `api_base_url`, `config.pageSize`, `secrets`…)
/// and what is wrong with it, one line. The CLI prints it; the dashboard's form shows `problem` next to the field.
public struct PlatformFieldError: Error, CustomStringConvertible, Equatable, Sendable {
    public let field: String
    public let problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }
}
