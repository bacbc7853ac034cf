import ArgumentParser
import Foundation

extension NarrateCommand.CacheCommand {
    public struct CacheVerifyCommand: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check the database and decode every entry; remove bad entries, replace a broken file.")

        @OptionGroup public var location: CacheLocationOptions

        public init() {}

        public func run() async throws {
            try reportingErrors {
                let result = try CacheMaintenance.verify(location.url)
                if location.json { return try printJSON(result) }
                for problem in result.problems { Diagnostics.warning(problem) }
                if let aside = result.replacedWith {
                    print("the cache was not a usable database (\(result.integrity)); moved it to \(aside) and started an empty cache")
                } else {
                    print("checked \(result.checked) segments: integrity \(result.integrity), \(result.removed) bad entries removed")
                }
            }
        }
    }
}
