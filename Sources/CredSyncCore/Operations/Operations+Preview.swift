import Foundation

extension Operations {
    // MARK: - Preview

    /// Authenticates, fetches the first page of `source` through its real adapter and session, and says what each
    /// item would become (`CredentialWriter.preview`: the same normalising and matching a sync does), storing no
    /// credential, run or job.
    ///
    /// Tokens: an OAuth2 client-credentials platform fetches a token and drops it. A stored platform with a refresh
    /// token or a long-lived token uses its stored token, and only when that must be refreshed goes through the one
    /// `TokenRefresher` as a sync would: the new token is kept (the spent refresh token must not be lost), and a
    /// refusal disables the platform with its alert, since the stored secrets are what was refused. A definition
    /// that is not saved, or an unsaved edit, drops whatever token it gets and records nothing. `pageSize` overrides
    /// the platform's (`doctor` asks for 1). Blocks on the network: run it on a command's thread, never on Swift's
    /// cooperative pool.
    public func previewPlatform(_ source: PlatformPreview.Source, pageSize: Int? = nil) throws -> PlatformPreview {
        let (platform, secrets, tokens) = try previewTarget(source)
        let policy = SyncPolicy(settings: context.settings)
        let session = try PlatformSession(
            platform: platform, secrets: secrets,
            dependencies: PlatformSession.Dependencies(
                client: HTTPClient(options: policy.httpOptions), tokens: tokens, pacers: PacerRegistry(),
                retryPolicy: HTTPRetryPolicy(maxRetries: 1), clock: clock, actor: context.actor,
                alertSink: context.alertSink.deliver))
        let size = pageSize ?? session.settings.pageSize
        let page: FetchedPage
        do {
            let adapter = try AdapterRegistry.makeAdapter(for: platform.definition)
            try session.authenticate()
            page = try adapter.fetchPage(PageRequest(cursor: nil, sinceMs: nil, pageSize: size), using: session)
        } catch {
            throw SyncError(error)
        }
        let items = try CredentialWriter(db: db, phoneNormalizer: context.phoneNormalizer).preview(
            page.items, platformId: platform.id)
        var users: [Int64: User] = [:]
        let userStore = UserStore(db: db, clock: clock)
        for case .matched(let userId, _) in items.map(\.outcome) where users[userId] == nil {
            users[userId] = try userStore.user(id: userId)
        }
        return PlatformPreview(
            platformName: platform.name, adapter: platform.definition.adapter, pageSize: size, items: items,
            users: users, nextCursor: page.nextCursor, totalCount: page.totalCount, requestsSent: session.requestsSent)
    }

    /// The platform to preview, its secrets, and where its token lives (nil: used, not kept).
    private func previewTarget(_ source: PlatformPreview.Source) throws -> (Platform, PlatformSecrets, TokenStore?) {
        switch source {
        case .platform(let reference):
            let platform = try platform(reference)
            guard platform.hasSecrets else { return (platform, PlatformSecrets(), nil) }
            let box = try context.secretBox()
            let tokens =
                platform.definition.authType == .oauth2ClientCredentials
                ? nil : TokenStore(db: db, clock: clock, box: box)
            return (platform, try context.platforms.secrets(of: platform, box: box), tokens)
        case .definition(let changes, let secrets):
            let definition = try checked {
                let definition = try changes.applied(to: nil)
                try definition.validate()
                try (secrets ?? PlatformSecrets()).check(for: definition.authType)
                return definition
            }
            // Items are compared with a stored platform of the same name, if any, so an edit shows what changes.
            let stored = try context.platforms.platform(named: definition.name)
            return (unsaved(definition, id: stored?.id ?? -1, secrets: secrets), secrets ?? PlatformSecrets(), nil)
        case .edit(let reference, let changes, let secrets):
            let stored = try platform(reference)
            let definition = try checked {
                let definition = try changes.applied(to: stored.definition)
                try definition.validate()
                if let secrets { try secrets.check(for: definition.authType) }
                return definition
            }
            let kept =
                try secrets
                ?? (stored.hasSecrets ? context.platforms.secrets(of: stored, box: context.secretBox()) : nil)
            // A refresh or long-lived token rotates when used: the preview must start from the stored one and keep
            // what it gets, as a sync would, or it spends the token the engine holds.
            let rotating = definition.authType.usesIssuedTokens && definition.authType != .oauth2ClientCredentials
            var tokens: TokenStore?
            if rotating && secrets == nil {
                guard !PlatformStore.tokenOriginChanged(from: stored.definition, to: definition) else {
                    throw OperationError.refused(
                        "previewing \(stored.name) with another auth type or token endpoint needs its secrets "
                            + "(the stored token belongs to the old one); enter them in the form")
                }
                tokens = TokenStore(db: db, clock: clock, box: try context.secretBox())
            }
            return (unsaved(definition, id: stored.id, secrets: kept), kept ?? PlatformSecrets(), tokens)
        }
    }

    /// A platform value for a definition that is not saved (or not as it is now): active, no sync state.
    private func unsaved(_ definition: PlatformDefinition, id: Int64, secrets: PlatformSecrets?) -> Platform {
        if let secrets { SecretRegistry.shared.register(secrets) }
        let now = clock.nowMs
        return Platform(
            id: id, definition: definition, isActive: true, statusReason: nil, syncCursor: nil, lastSyncAtMs: nil,
            lastSuccessAtMs: nil, consecutiveFailures: 0, hasSecrets: secrets != nil, createdAtMs: now,
            updatedAtMs: now)
    }
}
