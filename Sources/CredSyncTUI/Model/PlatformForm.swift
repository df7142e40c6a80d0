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
    /// What the adapter said of the last submitted definition; cleared by the next edit.
    public var definitionErrors: [Field: String] = [:]
    /// What the definition keeps that the form does not show.
    var platformType: String

    /// An empty form for a new platform.
    public static func adding() -> PlatformForm {
        PlatformForm(
            platformId: nil,
            values: [.apiVersion: "v1", .authType: AuthType.none.rawValue, .frequencyHours: "24", .config: "{}"],
            platformType: "private")
    }

    /// A form filled from a stored platform; the secrets start empty ("unchanged").
    public static func editing(platformId: Int64, definition: PlatformDefinition) -> PlatformForm {
        PlatformForm(
            platformId: platformId,
            values: [
                .name: definition.name, .displayName: definition.displayName, .adapter: definition.adapter,
                .baseURL: definition.apiBaseURL, .apiVersion: definition.apiVersion,
                .authType: definition.authType.rawValue, .frequencyHours: String(definition.syncFrequencyHours),
                .config: JSONValue.object(definition.config).serialized,
            ],
            platformType: definition.platformType)
    }

    public var isEditing: Bool { platformId != nil }

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
    }

    // MARK: - Validation

    /// The problem with each field as it stands; required fields left empty count only once `submitted`.
    public var errors: [Field: String] {
        var errors = definitionErrors
        let name = self[.name]
        if name.isEmpty {
            if submitted { errors[.name] = "required" }
        } else if name.count > 64
            || !name.unicodeScalars.allSatisfy({
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
            })
        {
            errors[.name] = "use a-z, 0-9, - and _"
        }
        let adapter = self[.adapter]
        if adapter.isEmpty {
            if submitted { errors[.adapter] = "required (←/→ to choose)" }
        } else if AdapterRegistry.builtIn[adapter] == nil {
            errors[.adapter] = "unknown: use " + AdapterRegistry.names.joined(separator: ", ")
        }
        if AuthType(rawValue: self[.authType]) == nil {
            errors[.authType] = "unknown (←/→ to choose)"
        }
        if let hours = Int(self[.frequencyHours].trimmingCharacters(in: .whitespaces)) {
            if hours <= 0 { errors[.frequencyHours] = "must be above 0" }
        } else {
            errors[.frequencyHours] = "a whole number of hours"
        }
        let config = self[.config].trimmingCharacters(in: .whitespaces)
        if !config.isEmpty {
            do {
                guard case .object = try JSONParser.parse(config) else {
                    throw PlatformFormConfigError.notAnObject
                }
            } catch is PlatformFormConfigError {
                errors[.config] = "must be a JSON object"
            } catch let error as JSONError {
                errors[.config] = "\(error.message) at byte \(error.offset)"
            } catch {
                errors[.config] = "not JSON"
            }
        }
        let secretFields = PlatformForm.secretFields(for: AuthType(rawValue: self[.authType]))
        if !isEditing, submitted, let first = secretFields.first, secretFields.allSatisfy({ self[$0].isEmpty }) {
            errors[first] = "the auth type needs its secrets"
        }
        return errors
    }

    /// What the form asks to save, or the first problem: field errors, then what the adapter says of the whole
    /// definition (an auth type it does not take, a config field it refuses).
    public func validated() -> Result<(PlatformDefinition, PlatformSecrets?), PlatformFormError> {
        var form = self
        form.submitted = true
        form.definitionErrors = [:]
        let fieldErrors = form.errors
        if !fieldErrors.isEmpty { return .failure(PlatformFormError(errors: fieldErrors)) }
        var config = JSONObject()
        if case .object(let object)? = try? JSONParser.parse(self[.config].isEmpty ? "{}" : self[.config]) {
            config = object
        }
        let displayName = self[.displayName].trimmingCharacters(in: .whitespaces)
        let definition = PlatformDefinition(
            name: self[.name], displayName: displayName.isEmpty ? nil : displayName, platformType: platformType,
            adapter: self[.adapter], apiBaseURL: self[.baseURL].trimmingCharacters(in: .whitespaces),
            apiVersion: self[.apiVersion], authType: AuthType(rawValue: self[.authType]) ?? .none,
            syncFrequencyHours: Int(self[.frequencyHours].trimmingCharacters(in: .whitespaces)) ?? 24,
            config: config)
        do {
            _ = try AdapterRegistry.makeAdapter(for: definition)
        } catch let error as AdapterConfigError {
            let field: Field = error.field == "auth_type" ? .authType : .config
            return .failure(PlatformFormError(errors: [field: "\(error.field) \(error.problem)"]))
        } catch {
            return .failure(PlatformFormError(errors: [.config: "\(error)"]))
        }
        return .success((definition, secrets))
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

/// The problems that stop a platform form from saving, by field.
public struct PlatformFormError: Error, Sendable, Equatable {
    public var errors: [PlatformForm.Field: String]
}

private enum PlatformFormConfigError: Error {
    case notAnObject
}
