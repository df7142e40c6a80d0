import CredSyncCore
import Testing

@testable import CredSyncSim

@Suite struct HTTPRouterTests {
    private func makeRouter() -> HTTPRouter {
        var router = HTTPRouter()
        router.add("GET", "/v1/organizations/{organizationId}/badges") { request, parameters in
            .json("{\"org\":\"\(parameters["organizationId"]!)\",\"page\":\"\(request.query["page"] ?? "")\"}")
        }
        router.add("POST", "/oauth/token") { _, _ in .json("{\"access_token\":\"t\"}") }
        return router
    }

    private func get(_ target: String, method: String = "GET") -> HTTPRequest {
        HTTPRequest(method: method, target: target, headers: ["Host": "h"])
    }

    @Test func routesByMethodAndPathWithCaptures() {
        let router = makeRouter()
        let response = router.handle(get("/v1/organizations/org-7/badges?page=3"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"org\":\"org-7\",\"page\":\"3\"}")
        #expect(router.handle(get("/v1/organizations/org-7/badges", method: "HEAD")).status == 200)
        #expect(router.handle(get("/v1/organizations/badges")).status == 404)
        let wrongMethod = router.handle(get("/oauth/token"))
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["Allow"] == "POST")
    }

    @Test func faultsApplyInOrderToMatchingPathsAndThenStop() {
        let router = makeRouter()
        router.faults.inject(.status(503, retryAfter: "2"), pathPrefix: "/v1/", times: 2)
        router.faults.inject(.malformedJSON, pathPrefix: "/v1/")
        router.faults.inject(.truncate(afterBytes: 4), pathPrefix: "/v1/")
        #expect(router.handle(get("/oauth/token", method: "POST")).status == 200)
        let unavailable = router.handle(get("/v1/organizations/o/badges"))
        #expect(unavailable.status == 503)
        #expect(unavailable.headers["Retry-After"] == "2")
        #expect(router.handle(get("/v1/organizations/o/badges")).status == 503)
        let malformed = router.handle(get("/v1/organizations/o/badges"))
        #expect(malformed.status == 200)
        #expect(String(decoding: malformed.body, as: UTF8.self).hasSuffix("<<not json"))
        let truncated = router.handle(get("/v1/organizations/o/badges"))
        #expect(truncated.behavior == .truncate(afterBytes: 4))
        #expect(router.handle(get("/v1/organizations/o/badges")).behavior == .normal)
        #expect(router.faults.faultsServed == 4)
        #expect(router.faults.pending == 0)
    }

    @Test func aFaultWithoutACountStaysUntilCleared() {
        let router = makeRouter()
        router.faults.inject(.hang, times: nil)
        for _ in 0..<3 { #expect(router.handle(get("/oauth/token", method: "POST")).behavior == .hang) }
        router.faults.clear()
        #expect(router.handle(get("/oauth/token", method: "POST")).behavior == .normal)
    }
}
