import CredSyncCore
import Foundation

/// The add (`a`) and edit (`E`) platform form. Validation is pure and runs as the operator types; each error sits
/// next to its field. Secret fields are masked, and on edit an empty secret field keeps the stored secrets.
public struct PlatformForm: Sendable, Equatable {
    public enum Field: String, CaseIterable, Sendable, Hashable {
        case name, displayName, adapter, baseURL, apiVersion, authType, frequencyHours, config
        case apiKey, apiSecret, clientId, clientSecret, accessToken, refreshToken, username, password

        public var label: String {
            switch self {
            case .name: "Name"
            case .displayName: "Display name"
            case .adapter: "Adapter"
            case .baseURL: "Base URL"
            case .apiVersion: "API version"
            case .authType: "Auth type"
            case .frequencyHours: "Every (hours)"
            case .config: "Config (JSON)"
            case .apiKey: "API key"
            case .apiSecret: "API secret"
            case .clientId: "Client id"
            case .clientSecret: "Client secret"
            case .accessToken: "Access token"
            case .refreshToken: "Refresh token"
            case .username: "User name"
            case .password: "Password"
            }
        }

        public var isSecret: Bool { Field.secretFields.contains(self) }

        /// The form field that shows a `PlatformFieldError` about `field` (`config.…` goes to the config box,
        /// `secrets` to the first secret field of `authType`).
        public init(definitionField field: String, authType: AuthType?) {
            switch field {
            case "name": self = .name
            case "display_name": self = .displayName
            case "adapter": self = .adapter
            case "api_base_url": self = .baseURL
            case "api_version": self = .apiVersion
            case "auth_type": self = .authType
            case "sync_frequency_hours": self = .frequencyHours
            case "secrets": self = PlatformForm.secretFields(for: authType).first ?? .authType
            default: self = .config
            }
        }

        static let definitionFields: [Field] = [
            .name, .displayName, .adapter, .baseURL, .apiVersion, .authType, .frequencyHours, .config,
        ]
        static let secretFields: [Field] = [
            .apiKey, .apiSecret, .clientId, .clientSecret, .accessToken, .refreshToken, .username, .password,
        ]

        /// The values `left`/`right` cycle through; empty for free text.
        public var choices: [String] {
            switch self {
            case .adapter: AdapterRegistry.names
            case .authType: AuthType.allCases.map(\.rawValue)
            default: []
            }
        }
    }

    /// The platform being edited; nil when adding.
    public var platformId: Int64?
    public var values: [Field: String]
    public var focused: Field = .name
    /// Set by the first `enter`: from then on empty required fields show their error too.
    public var submitted = false
    /// The save is with the data source; the form waits for its answer.
    public var saving = false
    /// Why the data source refused the last save.
    public var saveError: String?
    /// A preview (ctrl-t) is with the data source.
    public var previewing = false
    /// The last preview's one-line summary, or why it failed; cleared by the next edit.
    public var preview: Result<String, PlatformFormPreviewError>?
    /// What the adapter said of the last submitted definition; cleared by the next edit.
    public var definitionErrors: [Field: String] = [:]
    /// The stored definition being edited; nil when adding.
    var original: PlatformDefinition?

    /// An empty form for a new platform.
    public static func adding() -> PlatformForm {
        PlatformForm(
            platformId: nil,
            values: [
                .apiVersion: PlatformDefinition.defaultAPIVersion, .authType: AuthType.none.rawValue,
                .frequencyHours: String(PlatformDefinition.defaultSyncFrequencyHours), .config: "{}",
            ],
            original: nil)
    }

    /// A form filled from a stored platform; the secrets start empty ("unchanged").
    public static func editing(platformId: Int64, definition: PlatformDefinition) -> PlatformForm {
        PlatformForm(
            platformId: platformId,
            values: [
                .name: definition.name, .displayName: definition.displayName, .adapter: definition.adapter,
                .baseURL: definition.apiBaseURL, .apiVersion: definition.apiVersion,
                .authType: definition.authType.rawValue, .frequencyHours: String(definition.syncFrequencyHours),
                .config: configText(definition),
            ],
            original: definition)
    }

    public var isEditing: Bool { platformId != nil }

    /// The config box's text for a stored definition.
    static func configText(_ definition: PlatformDefinition) -> String {
        JSONValue.object(definition.config).serialized
    }

    public subscript(field: Field) -> String {
        get { values[field] ?? "" }
        set { values[field] = newValue }
    }

    /// The fields on screen: the definition's, then the secrets the chosen auth type takes.
    public var visibleFields: [Field] {
        Field.definitionFields + PlatformForm.secretFields(for: AuthType(rawValue: self[.authType]))
    }

    static func secretFields(for authType: AuthType?) -> [Field] {
        switch authType {
        case nil, .none?: []
        case .apiKey?: [.apiKey]
        case .bearer?, .longLivedToken?: [.accessToken]
        case .basic?: [.username, .password, .apiKey]
        case .oauth2ClientCredentials?: [.clientId, .clientSecret]
        case .oauth2RefreshToken?: [.clientId, .clientSecret, .refreshToken]
        }
    }

    // MARK: - Editing

    /// Moves the focus `by` fields, wrapping.
    public mutating func moveFocus(by offset: Int) {
        let fields = visibleFields
        let index = fields.firstIndex(of: focused) ?? 0
        focused = fields[(index + offset % fields.count + fields.count) % fields.count]
    }

