/// One line an operator may read for any error: secrets masked, and SQLite's statement left out of a database
/// error (it means nothing to the operator).
public enum OperatorMessage {
    public static func of(_ error: any Error) -> String {
        let text = (error as? DatabaseError)?.plainDescription ?? String(describing: error)
        return SecretRegistry.shared.redact(text)
    }
}
