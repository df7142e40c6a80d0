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
        #expect(form(model)?.focused == .config, "moving wraps")
        #expect(press(.escape, on: model).0.overlays.isEmpty)
    }

    @Test func validationShowsEachProblemBesideItsField() {
        var form = PlatformForm.adding()
        #expect(form.errors.isEmpty, "empty required fields wait for the first enter")
        form[.name] = "Bad Name"
        form[.adapter] = "nope"
        form[.frequencyHours] = "x"
        form[.config] = "{\"pageSize\": }"
        let errors = form.errors
        #expect(errors[.name] == "use a-z, 0-9, - and _")
        #expect(errors[.adapter]?.hasPrefix("unknown: use credly") == true)
        #expect(errors[.frequencyHours] == "a whole number of hours")
        #expect(errors[.config]?.contains("at byte") == true)
        form[.config] = "[1]"
        #expect(form.errors[.config] == "must be a JSON object")
        form[.frequencyHours] = "0"
        #expect(form.errors[.frequencyHours] == "must be above 0")
        var empty = PlatformForm.adding()
        empty.submitted = true
        #expect(empty.errors[.name] == "required")
        #expect(empty.errors[.adapter] == "required (←/→ to choose)")
    }

    @Test func enterWithProblemsFocusesTheFirstAndSendsNothing() {
        var model = DashboardUpdate.update(DashboardFixture.model(), .key(.character("a"))).0
        model = press(.tab, .tab, on: model).0
        model = type("nsqf", into: model)
        let (refused, commands) = press(.enter, on: model)
        #expect(commands.isEmpty)
        #expect(form(refused)?.focused == .name)
        #expect(form(refused)?.submitted == true)
        #expect(DashboardView.render(refused, size: refused.size).text.contains("✗ required"))
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
        #expect(failure.errors[.authType]?.contains("auth_type") == true)
    }

    @Test func aValidFormSavesTheDefinitionAndTheSecrets() {
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
                    definition: PlatformDefinition(
                        name: "swayam2", displayName: "SWAYAM two", adapter: "swayam",
                        apiBaseURL: "https://swayam.example.in", authType: .apiKey, syncFrequencyHours: 12),
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

    @Test func editingWithoutNewSecretsKeepsTheStoredOnes() {
        let model = DashboardUpdate.update(DashboardFixture.model(), .key(.character("E"))).0
        let (_, commands) = press(.enter, on: model)
        #expect(commands == [.savePlatform(platformId: 1, definition: DashboardFixture.nsqfDefinition, secrets: nil)])
    }
}
