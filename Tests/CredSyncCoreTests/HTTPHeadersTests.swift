import Foundation
import Testing

@testable import CredSyncCore

@Suite struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndKeepsEveryValueInOrder() {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        headers.add("Link", "<https://a/2>; rel=\"next\"")
        headers.add("link", "<https://a/9>; rel=\"last\"")
        #expect(headers["content-type"] == "application/json")
        #expect(headers["LINK"] == "<https://a/2>; rel=\"next\"")
        #expect(headers.values(for: "Link") == ["<https://a/2>; rel=\"next\"", "<https://a/9>; rel=\"last\""])
        #expect(headers["X-Missing"] == nil)
        headers["LINK"] = "only"
        #expect(headers.values(for: "link") == ["only"])
        headers["Link"] = nil
        #expect(!headers.contains("link"))
        #expect(headers.count == 1)
    }

    @Test func clientParsesResponseHeaderLinesWithContinuations() {
        let headers = HTTPClient.headers(fromLines: [
            "Content-Type:  text/plain ", "X-Folded: first", "\tsecond", "Retry-After:120", "not a header",
        ])
        #expect(headers["content-type"] == "text/plain")
        #expect(headers["x-folded"] == "first second")
        #expect(headers["Retry-After"] == "120")
        #expect(headers.count == 3)
    }
}

@Suite struct FormURLEncodingTests {
    @Test func encodesEverythingButUnreservedCharacters() {
        let items = [
            URLQueryItem(name: "grant_type", value: "client_credentials"),
            URLQueryItem(name: "client secret", value: "a+b/c=d&e~f.g-h_i"),
            URLQueryItem(name: "name", value: "Zoë"),
            URLQueryItem(name: "flag", value: nil),
        ]
        let encoded = FormURLEncoding.encode(items)
        #expect(encoded == "grant_type=client_credentials&client%20secret=a%2Bb%2Fc%3Dd%26e~f.g-h_i&name=Zo%C3%AB&flag")
        #expect(FormURLEncoding.decode(encoded) == items)
    }

    @Test func decodesPlusAsSpaceAndKeepsMalformedEscapes() {
        let items = FormURLEncoding.decode("q=a+b%20c&bad=100%zz&&empty=&tail=%4")
        #expect(items.map(\.name) == ["q", "bad", "empty", "tail"])
        #expect(items.map(\.value) == ["a b c", "100%zz", "", "%4"])
    }

    @Test func appendsToAnExistingQueryString() {
        let page = [URLQueryItem(name: "page", value: "2")]
        #expect(FormURLEncoding.url("https://h/v1/c", appending: page) == "https://h/v1/c?page=2")
        #expect(FormURLEncoding.url("https://h/v1/c?a=1", appending: page) == "https://h/v1/c?a=1&page=2")
        #expect(FormURLEncoding.url("https://h/v1/c?", appending: page) == "https://h/v1/c?page=2")
        #expect(FormURLEncoding.url("https://h/v1/c", appending: []) == "https://h/v1/c")
    }
}

@Suite struct URLRedactionTests {
    @Test func dropsQueryFragmentAndUserInformation() {
        #expect(
            URLRedaction.withoutQuery("https://api.example.org/v1/certificates?page=2&api_key=s3cr3t")
                == "https://api.example.org/v1/certificates")
        #expect(URLRedaction.withoutQuery("https://h/x#token=abc") == "https://h/x")
        #expect(URLRedaction.withoutQuery("https://user:pw@h:8443/x?y") == "https://h:8443/x")
        #expect(URLRedaction.withoutQuery("https://h/a@b") == "https://h/a@b")
        #expect(URLRedaction.withoutQuery("http://127.0.0.1:80") == "http://127.0.0.1:80")
        #expect(URLRedaction.withoutQuery("not a url?x=1") == "not a url")
    }
}

@Suite struct HTTPErrorTests {
    @Test func describesTheFailureInOneLineWithoutTheQueryString() {
        let error = HTTPError(
            kind: .timeout(limitMs: 30_000), method: "GET", url: "https://host/v1/certificates?token=s3cr3t",
            detail: "Operation timed out after 30001 milliseconds with 0 bytes received", elapsedMs: 30_001)
        #expect(
            error.description
                == "GET https://host/v1/certificates timed out after 30 s (Operation timed out after 30001 "
                + "milliseconds with 0 bytes received); the platform is slow or unreachable")
        #expect(!error.description.contains("\n"))
        #expect(error.isTransient)
    }

    @Test func scrubsTheQueryStringFromCurlsMessage() {
        let error = HTTPError(
            kind: .network, method: "GET", url: "https://h/x?key=s3cr3t", detail: "weird: https://h/x?key=s3cr3t")
        #expect(!error.description.contains("s3cr3t"))
    }

    @Test func namesSizesAndDurationsForPeople() {
        #expect(HTTPError.seconds(300) == "300 ms")
        #expect(HTTPError.seconds(2_500) == "2.5 s")
        #expect(HTTPError.size(32 << 20) == "32 MiB")
        #expect(HTTPError.size(10 << 10) == "10 KiB")
        #expect(HTTPError.size(1_000) == "1000 bytes")
        let tooLarge = HTTPError(
            kind: .responseTooLarge(limitBytes: 32 << 20), method: "GET", url: "https://h/x", detail: "")
        #expect(tooLarge.description.contains("more than 32 MiB"))
        #expect(!tooLarge.isTransient)
    }
}
