extension PlatformDefinition {
    /// Checks everything an operator can get wrong in a definition, as `platforms add`/`edit` and the dashboard's
    /// form must before anything is stored: the name, the URL (http(s), no credentials inside), `api_version` as a
    /// single path segment, the frequency's range, a known adapter with an auth type it speaks, and a config the
    /// typed settings and the adapter both accept. Returns the settings; throws the first bad field.
    @discardableResult
    public func validate() throws -> PlatformSettings {
        if let first = problems().first { throw first }
        return try settings()
    }

    /// Every problem at once, in the order of the seed's fields, for a form that marks each field. The adapter's
    /// own checks run only once the adapter and auth type are right.
    public func problems() -> [PlatformFieldError] {
        var problems: [PlatformFieldError] = []
        for check in [checkName, checkDisplayName, checkPlatformType, checkBaseURL, checkAPIVersion, checkFrequency] {
            do { try check() } catch let error as PlatformFieldError { problems.append(error) } catch {}
        }
        do {
            try checkAdapter()
        } catch let error as PlatformFieldError {
            problems.append(error)
        } catch {}
        return problems
    }

    private func checkName() throws {
        guard !name.isEmpty, name.count <= 64, name.unicodeScalars.allSatisfy(Self.isSlugScalar) else {
            throw PlatformFieldError(field: "name", problem: "\"\(name)\" must be 1–64 characters of a-z, 0-9, '-' and '_'")
        }
    }

    private func checkDisplayName() throws {
        guard !ItemText.trimmed(displayName).isEmpty, displayName.count <= 200 else {
            throw PlatformFieldError(field: "display_name", problem: "must be 1–200 characters")
        }
    }

    private func checkPlatformType() throws {
        guard !platformType.isEmpty, platformType.count <= 64, platformType.unicodeScalars.allSatisfy(Self.isSlugScalar)
        else {
            throw PlatformFieldError(
                field: "platform_type", problem: "\"\(platformType)\" must be a word such as government, university or private")
        }
    }

    private func checkBaseURL() throws {
        if !apiBaseURL.isEmpty {
            guard AdapterConfigReader.isHTTPURL(apiBaseURL) else {
                throw PlatformFieldError(field: "api_base_url", problem: "must be an http:// or https:// URL")
            }
            try URLRules.refuseCredentials(in: apiBaseURL, field: "api_base_url")
        }
    }

    private func checkAPIVersion() throws {
        guard apiVersion.count <= 32, apiVersion != ".", apiVersion != "..",
            apiVersion.unicodeScalars.allSatisfy({ Self.isSlugScalar($0) || $0 == "." || ("A"..."Z").contains($0) })
        else {
            throw PlatformFieldError(
                field: "api_version", problem: "\"\(apiVersion)\" must be one path segment such as v1 (letters, digits, . - _)")
        }
    }

    private func checkFrequency() throws {
        guard PlatformSettings.syncFrequencyRange.bounds.contains(syncFrequencyHours) else {
            throw PlatformFieldError(
                field: "sync_frequency_hours",
                problem: "must be a whole number from \(PlatformSettings.syncFrequencyRange.text) (got \(syncFrequencyHours))")
        }
    }

    private func checkAdapter() throws {
        guard let factory = AdapterRegistry.builtIn[adapter] else {
            let hint = NearestName.suggestion(for: adapter, among: AdapterRegistry.names).map { "did you mean \"\($0)\"? " }
            throw PlatformFieldError(
                field: "adapter",
                problem: "unknown adapter \"\(adapter)\"; \(hint ?? "")known: \(AdapterRegistry.names.joined(separator: ", "))")
        }
        guard factory.authTypes.contains(authType) else {
            throw PlatformFieldError(
                field: "auth_type",
                problem: "\"\(authType.rawValue)\" is not supported by the \(adapter) adapter (use "
                    + factory.authTypes.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + ")")
        }
        _ = try settings()
        do {
            _ = try factory.make(self)
        } catch let error as AdapterConfigError {
            throw PlatformFieldError(field: error.field, problem: error.problem)
        } catch {
            throw PlatformFieldError(field: "config", problem: String(describing: error))
        }
    }

    private static func isSlugScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
    }
}
