import CredSyncCore
import Foundation

ProcessTuning.apply()
let status = CommandLineTool.main(Array(CommandLine.arguments.dropFirst()))
exit(status)
