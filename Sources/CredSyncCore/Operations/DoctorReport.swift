/// What `credsync doctor` found: one check per line, each passed or failed, with what to do.
public struct DoctorReport: Sendable, Equatable {
    /// One check: its area (`key`, `database`, `engine`, `scheduler`, `platform`, `tokens`), whether it passed, and
    /// one line saying what was found and, when it failed, what to do.
    public struct Check: Sendable, Equatable {
        public var area: String
        public var passed: Bool
        public var detail: String

        public init(_ area: String, passed: Bool, _ detail: String) {
            self.area = area
            self.passed = passed
            self.detail = detail
        }
    }

    public var checks: [Check]

    public init(checks: [Check]) {
        self.checks = checks
    }

    /// Every check passed.
    public var passed: Bool { checks.allSatisfy(\.passed) }
}
