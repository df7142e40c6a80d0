import CredSyncCore
import Testing

@testable import CredSyncTUI

/// The platform form: keys, inline validation and what it saves.
@Suite struct PlatformFormTests {
    func type(_ text: String, into model: DashboardModel) -> DashboardModel {
        text.reduce(model) { DashboardUpdate.update($0, .key(.character($1))).0 }
    }

    func press(_ keys: Key..., on model: DashboardModel) -> (DashboardModel, [DashboardCommand]) {
        var model = model
        var commands: [DashboardCommand] = []
        for key in keys {
            let (next, sent) = DashboardUpdate.update(model, .key(key))
            model = next
            commands += sent
        }
        return (model, commands)
    }

    func form(_ model: DashboardModel) -> PlatformForm? {
        if case .platformForm(let form)? = model.topOverlay { return form }
        return nil
    }

    @Test func fieldsMoveWithTabAndArrowsAndChoicesCycle() {
        var model = DashboardUpdate.update(DashboardFixture.model(), .key(.character("a"))).0
        #expect(form(model)?.focused == .name)
        model = press(.tab, .down, on: model).0
        #expect(form(model)?.focused == .adapter)
        model = press(.right, on: model).0
        #expect(form(model)?[.adapter] == AdapterRegistry.names[0])
        model = press(.left, .left, on: model).0
        #expect(form(model)?[.adapter] == AdapterRegistry.names[AdapterRegistry.names.count - 2])
        model = press(.right, on: model).0
        #expect(form(model)?[.adapter] == AdapterRegistry.names[AdapterRegistry.names.count - 1])
        model = press(.backTab, .up, on: model).0
        #expect(form(model)?.focused == .name)
        model = press(.up, on: model).0
        #expect(form(model)?.focused == form(model)?.visibleFields.last, "moving wraps")
        #expect(press(.escape, on: model).0.overlays.isEmpty)
    }

    @Test func validationShowsEachProblemBesideItsFieldWithTheCommandLinesWords() {
        var form = PlatformForm.adding()
        #expect(form.errors.isEmpty, "empty required fields wait for the first enter")
        form[.adapter] = "nsqf"
        form[.name] = "Bad Name"
        #expect(form.errors[.name]?.contains("must be 1–64 characters of a-z, 0-9") == true)
        form[.name] = "nsqf2"
        form[.adapter] = "nsqx"
        #expect(form.errors[.adapter]?.contains("did you mean \"nsqf\"") == true)
        form[.adapter] = "nsqf"
        form[.authType] = "oauth2_client_credentials"
        form[.baseURL] = "https://nsqf.example.gov.in"
        form[.frequencyHours] = "x"
        #expect(form.errors[.frequencyHours]?.hasPrefix("must be a whole number from 1–8760 hours") == true)
        form[.frequencyHours] = "0"
        #expect(form.errors[.frequencyHours] == "must be a whole number from 1–8760 hours (got 0)")
        form[.frequencyHours] = "24"
        form[.config] = "{\"pageSize\": }"
        #expect(form.errors[.config]?.contains("at byte") == true)
        form[.config] = "[1]"
        #expect(form.errors[.config]?.hasPrefix("must be a JSON object") == true)
        form[.config] = "{\"pageSize\": -5}"
        #expect(form.errors[.config] == "must be a whole number from 1–10000 items (got -5)")
        form[.config] = "{\"pagesize\": 50}"
        #expect(form.errors[.config] == "unknown config key \"pagesize\" — did you mean \"pageSize\"?")
        form[.config] = "{}"
        form[.clientId] = "id-only"
        #expect(form.errors[.clientId] == "auth type oauth2_client_credentials needs \"clientSecret\" or \"apiSecret\" in the secrets JSON")
        var empty = PlatformForm.adding()
        empty.submitted = true
        #expect(empty.errors[.name]?.hasPrefix("is required") == true)
    }

    @Test func enterWithProblemsKeepsTheFocusWhereTheOperatorTypesAndSendsNothing() {
        var model = DashboardUpdate.update(DashboardFixture.model(), .key(.character("a"))).0
        model = press(.tab, .tab, on: model).0
        model = type("nsqf", into: model)
        let (refused, commands) = press(.enter, on: model)
        #expect(commands.isEmpty)
        #expect(form(refused)?.focused == .adapter, "the next keystrokes still land in Adapter")
        #expect(form(refused)?.submitted == true)
        let screen = DashboardView.render(refused, size: refused.size)
        #expect(screen.text.contains("✗ is required"))
        // The terminal's cursor sits after the typed text.
        guard let cursor = screen.cursor else {
            Issue.record("the form shows no cursor")
            return
        }
        let row = screen.text.split(separator: "\n", omittingEmptySubsequences: false)[cursor.y]
        #expect(row.contains("Adapter"))
        #expect(String(row.prefix(cursor.x)).hasSuffix("nsqf"))
    }

