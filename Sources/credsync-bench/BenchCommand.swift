import Foundation

/// `credsync-bench SUITE`: runs one benchmark suite and prints its numbers.
enum BenchCommand {
    static func main(_ arguments: [String]) -> Int32 {
        guard let suite = arguments.first else {
            print("usage: credsync-bench queue [--jobs N]")
            return 2
        }
        FileHandle.standardError.write(Data("credsync-bench: unknown suite '\(suite)'\n".utf8))
        return 2
    }
}
