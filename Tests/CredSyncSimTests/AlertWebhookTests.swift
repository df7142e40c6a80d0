import CredSyncSim
import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

/// A loopback receiver that records each body and answers from a script (then 204 for ever).
final class WebhookReceiver: @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [String] = []
    private var script: [HTTPResponse]
    private(set) var server: LoopbackHTTPServer!

    init(answers script: [HTTPResponse] = []) throws {
        self.script = script
        server = LoopbackHTTPServer { [unowned self] request in
            lock.withLock {
                bodies.append(String(decoding: request.body, as: UTF8.self))
                return self.script.isEmpty ? HTTPResponse(status: 204) : self.script.removeFirst()
            }
        }
        try server.start()
    }

    deinit { server.stop() }

    var url: String { server.baseURL + "/hooks/T000/secret" }
    var received: [String] { lock.withLock { bodies } }
}

/// Log lines a test collects.
final class CollectedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var log: EngineLog { EngineLog { [self] level, message in lock.withLock { lines.append("\(level) \(message)") } } }
    var all: [String] { lock.withLock { lines } }
}

/// Waits the webhook's retry delays and records them, instead of sleeping.
final class RecordedSleeps: @unchecked Sendable {
    private let lock = NSLock()
    private var delays: [Int64] = []
    var sleep: @Sendable (Int64) -> Void { { [self] ms in lock.withLock { delays.append(ms) } } }
    var all: [Int64] { lock.withLock { delays } }
}

/// `ALERT_WEBHOOK_FORMAT` bodies as a real receiver gets them, and delivery retried off the caller's thread.
@Suite struct AlertWebhookTests {
    static let raised = AlertEvent(
        change: .raised,
        alert: Alert(
            id: 7, kind: .tokenRefreshFailed, platformId: 1, platformName: "rt",
            message: "token refresh of rt refused: HTTP 401 <invalid_grant>\nsecond line",
            raisedAtMs: 1_748_736_000_000,
            resolvedAtMs: nil, acknowledgedAtMs: nil))
    static var resolved: AlertEvent {
        var event = raised
        event.change = .resolved
        event.alert.resolvedAtMs = 1_748_739_600_000
        return event
    }

    /// Posts a raised and a resolved alert in `format`; returns the parsed bodies the receiver got.
    func deliver(_ format: AlertWebhookFormat) throws -> [JSONValue] {
        let receiver = try WebhookReceiver()
        let sink = AlertSink(AlertWebhook(url: receiver.url, format: format, log: .silent))
        sink.deliver([Self.raised, Self.resolved])
        #expect(sink.flush(timeoutSeconds: 10))
        #expect(sink.counter.counts == AlertDeliveryCounter.Counts(delivered: 2))
        return try receiver.received.map { try JSONParser.parse($0) }
    }

    @Test func jsonIsCredsyncsOwnBody() throws {
        let bodies = try deliver(.json)
        try #require(bodies.count == 2)
        #expect(bodies[0]["event"]?.stringValue == "raised")
        #expect(bodies[0]["kind"]?.stringValue == "token_refresh_failed")
        #expect(bodies[0]["platform"]?.stringValue == "rt")
        #expect(bodies[0]["raised_at"]?.stringValue == "2025-06-01T00:00:00Z")
        #expect(bodies[0]["resolved_at"]?.isNull == true)
        #expect(bodies[1]["event"]?.stringValue == "resolved")
        #expect(bodies[1]["resolved_at"]?.stringValue == "2025-06-01T01:00:00Z")
    }

