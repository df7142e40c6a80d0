/// The kind of learner identifier a credential is matched by; the raw values are those of the
/// `external_credentials.identifier_type` and `matched_by` columns.
public enum IdentifierType: String, Sendable, Hashable, CaseIterable {
    case email
    case phone
}
