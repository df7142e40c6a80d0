import CredSyncCore
import Foundation

/// Parses the command line and dispatches to one command. Returns the exit status: 0 ok, 1 failure, 2 usage error.
enum CommandLineTool {
    static func main(_ arguments: [String]) -> Int32 {
        guard let command = arguments.first else {
            printUsage()
            return 0
        }
        switch command {
        case "help", "--help", "-h":
            printUsage()
            return 0
        case "version", "--version":
            print("credsync \(CredSync.version)")
            return 0
        default:
            return fail(usage: "unknown command '\(command)'; run 'credsync help' for the list")
        }
    }

    static func printUsage() {
        print(usage)
    }

    static let usage = """
        usage: credsync [--db PATH] COMMAND [ARGS]

          version                      print the version
        """
}

/// Writes a one-line usage error to stderr and returns exit status 2.
func fail(usage message: String) -> Int32 {
    FileHandle.standardError.write(Data("credsync: \(message)\n".utf8))
    return 2
}

/// Writes a one-line error to stderr and returns exit status 1.
func fail(_ message: String) -> Int32 {
    FileHandle.standardError.write(Data("credsync: \(message)\n".utf8))
    return 1
}
