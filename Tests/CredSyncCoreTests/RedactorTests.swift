import Testing

@testable import CredSyncCore

// MARK: - Fixtures

private let clientSecret = "cs-7Hq2-LEAKY-91xz"
private let refreshToken = "rt/9a+Zk==LEAKY"
private let redactor = Redactor(knownSecrets: [clientSecret, refreshToken])

// MARK: - Tests

@Suite struct RedactorTests {
    @Test func knownSecretsAreMaskedWhereverTheyAppear() {
        #expect(redactor.redact("platform said: bad client \(clientSecret)!") == "platform said: bad client ***!")
        #expect(redactor.redact("\(clientSecret)\(clientSecret)") == "******")
        #expect(Redactor(knownSecrets: ["abc", "abcdef"]).redact("xabcdefx abc") == "x***x ***")
    }

    @Test func secretParametersAreMaskedInFormBodiesQueriesAndLogFields() {
        #expect(
            redactor.redact("grant_type=refresh_token&refresh_token=zz9&client_id=me&client_secret=s3", mode: .document)
                == "grant_type=refresh_token&refresh_token=***&client_id=me&client_secret=***")
        #expect(
            redactor.redact("job failed apiKey=\"a b c\" password=hunter2 page=3")
                == "job failed apiKey=\"***\" password=*** page=3")
        #expect(redactor.redact("Access_Token=x", mode: .document) == "Access_Token=***")
    }

    @Test func messagesDropQueryStringsAndUserInfoDocumentsKeepTheirQueries() {
        let text = "GET https://user:pw@api.example.org/v1/items?page=2&access_token=abc answered 500"
        #expect(redactor.redact(text) == "GET https://api.example.org/v1/items answered 500")
        #expect(
            redactor.redact("\"url\": \"https://x.org/cert?id=7&sig=abc\"", mode: .document)
                == "\"url\": \"https://x.org/cert?id=7&sig=***\"")
    }

    @Test func headersAndBearerCredentialsAreMasked() {
        #expect(redactor.redact("Authorization: Bearer eyJhbGciOi.x.y") == "Authorization: ***")
        #expect(redactor.redact("sent X-API-Key: k-123, then retried") == "sent X-API-Key: ***, then retried")
        #expect(redactor.redact("header Bearer eyJhbGciOi.x.y was refused") == "header Bearer *** was refused")
        // A sentence about tokens is not a credential.
        #expect(redactor.redact("a bearer token is required") == "a bearer token is required")
        #expect(redactor.redact("no access token: run a sync") == "no access token: run a sync")
    }

    @Test func jsonMembersNamedLikeSecretsAreMaskedOthersKept() {
        let body = #"{"access_token":"a1","token_type":"Bearer","expires_in":3600,"refresh_token" : "r1"}"#
        #expect(
            redactor.redact(body, mode: .document)
                == #"{"access_token":"***","token_type":"Bearer","expires_in":3600,"refresh_token" : "***"}"#)
        let config = #"{"tokenUrl": "https://h/oauth/token", "clientSecret": "x", "expires_at": "2026"}"#
        #expect(
            redactor.redact(config, mode: .document)
                == #"{"tokenUrl": "https://h/oauth/token", "clientSecret": "***", "expires_at": "2026"}"#)
    }

    @Test func secretNames() {
        for name in [
            "access_token", "refreshToken", "client_secret", "apiSecret", "password", "X-API-Key", "Authorization",
            "token", "id_token", "sig",
        ] {
            #expect(Redactor.isSecretName(name), "\(name)")
        }
        for name in ["token_type", "tokenUrl", "expires_in", "tokens", "client_id", "username", "page", "signed_at"] {
            #expect(!Redactor.isSecretName(name), "\(name)")
        }
    }

    @Test func jsonValuesAreRedactedMemberByMember() {
        let details: JSONObject = [
            "clientSecret": .string("x"), "apiKey": .integer(42), "note": .string("used \(refreshToken)"),
            "url": .string("https://h/p?token=t"), "nested": .object(["password": .string("p")]),
            "rotated": .bool(true),
        ]
        let redacted = redactor.redact(details)
        #expect(redacted["clientSecret"] == .string("***"))
        #expect(redacted["apiKey"] == .string("***"))
        #expect(redacted["note"] == .string("used ***"))
        #expect(redacted["url"] == .string("https://h/p"))
        #expect(redacted["nested"]?["password"] == .string("***"))
        #expect(redacted["rotated"] == .bool(true))
    }

    @Test func textWithoutSecretsIsReturnedUnchanged() {
        let text = "job 42 (sync) completed in 1.2 s — 500 fetched, ünïcødé ok"
        #expect(redactor.redact(text) == text)
        #expect(redactor.redact(text, mode: .document) == text)
    }

    @Test func theRegistryMasksRegisteredValuesInTheirEncodedFormsAndSkipsShortOnes() {
        let registry = SecretRegistry()
        registry.register(refreshToken)
        registry.register("abc")
        #expect(registry.redact("body refresh=\(FormURLEncoding.percentEncode(refreshToken))") == "body refresh=***")
        #expect(registry.redact("raw \(refreshToken) end") == "raw *** end")
        #expect(registry.redact("abc stays") == "abc stays")
        var secrets = PlatformSecrets()
        secrets.clientId = "client-public-id"
        secrets.clientSecret = clientSecret
        registry.register(secrets)
        #expect(registry.redact("client-public-id / \(clientSecret)") == "client-public-id / ***")
    }
}
