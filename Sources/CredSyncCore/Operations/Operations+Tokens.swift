extension Operations {
    // MARK: - Tokens

    /// Refreshes the tokens of `references` now (nil: every active platform whose auth type has a token credsync
    /// can renew). Each refresh stores the token, audits it, and on a refusal disables the platform and raises the
    /// alert — delivered to the alert sink like the engine's. Blocking: one HTTP exchange per platform.
    public func refreshTokens(_ references: [PlatformReference]?) throws -> [(platform: Platform, result: TokenRefreshResult)]
    {
        let targets =
            try references?.map(platform)
            ?? context.platforms.all().filter { $0.isActive && $0.definition.authType.canRefresh }
        guard !targets.isEmpty else {
            throw OperationError.refused("no active platform has a token credsync can refresh")
        }
        let box: SecretBox?
        do {
            box = try context.secretBox()
        } catch KeyStoreError.keyFileMissing {
            box = nil
        }
        let maintenance = TokenMaintenance(
            db: db, clock: clock, box: box, client: HTTPClient(options: SyncPolicy(settings: context.settings).httpOptions),
            actor: context.actor, alertSink: context.alertSink.deliver)
        return targets.map { ($0, maintenance.refresh($0, trigger: .manual)) }
    }
}
