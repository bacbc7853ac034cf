import ArgumentParser
import Foundation

extension NarrateCommand.CacheCommand {
    public struct CachePruneCommand: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "prune", abstract: "Remove least-recently-used segments beyond a size, or unused for a while.")

        @OptionGroup public var location: CacheLocationOptions

        @Option(help: ArgumentHelp("Keep at most this much audio, e.g. 500MB, 2GiB.", valueName: "size"))
        public var maxSize: String?

        @Option(help: ArgumentHelp("Remove segments not used for this long, e.g. 30d, 12h, 2w.", valueName: "age"))
        public var olderThan: String?

        public init() {}

        public func validate() throws {
            guard maxSize != nil || olderThan != nil else { throw ValidationError("give --max-size, --older-than or both") }
            if let maxSize, let problem = Units.sizeProblem(maxSize) { throw ValidationError("--max-size: \(problem)") }
            if let olderThan, Units.seconds(olderThan) == nil { throw ValidationError("--older-than: '\(olderThan)' is not an age; use e.g. 30d") }
        }

        public func run() async throws {
            try reportingErrors {
                let result = try CacheMaintenance.prune(
                    location.url, maxBytes: maxSize.flatMap(Units.bytes), olderThan: olderThan.flatMap(Units.seconds))
                if location.json { return try printJSON(result) }
                print("removed \(result.removed) segments; \(result.remaining) remain (\(Units.describe(bytes: result.audioBytes)) of audio)")
            }
        }
    }
}
