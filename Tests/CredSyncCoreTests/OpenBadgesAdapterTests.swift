import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

/// An OB 3.0 credential with an identifier array (plain email, hashed phone, name), one with a `mailto:` subject,
/// the OB 2.0 specification's hashed-recipient example, a 2.0 assertion whose badge is a URL, and a bad one.
private let openBadgesPage = """
    {"credential":[
      {"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
       "id":"urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002","type":["VerifiableCredential","OpenBadgeCredential"],
       "issuer":{"id":"https://issuer.example/","type":["Profile"],"name":"Example University"},
       "validFrom":"2024-05-01T12:00:00Z","validUntil":"2026-05-01T12:00:00Z","name":"Credential name",
       "credentialSubject":{"type":["AchievementSubject"],
         "identifier":[
           {"type":"IdentityObject","identityType":"emailAddress","hashed":false,"identityHash":" Priya@Example.org "},
           {"type":"IdentityObject","identityType":"ext:phoneNumber","hashed":true,
            "identityHash":"sha256$0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","salt":"pepper"},
           {"type":"IdentityObject","identityType":"name","hashed":false,"identityHash":"Priya Sharma"}],
         "achievement":{"id":"https://issuer.example/a/1","type":["Achievement"],"name":"Introduction to Cloud"}}},
      {"id":"https://issuer.example/credentials/2","type":["VerifiableCredential","OpenBadgeCredential"],
       "issuanceDate":"2024-05-02","name":"Fallback title",
       "credentialSubject":{"id":"mailto:rahul@example.org","achievement":{}}},
      {"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://example.org/assertions/123",
       "recipient":{"type":"email","hashed":true,"salt":"deadsea",
         "identity":"sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942"},
       "issuedOn":"2016-12-31T23:59:59+00:00","expires":"2017-12-31T23:59:59+00:00",
       "badge":{"type":"BadgeClass","id":"https://example.org/robotics-badge.json","name":"Awesome Robotics Badge"},
       "verification":{"type":"hosted"}},
      {"type":"Assertion","id":"urn:uuid:2","recipient":{"type":"telephone","hashed":false,"identity":"+919876543210"},
       "issuedOn":1483228799,"badge":"https://example.org/robotics-badge.json"},
      {"type":["VerifiableCredential"],"validFrom":"soon","credentialSubject":{}},
      {"id":"urn:uuid:3","validFrom":"soon","credentialSubject":{}}
    ]}
    """

private func base64URL(_ text: String) -> String {
    Data(text.utf8).base64EncodedString().replacing("+", with: "-").replacing("/", with: "_")
        .replacing("=", with: "")
}

@Suite struct OpenBadgesAdapterTests {
    let adapter = try! OpenBadgesAdapter(
        definition: PlatformDefinition(
            name: "ob", adapter: "openbadges", apiBaseURL: "https://badges.example/", authType: .bearer))

    @Test func readsOpenBadges3And2Credentials() throws {
        let headers: HTTPHeaders = [
            "Link": "<https://badges.example/ims/ob/v3p0/credentials?limit=6&offset=6>; rel=\"next\", "
                + "<https://badges.example/ims/ob/v3p0/credentials?limit=6&offset=96>; rel=\"last\"",
            "X-Total-Count": "100",
        ]
        let http = CannedPlatformHTTP([CannedPlatformHTTP.response(openBadgesPage, headers: headers)])
        let page = try adapter.fetchPage(PageRequest(cursor: nil, sinceMs: 1_714_521_600_000, pageSize: 6), using: http)
        let request = http.requests[0]
        #expect(request.url == "https://badges.example/ims/ob/v3p0/credentials")
        #expect(request.query("limit") == "6")
        #expect(request.query("offset") == "0")
        #expect(request.query("since") == "2024-05-01T00:00:00Z")
        #expect(page.nextCursor == "https://badges.example/ims/ob/v3p0/credentials?limit=6&offset=6")
        #expect(page.totalCount == 100)
        #expect(page.items.count == 6)

        guard case .credential(let ob3) = page.items[0] else { Issue.record("not a credential"); return }
        #expect(ob3.externalId == "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002")
        #expect(ob3.learnerEmail == "Priya@Example.org")
        #expect(ob3.learnerPhone == nil)
        #expect(ob3.learnerName == "Priya Sharma")
        #expect(
            ob3.hashedIdentities == [
                HashedRecipient(
                    type: .phone,
                    identityHash: "sha256$0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                    salt: "pepper")
            ])
        #expect(ob3.title == "Introduction to Cloud")
        #expect(ob3.issuedAtMs == ItemDate.parseISO8601("2024-05-01T12:00:00Z"))
        #expect(ob3.expiresAtMs == ItemDate.parseISO8601("2026-05-01T12:00:00Z"))
        #expect(ob3.updatedAtMs == ob3.issuedAtMs)
        #expect(ob3.url == nil)

        guard case .credential(let mailto) = page.items[1] else { Issue.record("not a credential"); return }
        #expect(mailto.learnerEmail == "rahul@example.org")
        #expect(mailto.title == "Fallback title")
        #expect(mailto.issuedAtMs == ItemDate.parseISO8601("2024-05-02"))
        #expect(mailto.url == "https://issuer.example/credentials/2")

        guard case .credential(let ob2) = page.items[2] else { Issue.record("not a credential"); return }
        #expect(ob2.externalId == "https://example.org/assertions/123")
        #expect(ob2.learnerEmail == nil)
        let hashed = try #require(ob2.hashedIdentities.first)
        #expect(hashed.type == .email)
        #expect(hashed.salt == "deadsea")
        #expect(hashed.identityHash == "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942")
        let identity = try HashedIdentity(type: hashed.type, identityHash: hashed.identityHash, salt: hashed.salt)
        #expect(identity.matches("nobody@example.org"))
        #expect(ob2.title == "Awesome Robotics Badge")
        #expect(ob2.issuedAtMs == ItemDate.parseISO8601("2016-12-31T23:59:59Z"))
        #expect(ob2.expiresAtMs == ItemDate.parseISO8601("2017-12-31T23:59:59Z"))

        guard case .credential(let badgeByURL) = page.items[3] else { Issue.record("not a credential"); return }
        #expect(badgeByURL.learnerPhone == "+919876543210")
        #expect(badgeByURL.title == nil)
        #expect(badgeByURL.issuedAtMs == 1_483_228_799_000)

        #expect(page.items[4] == .invalid(externalId: nil, reason: "no id"))
        #expect(page.items[5] == .invalid(externalId: "urn:uuid:3", reason: "unparseable validFrom \"soon\""))
    }

