import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncSim

// MARK: - Fixtures

private let startMs: Int64 = 1_767_225_600_000

private func form(_ fields: [String: String]) -> [URLQueryItem] {
    fields.keys.sorted().map { URLQueryItem(name: $0, value: fields[$0]) }
}

private func json(_ response: HTTPClientResponse) throws -> JSONValue {
    try JSONParser.parse(response.body)
}

// MARK: - Tests

/// The simulator's token endpoints (SPEC §12): refresh-token grants that rotate and expire, long-lived token
/// exchange, revocation, a new authorization, and the fault that echoes a request back.
@Suite struct SimulatorTokenEndpointTests {
    let clock = ManualClock(nowMs: startMs)
    let simulator: PlatformSimulator
    let client = HTTPClient()

    init() throws {
        simulator = PlatformSimulator(
            platforms: [
                SimulatedPlatform(
                    name: "rt", contract: .genericRest, count: 5, tokenLifetimeSeconds: 600,
                    refreshTokenLifetimeSeconds: 3_600, auth: .refreshToken),
                SimulatedPlatform(
                    name: "ll", contract: .genericRest, count: 5, tokenLifetimeSeconds: 86_400, auth: .longLivedToken),
            ], clock: clock)
        try simulator.start()
    }

    private func refresh(_ token: String) throws -> HTTPClientResponse {
        try client.send(
            .postForm(
                simulator.baseURL(for: "rt") + "/oauth/token",
                fields: form(["grant_type": "refresh_token", "refresh_token": token])))
    }

    private func page(_ name: String, token: String) throws -> Int {
        try client.send(
            .get(simulator.baseURL(for: name) + "/api/records", headers: ["Authorization": "Bearer \(token)"])
        ).status
    }

    @Test func aRefreshTokenGrantRotatesTheRefreshTokenAndRefusesSpentOrExpiredOnes() throws {
        let initial = simulator.platform(named: "rt").refreshToken
        let first = try json(try refresh(initial))
        let access = try #require(first["access_token"]?.stringValue)
        let rotated = try #require(first["refresh_token"]?.stringValue)
        #expect(rotated != initial)
        #expect(first["expires_in"]?.intValue == 600)
        #expect(try page("rt", token: access) == 200)
        #expect(try refresh(initial).status == 400)

        clock.advance(byMs: 601_000)
        #expect(try page("rt", token: access) == 401)
        clock.advance(byMs: 3_000_000)
        let expired = try refresh(rotated)
        #expect(expired.status == 400)
        #expect(String(decoding: expired.body, as: UTF8.self).contains("invalid_grant"))
        #expect(simulator.counters(platform: "rt").tokens == 3)
    }

    @Test func aLongLivedTokenIsExchangedAndRevocationEndsEverything() throws {
        let initial = simulator.platform(named: "ll").token
        #expect(try page("ll", token: initial) == 200)
        let url = simulator.baseURL(for: "ll") + "/refresh_access_token"
        let exchanged = try json(
            try client.send(
                .get(url, query: form(["grant_type": "ig_refresh_token", "access_token": initial]))))
        let next = try #require(exchanged["access_token"]?.stringValue)
        #expect(exchanged["expires_in"]?.intValue == 86_400)
        #expect(try page("ll", token: next) == 200)

        simulator.revokeTokens(platform: "ll")
        #expect(try page("ll", token: next) == 401)
        let refused = try client.send(.get(url, query: form(["grant_type": "ig_refresh_token", "access_token": next])))
        #expect(refused.status == 400)
        let again = simulator.authorizeAgain(platform: "ll")
        #expect(try page("ll", token: again) == 200)
    }

    @Test func revokedRefreshTokensAreRefusedUntilTheUserAuthorizesAgain() throws {
        simulator.revokeTokens(platform: "rt")
        #expect(try refresh(simulator.platform(named: "rt").refreshToken).status == 400)
        let fresh = simulator.authorizeAgain(platform: "rt")
        #expect(try refresh(fresh).status == 200)
    }

    @Test func theEchoFaultQuotesTheRequestItWasSent() throws {
        simulator.inject(.echoRequest(status: 400), platform: "rt", times: 1, on: .token)
        let echoed = try refresh("refresh-token-to-echo")
        #expect(echoed.status == 400)
        #expect(String(decoding: echoed.body, as: UTF8.self).contains("refresh_token=refresh-token-to-echo"))
        #expect(try refresh(simulator.platform(named: "rt").refreshToken).status == 200)
    }
}
