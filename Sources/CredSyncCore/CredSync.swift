/// Facts about this build.
public enum CredSync {
    public static let version = "0.1.0"
}
