/// `credsync completions bash|zsh|fish`: a completion script generated from the command table.
enum CompletionsCommand {
    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let usage = "credsync completions \(CommandTable.shells.joined(separator: "|"))"
        guard arguments.count == 1, let script = ShellCompletion.script(for: arguments[0]) else {
            throw Arguments.UsageError(description: "usage: \(usage)")
        }
        print(script, terminator: "")
        return 0
    }
}
