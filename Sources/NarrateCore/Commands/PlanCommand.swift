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

        @Flag(help: "List every quote with its speaker and the rule that decided it, or why the dialogue voice reads it (see Docs/voices.md).")
        public var dialogue = false

        public init() {}

        public func run() async throws {
            try reportingErrors {
                let warnings = WarningLog(echo: true)
                let (book, _, plan) = try loadPlan(manuscript, voice, warnings: warnings)
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