    @Test func slackIsOneTextLineWithPlatformKindAndCause() throws {
        let bodies = try deliver(.slack)
        try #require(bodies.count == 2)
        #expect(bodies.allSatisfy { $0.objectValue?.keys.sorted() == ["text"] })
        #expect(
            bodies[0]["text"]?.stringValue
                == ":rotating_light: *credsync alert raised: token_refresh_failed on rt* — "
                + "token refresh of rt refused: HTTP 401 &lt;invalid_grant&gt;")
        #expect(
            bodies[1]["text"]?.stringValue
                == ":white_check_mark: *credsync alert resolved: token_refresh_failed on rt* — "
                + "token refresh of rt refused: HTTP 401 &lt;invalid_grant&gt;")
    }

    @Test func teamsIsAMessageWithAnAdaptiveCard() throws {
        let bodies = try deliver(.teams)
        try #require(bodies.count == 2)
        for (body, (change, color)) in zip(bodies, [("raised", "Attention"), ("resolved", "Good")]) {
            #expect(body["type"]?.stringValue == "message")
            let attachment = try #require(body["attachments"]?[0])
            #expect(attachment["contentType"]?.stringValue == "application/vnd.microsoft.card.adaptive")
            let card = try #require(attachment["content"])
            #expect(card["type"]?.stringValue == "AdaptiveCard")
            #expect(card["version"]?.stringValue == "1.4")
            #expect(card["body"]?[0]?["text"]?.stringValue == "credsync alert \(change): token_refresh_failed on rt")
            #expect(card["body"]?[0]?["color"]?.stringValue == color)
            #expect(card["body"]?[1]?["text"]?.stringValue == "token refresh of rt refused: HTTP 401 <invalid_grant>")
            let facts = card["body"]?[2]?["facts"]?.arrayValue ?? []
            #expect(facts.first?["value"]?.stringValue == "rt")
        }
        #expect(
            bodies[1]["attachments"]?[0]?["content"]?["body"]?[2]?["facts"]?[3]?["title"]?.stringValue == "Resolved")
    }

    @Test func theSettingsChooseTheFormatOfTheConfiguredSink() throws {
        let receiver = try WebhookReceiver()
        let settings = try Settings.load(
            flags: [:],
            environment: [
                "HOME": "/nonexistent", "ALERT_WEBHOOK_URL": receiver.url, "ALERT_WEBHOOK_FORMAT": "teams",
            ], configFile: nil)
        let sink = AlertSink.configured(by: settings, log: .silent)
        sink.deliver([Self.raised])
        #expect(sink.flush(timeoutSeconds: 10))
        #expect(receiver.received == [AlertWebhookFormat.teams.payload(Self.raised)])
        #expect(sink.counter.counts.delivered == 1)
    }

    @Test func aReceiverThatFailsTwiceGetsTheAlertOnTheThirdTry() throws {
        let receiver = try WebhookReceiver(answers: [.text("busy", status: 503), .text("oops", status: 500)])
        let sleeps = RecordedSleeps()
        let log = CollectedLog()
        let webhook = AlertWebhook(url: receiver.url, format: .slack, log: log.log, sleep: sleeps.sleep)
        webhook.post([Self.raised])
        #expect(webhook.flush(timeoutSeconds: 10))
        #expect(receiver.received.count == 3)
        #expect(Set(receiver.received) == [AlertWebhookFormat.slack.payload(Self.raised)])
        #expect(sleeps.all == [1_000, 2_000])
        #expect(webhook.counter.counts == AlertDeliveryCounter.Counts(delivered: 1, failed: 0, retries: 2))
        #expect(log.all.filter { $0.contains("answered HTTP 50") }.count == 2, "\(log.all)")
        #expect(!log.all.joined().contains("secret"), "the URL's path is not logged")
    }

    @Test func aReceiverThatNeverAcceptsIsGivenUpAfterFourTriesAndLogged() throws {
        let receiver = try WebhookReceiver(answers: Array(repeating: .text("down", status: 503), count: 10))
        let sleeps = RecordedSleeps()
        let log = CollectedLog()
        let webhook = AlertWebhook(url: receiver.url, log: log.log, sleep: sleeps.sleep)
        webhook.post([Self.raised])
        #expect(webhook.flush(timeoutSeconds: 10))
        #expect(receiver.received.count == 4)
        #expect(sleeps.all == [1_000, 2_000, 4_000])
        #expect(webhook.counter.counts == AlertDeliveryCounter.Counts(delivered: 0, failed: 1, retries: 3))
        #expect(log.all.contains { $0.hasPrefix("error") && $0.contains("gave up the token_refresh_failed alert") })
    }

    @Test func postingDoesNotWaitForTheReceiverAndFlushGivesUpInTime() throws {
        let receiver = try WebhookReceiver(answers: [HTTPResponse(status: 204, behavior: .delay(ms: 3_000))])
        let webhook = AlertWebhook(url: receiver.url, log: .silent)
        let started = Date()
        webhook.post([Self.raised, Self.resolved])
        #expect(Date().timeIntervalSince(started) < 0.5, "post only queues")
        #expect(!webhook.flush(timeoutSeconds: 0.5))
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(webhook.counter.counts.failed == 1, "the queued resolved alert was given up")
    }
}
