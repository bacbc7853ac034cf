import ArgumentParser
import Foundation

extension NarrateCommand {
    /// `narrate cache stats|prune|verify|clear`
    public struct CacheCommand: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "cache",
            abstract: "Inspect, shrink, check or empty the segment cache.",
            subcommands: [CacheStatsCommand.self, CachePruneCommand.self, CacheVerifyCommand.self, CacheClearCommand.self, CacheWarmCommand.self])

        public init() {}
    }
}

/// `--cache PATH` for the cache subcommands.
public struct CacheLocationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The segment cache database (default: $NARRATE_CACHE, else $XDG_CACHE_HOME/narrate/segments.sqlite).", valueName: "path"))
    public var cache: String?

    @Flag(help: "Print the result as JSON on standard output.")
    public var json = false

    public init() {}

    var url: URL { SegmentCache.url(option: cache) }
}

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
