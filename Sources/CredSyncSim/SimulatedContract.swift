import CredSyncCore

/// The wire contracts the simulator serves (SPEC §11), each with the adapter that speaks it.
public enum SimulatedContract: String, CaseIterable, Sendable {
    case nsqf
    case swayam
    case openbadges
    case credly
    case genericRest = "generic_rest"
    /// A CSV export at `/<name>/export.csv`.
    case fileCSV = "file_csv"
    /// A JSON Lines export at `/<name>/export.jsonl`.
    case fileJSONL = "file_jsonl"

    /// The credsync adapter for this contract.
    public var adapterName: String {
        switch self {
        case .fileCSV, .fileJSONL: "file_import"
        default: rawValue
        }
    }

    /// The auth type credsync uses for it (generic and file contracts: as the platform is configured).
    func authType(_ auth: SimulatedPlatform.Auth) -> AuthType {
        switch self {
        case .nsqf: .oauth2ClientCredentials
        case .swayam: .apiKey
        case .openbadges: .bearer
        case .credly: .basic
        case .genericRest, .fileCSV, .fileJSONL:
            switch auth {
            case .none: .none
            case .bearer: .bearer
            case .refreshToken: .oauth2RefreshToken
            case .longLivedToken: .longLivedToken
            }
        }
    }

    var isFile: Bool { self == .fileCSV || self == .fileJSONL }

    /// The path, under the platform's prefix, of the list requests (where page faults are injected).
    var pagesPath: String {
        switch self {
        case .nsqf: "/v1/certificates"
        case .swayam: "/v1/completions"
        case .openbadges: "/ims/ob/v3p0/credentials"
        case .credly: "/v1/organizations/"
        case .genericRest: "/api/records"
        case .fileCSV: "/export.csv"
        case .fileJSONL: "/export.jsonl"
        }
    }
}