    /// Steps a choice field (adapter, auth type) to the next or previous known value.
    public mutating func cycleChoice(by offset: Int) {
        let choices = focused.choices
        guard !choices.isEmpty else { return }
        let index = choices.firstIndex(of: self[focused]) ?? (offset > 0 ? -1 : 0)
        self[focused] = choices[(index + offset + choices.count) % choices.count]
        // An adapter takes only some auth types: choosing one starts from the first it takes.
        if focused == .adapter, let first = AdapterRegistry.builtIn[self[.adapter]]?.authTypes.first {
            self[.authType] = first.rawValue
        }
    }

    // MARK: - Validation

    /// The problem with each field as it stands, checked by the same rules as `platforms add`/`edit`
    /// (`PlatformDefinition.validate`, `PlatformSecrets.check`); before the first `enter`, only a field that holds
    /// something shows its error.
    public var errors: [Field: String] {
        var errors = definitionErrors
        if case .failure(let failure) = check() {
            for (field, problem) in failure.errors where submitted || !self[field].isEmpty {
                errors[field] = errors[field] ?? problem
            }
        }
        return errors
    }

    /// What the form asks to save, or the first problem, by field.
    public func validated() -> Result<(PlatformChanges, PlatformSecrets?), PlatformFormError> {
        if !definitionErrors.isEmpty { return .failure(PlatformFormError(errors: definitionErrors)) }
        return check()
    }

    /// The changes the form makes to `original` (the stored definition, on edit), checked as the operation will.
    private func check() -> Result<(PlatformChanges, PlatformSecrets?), PlatformFormError> {
        var object: JSONObject = [:]
        let text: [(Field, String)] = [
            (.name, "name"), (.displayName, "display_name"), (.adapter, "adapter"), (.baseURL, "api_base_url"),
            (.apiVersion, "api_version"), (.authType, "auth_type"), (.frequencyHours, "sync_frequency_hours"),
        ]
        for (field, key) in text {
            let value = self[field].trimmingCharacters(in: .whitespaces)
            if !value.isEmpty || (original != nil && field != .displayName) { object[key] = .string(value) }
        }
        let configText = self[.config].trimmingCharacters(in: .whitespaces)
        var config = JSONObject()
        do {
            guard case .object(let parsed) = try JSONParser.parse(configText.isEmpty ? "{}" : configText) else {
                return .failure(PlatformFormError(errors: [.config: "must be a JSON object such as {\"pageSize\": 100}"]))
            }
            config = parsed
        } catch let error as JSONError {
            return .failure(PlatformFormError(errors: [.config: "\(error.message) at byte \(error.offset)"]))
        } catch {
            return .failure(PlatformFormError(errors: [.config: "not JSON"]))
        }
        // The box shows the whole config: a key the operator deleted is removed (`null`), as `--config` would. An
        // untouched box changes nothing, so a stored config the form cannot show is never replaced by `{}`.
        if let original {
            for key in original.config.keys where config[key] == nil { config[key] = .null }
        }
        if original == nil || self[.config] != Self.configText(original!) { object["config"] = .object(config) }
        let authType = AuthType(rawValue: self[.authType])
        var errors: [Field: String] = [:]
        func note(_ error: PlatformFieldError) {
            let field = Field(definitionField: error.field, authType: authType)
            if errors[field] == nil { errors[field] = error.problem }
        }
        // Each field on its own first, so every wrong field is marked, then the whole definition.
        for (key, value) in object {
            do {
                _ = try PlatformChanges(json: [key: value])
            } catch let error as PlatformFieldError {
                note(error)
                object[key] = nil
            } catch {}
        }
        let secrets = self.secrets
        do {
            let changes = try PlatformChanges(json: object)
            let definition = try changes.applied(to: original)
            definition.problems().forEach(note)
            if let secrets {
                try secrets.check(for: definition.authType)
            } else if original == nil || definition.authType != original?.authType {
                try PlatformSecrets().check(for: definition.authType)
            }
            guard errors.isEmpty else { return .failure(PlatformFormError(errors: errors)) }
            return .success((changes, secrets))
        } catch let error as PlatformFieldError {
            note(error)
        } catch {
            errors[.config] = "\(error)"
        }
        return .failure(PlatformFormError(errors: errors))
    }

    /// The secret fields typed in; nil when none were (on edit: keep the stored ones).
    var secrets: PlatformSecrets? {
        let fields = PlatformForm.secretFields(for: AuthType(rawValue: self[.authType]))
        guard fields.contains(where: { !self[$0].isEmpty }) else { return nil }
        func value(_ field: Field) -> String? { fields.contains(field) && !self[field].isEmpty ? self[field] : nil }
        return PlatformSecrets(
            apiKey: value(.apiKey), apiSecret: value(.apiSecret), clientId: value(.clientId),
            clientSecret: value(.clientSecret), accessToken: value(.accessToken), refreshToken: value(.refreshToken),
            username: value(.username), password: value(.password))
    }
}

/// Why a form's preview failed, as one line.
public struct PlatformFormPreviewError: Error, Sendable, Equatable {
    public var message: String

    public init(_ message: String) { self.message = message }
}

/// The problems that stop a platform form from saving, by field.
public struct PlatformFormError: Error, Sendable, Equatable {
    public var errors: [PlatformForm.Field: String]
}
