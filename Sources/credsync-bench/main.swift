import CredSyncCore
import Foundation

ProcessTuning.apply()
exit(BenchCommand.main(Array(CommandLine.arguments.dropFirst())))
