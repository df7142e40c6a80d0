/// The built-in adapters by name. Adding an adapter is one new file with a `static let factory` and one line here;
/// nothing else switches on adapter names, and the conformance suite picks the new name up from `builtIn`.
public enum AdapterRegistry {
    public static let builtIn: [String: AdapterFactory] = Dictionary(
        uniqueKeysWithValues: [
            NSQFAdapter.factory,
            SwayamAdapter.factory,
            OpenBadgesAdapter.factory,
            CredlyAdapter.factory,
            GenericRESTAdapter.factory,
            FileImportAdapter.factory,
        ].map { ($0.name, $0) })

    /// The names, sorted, for help texts and error messages.
    public static var names: [String] { builtIn.keys.sorted() }

    /// The factory for `name`, or `UnknownAdapterError` listing the known names.
    public static func factory(named name: String) throws(UnknownAdapterError) -> AdapterFactory {
        guard let factory = builtIn[name] else { throw UnknownAdapterError(name: name, known: names) }
        return factory
    }

    /// Checks `definition` as `platforms add` must: a known adapter, an auth type it works with, and a config it
    /// accepts. Returns the adapter; throws `UnknownAdapterError` or `AdapterConfigError`.
    public static func makeAdapter(for definition: PlatformDefinition) throws -> any PlatformAdapter {
        let factory = try factory(named: definition.adapter)
        guard factory.authTypes.contains(definition.authType) else {
            throw AdapterConfigError(
                adapter: factory.name, field: "auth_type",
                problem: "\"\(definition.authType.rawValue)\" is not supported (use "
                    + factory.authTypes.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + ")")
        }
        return try factory.make(definition)
    }
}