    @Test func choosingAnAdapterSetsItsFirstAuthTypeAndClearsTheStaleError() {
        var model = DashboardUpdate.update(DashboardFixture.model(), .key(.character("a"))).0
        model = type("nsqf2", into: model)
        model = press(.tab, .tab, on: model).0
        model = type("nsqf", into: model)
        model = press(.enter, on: model).0
        #expect(form(model)?.errors[.authType]?.contains("is not supported by the nsqf adapter") == true)
        model = press(.right, .left, on: model).0
        #expect(form(model)?[.adapter] == "nsqf")
        #expect(form(model)?[.authType] == "oauth2_client_credentials")
        #expect(form(model)?.errors[.authType] == nil, "the fixed auth type's error is gone")
    }

    @Test func aPathWithoutABaseURLIsTheBaseURLsError() {
        var form = PlatformForm.adding()
        form[.name] = "hr"
        form[.adapter] = "generic_rest"
        form[.authType] = "none"
        form[.config] = #"""
            {"endpoint":"/api/records","itemsPath":"","pagination":{"style":"page"},
             "fields":{"externalId":"id","email":"e","phone":"p","name":"n","title":"t"}}
            """#
        form.submitted = true
        #expect(form.errors[.baseURL]?.contains("\"/api/records\" is a path under it") == true, "\(form.errors)")
        #expect(form.errors[.config] == nil, "\(form.errors)")
        form[.baseURL] = "https://hr.example"
        #expect(form.errors[.baseURL] == nil)
    }

    @Test func theAdapterJudgesTheWholeDefinition() {
        var form = PlatformForm.adding()
        form[.name] = "nsqf2"
        form[.adapter] = "nsqf"
        form[.authType] = "none"
        guard case .failure(let failure) = form.validated() else {
            Issue.record("accepted")
            return
        }
        #expect(failure.errors[.authType]?.contains("is not supported by the nsqf adapter") == true)
    }

    @Test func aValidFormSavesTheDefinitionAndTheSecrets() throws {
        var model = DashboardUpdate.update(DashboardFixture.model(), .key(.character("a"))).0
        model = type("swayam2", into: model)
        model = press(.tab, on: model).0
        model = type("SWAYAM two", into: model)
        model = press(.tab, on: model).0
        model = type("swayam", into: model)
        model = press(.tab, on: model).0
        model = type("https://swayam.example.in", into: model)
        model = press(.tab, .tab, on: model).0
        model = press(.backspace, .backspace, .backspace, .backspace, on: model).0
        model = type("api_key", into: model)
        model = press(.tab, .backspace, .backspace, on: model).0
        model = type("12", into: model)
        model = press(.tab, .tab, on: model).0
        #expect(form(model)?.focused == .apiKey)
        model = type("s3cret", into: model)
        #expect(!DashboardView.render(model, size: model.size).text.contains("s3cret"), "secrets are masked")
        #expect(DashboardView.render(model, size: model.size).text.contains("••••••"))
        let (saving, commands) = press(.enter, on: model)
        #expect(
            commands == [
                .savePlatform(
                    platformId: nil,
                    changes: try PlatformChanges(json: [
                        "name": .string("swayam2"), "display_name": .string("SWAYAM two"), "adapter": .string("swayam"),
                        "api_base_url": .string("https://swayam.example.in"), "api_version": .string("v1"),
                        "auth_type": .string("api_key"), "sync_frequency_hours": .string("12"), "config": .object([:]),
                    ]),
                    secrets: PlatformSecrets(apiKey: "s3cret"))
            ])
        #expect(form(saving)?.saving == true)
        #expect(press(.enter, on: saving).1.isEmpty, "one save at a time")
        let refused = DashboardUpdate.update(
            saving,
            .commandFinished(
                commands[0],
                CommandResult(
                    succeeded: false, message: "a platform named swayam2 exists"))
        ).0
        #expect(form(refused)?.saveError == "a platform named swayam2 exists")
        #expect(form(refused)?.saving == false)
        let saved = DashboardUpdate.update(
            saving,
            .commandFinished(
                commands[0],
                CommandResult(
                    succeeded: true, message: "added swayam2"))
        ).0
        #expect(saved.overlays.isEmpty)
        #expect(saved.flash?.message == "added swayam2")
    }

    @Test func editingWithoutNewSecretsKeepsTheStoredOnes() throws {
        let model = DashboardUpdate.update(DashboardFixture.model(), .key(.character("E"))).0
        let (_, commands) = press(.enter, on: model)
        guard case .savePlatform(1, let changes, nil)? = commands.first, commands.count == 1 else {
            Issue.record("expected one save of platform 1 without secrets, got \(commands)")
            return
        }
        var saved = try changes.applied(to: DashboardFixture.nsqfDefinition)
        #expect(try saved.settings() == DashboardFixture.nsqfDefinition.settings())
        saved.config = DashboardFixture.nsqfDefinition.config
        #expect(saved == DashboardFixture.nsqfDefinition)
    }

    @Test func aFieldTheOperationRefusesShowsBesideThatField() {
        var model = DashboardUpdate.update(DashboardFixture.model(), .key(.character("E"))).0
        let (saving, commands) = press(.enter, on: model)
        model = DashboardUpdate.update(
            saving,
            .commandFinished(
                commands[0],
                CommandResult(
                    succeeded: false, message: "config.pageSize: must be a whole number from 1–10000 items (got 0)",
                    payload: .invalidField(field: "config.pageSize", problem: "must be a whole number from 1–10000 items (got 0)")))
        ).0
        #expect(form(model)?.errors[.config] == "must be a whole number from 1–10000 items (got 0)")
        #expect(form(model)?.saveError == nil)
    }

    @Test func ctrlTPreviewsTheFormAsItStandsAndShowsTheSummaryWithoutClosingIt() throws {
        let model = DashboardUpdate.update(DashboardFixture.model(), .key(.character("E"))).0
        let (previewing, commands) = press(.control("t"), on: model)
        guard case .previewPlatform(1, let changes, nil)? = commands.first, commands.count == 1 else {
            Issue.record("expected one preview of platform 1 without new secrets, got \(commands)")
            return
        }
        #expect(try changes.applied(to: DashboardFixture.nsqfDefinition).name == DashboardFixture.nsqfDefinition.name)
        #expect(form(previewing)?.previewing == true)
        #expect(press(.control("t"), on: previewing).1.isEmpty, "one preview at a time")
        #expect(DashboardView.render(previewing, size: previewing.size).text.contains("fetching the first page…"))

        let summary = "first page: 100 items — 62 would match, 35 pending (no user), 3 invalid"
        let done = DashboardUpdate.update(
            previewing, .commandFinished(commands[0], CommandResult(succeeded: true, message: summary))
        ).0
        #expect(form(done)?.previewing == false)
        #expect(form(done)?.preview == .success(summary))
        #expect(DashboardView.render(done, size: done.size).text.contains("✓ " + summary))
        #expect(form(done)?.saving == false, "a preview saves nothing")

        let failed = DashboardUpdate.update(
            previewing,
            .commandFinished(commands[0], CommandResult(succeeded: false, message: "GET … answered HTTP 401"))
        ).0
        #expect(DashboardView.render(failed, size: failed.size).text.contains("✗ GET … answered HTTP 401"))
        #expect(form(type("x", into: done))?.preview == nil, "an edit clears the preview")
    }

    @Test func ctrlTOnAFormWithProblemsFocusesTheFirstAndSendsNothing() {
        let model = DashboardUpdate.update(DashboardFixture.model(), .key(.character("a"))).0
        let (checked, commands) = press(.control("t"), on: model)
        #expect(commands.isEmpty)
        #expect(form(checked)?.focused == .name)
        #expect(form(checked)?.errors[.name] != nil)
    }

    @Test func anUntouchedConfigBoxChangesNothingSoAnUnreadableStoredConfigIsNotWiped() throws {
        var stored = DashboardFixture.nsqfDefinition
        stored.config = [:]
        stored.unreadableConfig = "the stored config of platform 'nsqf' is not a JSON object"
        var form = PlatformForm.editing(platformId: 1, definition: stored)
        form[.displayName] = "NSQF"
        guard case .failure(let failure) = form.validated() else {
            Issue.record("an unreadable stored config must be fixed before saving")
            return
        }
        #expect(failure.errors[.config]?.contains("not a JSON object") == true, "\(failure.errors)")
        form[.config] = "{\"pageSize\": 100}"
        guard case .success(let (changes, _)) = form.validated() else {
            Issue.record("a config typed in replaces the unreadable one")
            return
        }
        #expect(changes.config?["pageSize"]?.intValue == 100)
    }
}
