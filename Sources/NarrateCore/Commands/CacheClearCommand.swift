import ArgumentParser
import Foundation

extension NarrateCommand.CacheCommand {
    public struct CacheClearCommand: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "clear", abstract: "Delete every cached segment (only from a file narrate recognises as its cache).")

        @OptionGroup public var location: CacheLocationOptions

        public init() {}

        public func run() async throws {
            try reportingErrors {
                try CacheMaintenance.clear(location.url)
                if location.json { return try printJSON(["cleared": location.url.path]) }
                print("cleared \(location.url.path)")
            }
        }
    }
}
