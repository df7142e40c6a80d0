import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncSim

private let startMs: Int64 = 1_748_736_000_000  // 2025-06-01T00:00:00Z

/// A running simulator with the given platforms and a manual clock; stopped when released.
private final class Running {
    let clock = ManualClock(nowMs: startMs)
    let simulator: PlatformSimulator
    let client = HTTPClient(options: HTTPClient.Options(connectTimeoutMs: 2_000, timeoutMs: 5_000))

    init(_ platforms: SimulatedPlatform...) throws {
        simulator = PlatformSimulator(platforms: platforms, clock: clock)
        try simulator.start()
    }

    deinit { simulator.stop() }

    func get(_ name: String, _ path: String, headers: HTTPHeaders = [:], timeoutMs: Int? = nil) throws
        -> HTTPClientResponse
    {
        var request = HTTPClientRequest(method: "GET", url: simulator.baseURL(for: name) + path, headers: headers)
        request.timeoutMs = timeoutMs
        return try client.send(request)
    }

    func token(_ name: String, secret: String? = nil) throws -> HTTPClientResponse {
        let platform = simulator.platform(named: name)
        return try client.send(
            .postForm(
                simulator.baseURL(for: name) + "/oauth/token",
                fields: [
                    URLQueryItem(name: "grant_type", value: "client_credentials"),
                    URLQueryItem(name: "client_id", value: platform.clientId),
                    URLQueryItem(name: "client_secret", value: secret ?? platform.clientSecret),
                ]))
    }

    func bearer(_ name: String) throws -> HTTPHeaders {
        let json = try JSONParser.parse(try token(name).body)
        return ["Authorization": "Bearer \(json["access_token"]!.stringValue!)"]
    }

    func swayamKey(_ name: String) -> HTTPHeaders {
        ["X-API-Key": simulator.platform(named: name).apiKey]
    }
}

@Suite struct PlatformSimulatorTests {
    @Test func theSameSeedServesTheSameBytes() throws {
        let one = try Running(SimulatedPlatform(name: "a", contract: .swayam, count: 300, seed: 5))
        let two = try Running(SimulatedPlatform(name: "a", contract: .swayam, count: 300, seed: 5))
        let other = try Running(SimulatedPlatform(name: "a", contract: .swayam, count: 300, seed: 6))
        let path = "/v1/completions?limit=40&cursor=c2s"
        let first = try one.get("a", path, headers: one.swayamKey("a"))
        #expect(first.status == 200)
        #expect(first.body.count > 10_000)
        // Same seed, another server (its port in the URLs replaced): byte for byte the same page.
        func portless(_ running: Running, _ response: HTTPClientResponse) -> String {
            String(decoding: response.body, as: UTF8.self).replacing(running.simulator.rootURL, with: "ROOT")
        }
        #expect(portless(one, first) == portless(two, try two.get("a", path, headers: two.swayamKey("a"))))
        #expect(portless(one, first) != portless(other, try other.get("a", path, headers: other.swayamKey("a"))))
        #expect(portless(one, first) == portless(one, try one.get("a", path, headers: one.swayamKey("a"))))
    }

