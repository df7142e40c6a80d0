import CredSyncCore
import Testing

private func definition(
    _ adapter: String, base: String = "https://api.example", auth: AuthType? = nil, config: String = "{}"
) throws -> PlatformDefinition {
    let authType = try auth ?? AdapterRegistry.factory(named: adapter).authTypes[0]
    return PlatformDefinition(
        name: "p", adapter: adapter, apiBaseURL: base, authType: authType,
        config: try JSONParser.parse(config).objectValue!)
}

/// Runs `makeAdapter` and returns the field its `AdapterConfigError` names (nil when it succeeds).
private func failingField(_ definition: PlatformDefinition) -> String? {
    do {
        _ = try AdapterRegistry.makeAdapter(for: definition)
        return nil
    } catch let error as AdapterConfigError {
        return error.field
    } catch {
        return "unexpected \(error)"
    }
}

private let genericFields = #""fields":{"externalId":"id"}"#

@Suite struct AdapterRegistryTests {
    @Test func registersEveryBuiltInAdapterUnderItsName() throws {
        #expect(AdapterRegistry.names == ["credly", "file_import", "generic_rest", "nsqf", "openbadges", "swayam"])
        for (name, factory) in AdapterRegistry.builtIn {
            #expect(factory.name == name)
            #expect(!factory.authTypes.isEmpty)
            #expect(!factory.summary.isEmpty)
        }
    }

