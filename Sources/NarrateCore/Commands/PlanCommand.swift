import ArgumentParser
import Foundation

extension NarrateCommand {
    /// `narrate plan book.txt [--json]`: what a render would do, without synthesizing.
    public struct PlanCommand: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Show chapters, segments, voices and the estimated duration, without rendering.")

        @OptionGroup public var manuscript: ManuscriptOptions
        @OptionGroup public var voice: VoiceOptions

        @Flag(help: "Print the plan as JSON (the shape of manifest.json, without timings).")
        public var json = false

        @Flag(help: "List every segment, not only the chapters.")
        public var segments = false

        @Option(help: ArgumentHelp("Show only the chapters `render --shard K/N` would render (see Docs/scale.md).", valueName: "K/N"))
        public var shard: String?

        @Flag(help: "List every quote with its speaker and the rule that decided it, or why the dialogue voice reads it (see Docs/voices.md).")
        public var dialogue = false

        public init() {}

        public func validate() throws {
            if let shard, ShardSelection(shard) == nil {
                throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N ≤ \(ShardSelection.maximumCount), e.g. 2/8 (got \"\(shard)\")")
            }
        }

        public func run() async throws {
            try reportingErrors {
                let warnings = WarningLog(echo: true)
                let (book, _, loaded) = try loadPlan(manuscript, voice, warnings: warnings)
                var plan = loaded
                if let shard = shard.flatMap(ShardSelection.init) {
                    let chosen = shard.chapters(of: plan)
                    plan.chapters.removeAll { !chosen.contains($0.index) }
                }
                if dialogue {
                    print(DialogueListing(book: book, cast: try voice.cast(bookPath: manuscript.input)).text(), terminator: "")
                } else if json {
                    print(String(decoding: try PlanDocument(plan).encoded(), as: UTF8.self))
                } else {
                    print(PlanDocument(plan).text(showSegments: segments), terminator: "")
                }
            }
        }
    }
}
