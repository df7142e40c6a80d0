/// Where a running engine gets its secret box: asked each time a job needs it, so the key in force is the one
/// created, restored or rotated after the engine started (a daemon started before the first secret was added, a
/// viewer that takes the engine over after a rotation).
public struct SecretKeys: Sendable {
    private let load: @Sendable () throws -> SecretBox?

    /// `load` returns nil when no key exists yet, and throws for a key that cannot be used (named in the error).
    public init(_ load: @escaping @Sendable () throws -> SecretBox?) {
        self.load = load
    }

    /// Always `box`: tests, the demo's own key.
    public static func fixed(_ box: SecretBox?) -> SecretKeys {
        SecretKeys { box }
    }

    /// The box in force now; nil when there is no key.
    public func box() throws -> SecretBox? {
        try load()
    }
}
