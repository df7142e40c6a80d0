/// The built-in adapters by name.
public enum AdapterRegistry {
    public static let builtIn: [String: AdapterFactory] = [:]

    public static func factory(named name: String) throws -> AdapterFactory {
        guard let factory = builtIn[name] else {
            throw PlatformError.invalid("unknown adapter '\(name)'; known: \(builtIn.keys.sorted().joined(separator: ", "))")
        }
        return factory
    }
}