    @Test func servesSeveralPlatformsUnderTheirOwnPrefixes() throws {
        let running = try Running(
            SimulatedPlatform(name: "nsqf", contract: .nsqf, count: 10),
            SimulatedPlatform(name: "credly", contract: .credly, count: 10),
            SimulatedPlatform(name: "files", contract: .fileJSONL, count: 10))
        let simulator = running.simulator
        #expect(simulator.baseURL(for: "nsqf") == "http://127.0.0.1:\(simulator.port)/nsqf")
        #expect(simulator.platforms.map(\.name) == ["credly", "files", "nsqf"])
        #expect(try running.get("nsqf", "/v1/certificates", headers: running.bearer("nsqf")).status == 200)
        #expect(try running.get("files", "/export.jsonl").status == 200)
        #expect(try running.client.send(.get(simulator.rootURL + "/moodle/v1/x")).status == 404)
        #expect(try running.get("nsqf", "/v1/completions").status == 404)
        let basic = "Basic " + Data("\(simulator.platform(named: "credly").token):".utf8).base64EncodedString()
        #expect(
            try running.get("credly", "/v1/organizations/org-credly/badges", headers: ["Authorization": basic]).status
                == 200)
        #expect(
            try running.get("credly", "/v1/organizations/other/badges", headers: ["Authorization": basic]).status == 404
        )
        #expect(try running.get("credly", "/v1/organizations/org-credly/badges").status == 401)
        #expect(
            try running.get("nsqf", "/v1/certificates?page=0", headers: running.bearer("nsqf")).status == 400)
        #expect(simulator.counters(platform: "nsqf") == SimulatorCounters(requests: 5, pages: 1, tokens: 2))
    }

    @Test func tokensExpireWithTheClockAndOnDemand() throws {
        let running = try Running(SimulatedPlatform(name: "n", contract: .nsqf, count: 5, tokenLifetimeSeconds: 60))
        #expect(try running.token("n", secret: "wrong").status == 401)
        let response = try running.token("n")
        let json = try JSONParser.parse(response.body)
        let tokenType = json["token_type"]?.stringValue
        let expiresIn = json["expires_in"]?.intValue
        #expect(tokenType == "Bearer")
        #expect(expiresIn == 60)
        let headers: HTTPHeaders = ["Authorization": "Bearer \(json["access_token"]!.stringValue!)"]
        #expect(try running.get("n", "/v1/certificates", headers: headers).status == 200)
        running.clock.advance(byMs: 60_001)
        let expired = try running.get("n", "/v1/certificates", headers: headers)
        #expect(expired.status == 401)
        #expect(expired.headers["WWW-Authenticate"]?.contains("invalid_token") == true)
        let fresh = try running.bearer("n")
        #expect(try running.get("n", "/v1/certificates", headers: fresh).status == 200)
        running.simulator.expireTokens(platform: "n")
        #expect(try running.get("n", "/v1/certificates", headers: fresh).status == 401)
        #expect(try running.get("n", "/v1/certificates", headers: ["Authorization": "Bearer made-up"]).status == 401)
    }

    @Test func updatesChangeExactlyThatManyRecordsNow() throws {
        let running = try Running(SimulatedPlatform(name: "s", contract: .swayam, count: 500, seed: 3))
        let simulator = running.simulator
        #expect(simulator.externalIds(platform: "s").count == 500)
        let updated = simulator.update(platform: "s", count: 7)
        #expect(Set(updated).count == 7)
        #expect(simulator.generation(of: "s") == 1)
        #expect(simulator.externalIds(platform: "s", sinceMs: startMs) == Set(updated))
        let page = try running.get(
            "s", "/v1/completions?limit=50&since=2025-06-01T00:00:00Z", headers: running.swayamKey("s"))
        let json = try JSONParser.parse(page.body)
        let results = try #require(json["results"]?.arrayValue)
        #expect(Set(results.compactMap { $0["id"]?.stringValue }) == Set(updated))
        #expect(results.allSatisfy { $0["updated_at"]?.stringValue == "2025-06-01T00:00:00Z" })
        #expect(results.allSatisfy { $0.value(at: "course.title")?.stringValue?.hasSuffix("(revision 1)") == true })
        #expect(json["next_cursor"] == .null)

        running.clock.advance(byMs: 60_000)
        let second = simulator.update(platform: "s", count: 7)
        #expect(simulator.externalIds(platform: "s", sinceMs: startMs + 60_000) == Set(second))
        #expect(simulator.externalIds(platform: "s", sinceMs: startMs) == Set(updated).union(second))
        // Another simulator with the same seed changes the same records.
        let twin = try Running(SimulatedPlatform(name: "s", contract: .swayam, count: 500, seed: 3))
        #expect(twin.simulator.update(platform: "s", count: 7) == updated)
    }

    @Test func statusFaultsAnswerAndThenClear() throws {
        let running = try Running(SimulatedPlatform(name: "s", contract: .swayam, count: 5))
        let key = running.swayamKey("s")
        running.simulator.inject(.status(503, retryAfter: nil), platform: "s", times: 2)
        running.simulator.inject(.status(429, retryAfter: "7"), platform: "s")
        #expect(try running.get("s", "/v1/completions", headers: key).status == 503)
        #expect(try running.get("s", "/v1/completions", headers: key).status == 503)
        let limited = try running.get("s", "/v1/completions", headers: key)
        #expect(limited.status == 429)
        #expect(limited.headers["Retry-After"] == "7")
        #expect(try running.get("s", "/v1/completions", headers: key).status == 200)
        for status in [500, 502, 401] {
            running.simulator.inject(.status(status), platform: "s")
            #expect(try running.get("s", "/v1/completions", headers: key).status == status)
        }
        running.simulator.inject(.status(500), platform: "s", times: nil)
        #expect(try running.get("s", "/v1/completions", headers: key).status == 500)
        running.simulator.clearFaults(platform: "s")
        #expect(try running.get("s", "/v1/completions", headers: key).status == 200)
        #expect(running.simulator.counters(platform: "s") == SimulatorCounters(requests: 9, pages: 2, tokens: 0))
    }

    @Test func pageFaultsLeaveTheTokenEndpointAlone() throws {
        let running = try Running(SimulatedPlatform(name: "n", contract: .nsqf, count: 5))
        running.simulator.inject(.status(503), platform: "n")
        let headers = try running.bearer("n")
        #expect(try running.get("n", "/v1/certificates", headers: headers).status == 503)
        running.simulator.inject(.status(500), platform: "n", on: .token)
        #expect(try running.token("n").status == 500)
        #expect(try running.get("n", "/v1/certificates", headers: headers).status == 200)
    }

    @Test func slowHangingMalformedAndTruncatedAnswers() throws {
        let running = try Running(SimulatedPlatform(name: "s", contract: .swayam, count: 50))
        let key = running.swayamKey("s")
        running.simulator.inject(.delay(ms: 250), platform: "s")
        let slow = try running.get("s", "/v1/completions", headers: key)
        #expect(slow.status == 200)
        #expect(slow.totalTimeMs >= 240)

        running.simulator.inject(.hang, platform: "s")
        let hung = #expect(throws: HTTPError.self) {
            try running.get("s", "/v1/completions", headers: key, timeoutMs: 300)
        }
        #expect(hung?.kind == .timeout(limitMs: 300))

        running.simulator.inject(.malformedJSON, platform: "s")
        let malformed = try running.get("s", "/v1/completions", headers: key)
        #expect(malformed.status == 200)
        #expect(malformed.bodyPrefix(maxBytes: 12) == "{\"results\":[…")
        #expect(throws: JSONError.self) { try JSONParser.parse(malformed.body) }

        running.simulator.inject(.truncate(afterBytes: 64), platform: "s")
        let truncated = #expect(throws: HTTPError.self) { try running.get("s", "/v1/completions", headers: key) }
        #expect(truncated?.kind == .network)
    }

    @Test func theRepeatingCursorPointsBackAtTheSamePage() throws {
        let running = try Running(
            SimulatedPlatform(name: "s", contract: .swayam, count: 50),
            SimulatedPlatform(name: "n", contract: .nsqf, count: 50))
        running.simulator.setRepeatingCursor(platform: "s", on: true)
        running.simulator.setRepeatingCursor(platform: "n", on: true)
        let page = try JSONParser.parse(
            try running.get("s", "/v1/completions?limit=10&cursor=ca", headers: running.swayamKey("s")).body)
        #expect(page["next_cursor"]?.stringValue == "ca")
        let nsqf = try JSONParser.parse(
            try running.get("n", "/v1/certificates?page=3&page_size=10", headers: running.bearer("n")).body)
        #expect(nsqf.value(at: "meta.page")?.intValue == 2)
        running.simulator.setRepeatingCursor(platform: "s", on: false)
        let normal = try JSONParser.parse(
            try running.get("s", "/v1/completions?limit=10&cursor=ca", headers: running.swayamKey("s")).body)
        #expect(normal["next_cursor"]?.stringValue == "ck")
    }

    @Test func fileExportsServeByteRanges() throws {
        let running = try Running(SimulatedPlatform(name: "f", contract: .fileCSV, count: 20, seed: 2))
        let whole = try running.get("f", "/export.csv")
        #expect(whole.status == 200)
        let text = String(decoding: whole.body, as: UTF8.self)
        #expect(
            text.hasPrefix(
                "credential_id,email,phone,first_name,last_name,title,issued_on,expires_on,url,updated_at\r\n"))
        #expect(text.split(separator: "\r\n").count == 1 + 20)
        let part = try running.get("f", "/export.csv", headers: ["Range": "bytes=10-29"])
        #expect(part.status == 206)
        #expect(part.body == Array(whole.body[10...29]))
        #expect(part.headers["Content-Range"] == "bytes 10-29/\(whole.body.count)")
        #expect(try running.get("f", "/export.csv", headers: ["Range": "bytes=\(whole.body.count)-"]).status == 416)
        let directory = TemporaryDirectory("sim-export")
        try running.simulator.writeExport(platform: "f", to: directory.file("export.csv"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory.file("export.csv"))) == Data(whole.body))
    }

    @Test func hashedOpenBadgesRecipientsMatchTheGeneratedUsers() throws {
        let running = try Running(SimulatedPlatform(name: "ob", contract: .openbadges, count: 60, seed: 4))
        let token = running.simulator.platform(named: "ob").token
        let response = try running.get(
            "ob", "/ims/ob/v3p0/credentials?limit=60", headers: ["Authorization": "Bearer \(token)"])
        #expect(
            response.headers["X-Total-Count"] == String(running.simulator.platform(named: "ob").generator.positionCount)
        )
        #expect(response.headers["Link"]?.contains("offset=60") == true)
        let json = try JSONParser.parse(response.body)
        #expect(json["compactJwsString"]?.arrayValue?.isEmpty == false)
        let users = running.simulator.users(for: "ob", fraction: 1)
        var matched = 0
        for credential in json["credential"]?.arrayValue ?? [] {
            for identifier in credential.value(at: "credentialSubject.identifier")?.arrayValue ?? []
            where identifier["hashed"]?.boolValue == true {
                let type: IdentifierType = identifier["identityType"]?.stringValue == "phone" ? .phone : .email
                let hashed = try HashedIdentity(
                    type: type, identityHash: identifier["identityHash"]!.stringValue!,
                    salt: identifier["salt"]?.stringValue)
                #expect(users.users.contains { hashed.matches(type == .email ? $0.email : $0.phone) })
                matched += 1
            }
        }
        #expect(matched > 5)
    }
}