    @Test func readsCompactJWSAndCountsUnreadableOnesInvalid() throws {
        let payload = #"""
            {"iss":"https://issuer.example/","jti":"urn:uuid:jws-1","nbf":1714564800,
             "vc":{"type":["VerifiableCredential","OpenBadgeCredential"],
               "credentialSubject":{"identifier":[{"identityType":"emailAddress","hashed":false,"identityHash":"jws@example.org"}],
                 "achievement":{"name":"Signed badge"}}}}
            """#
        let jws = "\(base64URL(#"{"alg":"RS256"}"#)).\(base64URL(payload)).c2lnbmF0dXJl"
        let body = """
            {"credential":[{"compactJwsString":"\(jws)"}],"compactJwsString":["\(jws)","not-a-jws","a.%%%.c",7]}
            """
        let http = CannedPlatformHTTP(json: body)
        let page = try adapter.fetchPage(PageRequest(cursor: nil, sinceMs: nil, pageSize: 10), using: http)
        #expect(page.nextCursor == nil)
        #expect(page.items.count == 5)
        for index in 0..<2 {
            guard case .credential(let item) = page.items[index] else { Issue.record("not a credential"); return }
            #expect(item.externalId == "urn:uuid:jws-1")
            #expect(item.learnerEmail == "jws@example.org")
            #expect(item.title == "Signed badge")
            #expect(item.issuedAtMs == 1_714_564_800_000)
        }
        #expect(
            page.items[2]
                == .invalid(externalId: nil, reason: "unreadable compactJwsString: not three dot-separated parts"))
        #expect(
            page.items[3] == .invalid(externalId: nil, reason: "unreadable compactJwsString: the payload is not JSON"))
        #expect(page.items[4] == .invalid(externalId: nil, reason: "unreadable compactJwsString: not a string"))
    }

    @Test func followsTheLinkURLAsTheCursorAndResolvesRelativeLinks() throws {
        let http = CannedPlatformHTTP([
            CannedPlatformHTTP.response(
                #"{"credential":[]}"#, headers: ["Link": "</ims/ob/v3p0/credentials?offset=12>; rel=\"next\""])
        ])
        let cursor = "https://badges.example/ims/ob/v3p0/credentials?limit=6&offset=6&since=x"
        let page = try adapter.fetchPage(PageRequest(cursor: cursor, sinceMs: 5, pageSize: 6), using: http)
        #expect(http.requests[0].url == cursor)
        #expect(http.requests[0].query.isEmpty)
        #expect(page.nextCursor == "https://badges.example/ims/ob/v3p0/credentials?offset=12")
    }

    @Test func aPageWithoutCredentialsIsRefused() {
        #expect(throws: AdapterError.self) {
            try adapter.fetchPage(
                PageRequest(cursor: nil, sinceMs: nil, pageSize: 6), using: CannedPlatformHTTP(json: "[]"))
        }
    }
}