    @Test func anUnknownAdapterNamesTheKnownOnes() {
        let error = #expect(throws: UnknownAdapterError.self) { try AdapterRegistry.factory(named: "moodle") }
        #expect(
            error?.description
                == "unknown adapter \"moodle\"; the adapters are credly, file_import, generic_rest, nsqf, openbadges, swayam"
        )
        #expect(throws: UnknownAdapterError.self) {
            try AdapterRegistry.makeAdapter(for: PlatformDefinition(name: "m", adapter: "moodle"))
        }
    }

    @Test func refusesAnAuthTypeTheContractDoesNotSpeak() throws {
        #expect(failingField(try definition("nsqf", auth: .apiKey)) == "auth_type")
        #expect(
            failingField(try definition("credly", auth: .bearer, config: #"{"organizationId":"o"}"#)) == "auth_type")
    }

    @Test(arguments: ["nsqf", "swayam", "openbadges"])
    func fixedContractsNeedAnHTTPBaseURL(adapter: String) throws {
        #expect(failingField(try definition(adapter)) == nil)
        #expect(failingField(try definition(adapter, base: "")) == "api_base_url")
        #expect(failingField(try definition(adapter, base: "ftp://x")) == "api_base_url")
    }

    @Test func credlyNeedsAnOrganizationId() throws {
        #expect(failingField(try definition("credly")) == "config.organizationId")
        #expect(failingField(try definition("credly", config: #"{"organizationId":""}"#)) == "config.organizationId")
        #expect(failingField(try definition("credly", config: #"{"organizationId":"a/b"}"#)) == "config.organizationId")
        #expect(failingField(try definition("credly", config: #"{"organizationId":7}"#)) == "config.organizationId")
        #expect(failingField(try definition("credly", config: #"{"organizationId":"4e1c-9a"}"#)) == nil)
        let error = AdapterConfigError(adapter: "credly", field: "config.organizationId", problem: "is required")
        #expect(error.description == "credly adapter: config.organizationId is required")
    }

    @Test(arguments: [
        (#"{"pagination":{"style":"page"},\#(genericFields)}"#, "config.endpoint"),
        (#"{"endpoint":"","pagination":{"style":"page"},\#(genericFields)}"#, "config.endpoint"),
        (#"{"endpoint":"/x","pagination":{"style":"page"}}"#, "config.fields"),
        (#"{"endpoint":"/x","pagination":{"style":"page"},"fields":{"email":"e"}}"#, "config.fields.externalId"),
        (
            #"{"endpoint":"/x","pagination":{"style":"page"},"fields":{"externalId":"id","emial":"e"}}"#,
            "config.fields.emial"
        ),
        (
            #"{"endpoint":"/x","pagination":{"style":"page"},"fields":{"externalId":"id","name":[]}}"#,
            "config.fields.name"
        ),
        (#"{"endpoint":"/x","pagination":{"style":"page"},"fields":{"externalId":5}}"#, "config.fields.externalId"),
        (#"{"endpoint":"/x",\#(genericFields)}"#, "config.pagination"),
        (#"{"endpoint":"/x","pagination":"page",\#(genericFields)}"#, "config.pagination"),
        (#"{"endpoint":"/x","pagination":{},\#(genericFields)}"#, "config.pagination.style"),
        (#"{"endpoint":"/x","pagination":{"style":"scroll"},\#(genericFields)}"#, "config.pagination.style"),
        (#"{"endpoint":"/x","pagination":{"style":"cursor"},\#(genericFields)}"#, "config.pagination.nextCursorPath"),
        (
            #"{"endpoint":"/x","pagination":{"style":"page","offsetParam":"o"},\#(genericFields)}"#,
            "config.pagination.offsetParam"
        ),
        (
            #"{"endpoint":"/x","pagination":{"style":"page","startPage":5},\#(genericFields)}"#,
            "config.pagination.startPage"
        ),
        (
            #"{"endpoint":"/x","pagination":{"style":"page","pageSize":5},\#(genericFields)}"#,
            "config.pagination.pageSize"
        ),
        (
            #"{"endpoint":"/x","pagination":{"style":"page"},"sinceFormat":"rfc2822",\#(genericFields)}"#,
            "config.sinceFormat"
        ),
        (
            #"{"endpoint":"/x","pagination":{"style":"page"},"dateFormat":"unix",\#(genericFields)}"#,
            "config.dateFormat"
        ),
        (#"{"endpoint":"/x","pagination":{"style":"page"},"since":"",\#(genericFields)}"#, "config.since"),
        (#"{"endpoint":"/x","itemsPath":5,"pagination":{"style":"page"},\#(genericFields)}"#, "config.itemsPath"),
    ])
    func genericRESTNamesEachBadField(config: String, field: String) throws {
        #expect(failingField(try definition("generic_rest", config: config)) == field)
    }

    @Test func genericRESTAcceptsACompleteConfig() throws {
        let config = #"""
            {"endpoint":"/api/records","itemsPath":"","pagination":{"style":"cursor","cursorParam":"after",
             "sizeParam":"limit","nextCursorPath":"meta.next"},"since":"modified_since","sinceFormat":"epoch_seconds",
             "dateFormat":"iso8601","fields":{"externalId":"id","email":"e","phone":"p","name":["f","l"],"title":"t",
             "issuedAt":"i","expiresAt":"x","url":"u","updatedAt":"m"},"pageSize":200}
            """#
        #expect(failingField(try definition("generic_rest", config: config)) == nil)
        // A path needs a base URL to go under: the base URL is the field to fix.
        #expect(failingField(try definition("generic_rest", base: "", config: config)) == "api_base_url")
    }

    @Test func fileImportNamesEachBadField() throws {
        #expect(failingField(try definition("file_import", config: "{\(genericFields)}")) == "config.path")
        #expect(
            failingField(try definition("file_import", config: #"{"path":"data.csv",\#(genericFields)}"#))
                == "config.path")
        #expect(
            failingField(try definition("file_import", config: #"{"path":"/no/such/dir/data.csv",\#(genericFields)}"#))
                == "config.path")
        #expect(
            failingField(try definition("file_import", config: #"{"path":"/tmp",\#(genericFields)}"#)) == "config.path")
        #expect(
            failingField(
                try definition(
                    "file_import", config: #"{"path":"/tmp/a.csv","url":"https://x/a.csv",\#(genericFields)}"#))
                == "config.url")
        #expect(
            failingField(try definition("file_import", config: #"{"path":"/tmp/a.txt",\#(genericFields)}"#))
                == "config.format")
        #expect(
            failingField(
                try definition("file_import", config: #"{"path":"/tmp/a.txt","format":"xml",\#(genericFields)}"#))
                == "config.format")
        #expect(
            failingField(
                try definition("file_import", config: #"{"path":"/tmp/a.csv","delimiter":";;",\#(genericFields)}"#))
                == "config.delimiter")
        #expect(
            failingField(
                try definition("file_import", config: #"{"path":"/tmp/a.jsonl","delimiter":";",\#(genericFields)}"#))
                == "config.delimiter")
        #expect(failingField(try definition("file_import", config: #"{"path":"/tmp/a.csv"}"#)) == "config.fields")
        #expect(
            failingField(try definition("file_import", base: "", config: #"{"url":"/a.csv",\#(genericFields)}"#))
                == "api_base_url")
        #expect(failingField(try definition("file_import", config: #"{"url":"/a.csv",\#(genericFields)}"#)) == nil)
        #expect(
            failingField(
                try definition(
                    "file_import", config: #"{"path":"/tmp/a.txt","format":"csv","delimiter":"\t",\#(genericFields)}"#))
                == nil)
    }
}
