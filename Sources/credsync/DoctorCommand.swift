import CredSyncCore
import Foundation

/// `credsync doctor [--json]`: one line per check with ✓ or ✗ and what to do (`Operations.doctor`); exit 1 when
/// any check fails.
enum DoctorCommand {
    static let usage = "credsync doctor [--json]"

    struct CheckJSON: Encodable {
        let area: String
        let passed: Bool
        let detail: String
    }

    struct ReportJSON: Encodable {
        let passed: Bool
        let checks: [CheckJSON]
    }

    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments, flags: ["--json"])
        try parsed.expectPositionals(atMost: 0, usage: usage)
        let settings = try environment.settings()
        let report: DoctorReport
        do {
            let db = try environment.openDatabase(settings)
            report = try environment.operations(settings, db).doctor(environment: environment.processEnvironment)
        } catch {
            report = DoctorReport(checks: [
                DoctorReport.Check(
                    "database", passed: false,
                    "cannot open \(settings.databasePath): \(error)")
            ])
        }
        if parsed.flag("--json") {
            try Output.json(
                ReportJSON(
                    passed: report.passed,
                    checks: report.checks.map { CheckJSON(area: $0.area, passed: $0.passed, detail: $0.detail) }))
        } else {
            for check in report.checks {
                let area = check.area.padding(toLength: 9, withPad: " ", startingAt: 0)
                Output.line("\(check.passed ? "✓" : "✗") \(area) \(check.detail)")
            }
            let failed = report.checks.filter { !$0.passed }.count
            Output.line(
                failed == 0
                    ? "all \(report.checks.count) checks passed" : "\(failed) of \(report.checks.count) checks failed")
        }
        return report.passed ? 0 : 1
    }
}
