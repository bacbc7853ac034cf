import ArgumentParser
import Foundation

extension NarrateCommand {
    /// `narrate voices [--language en]`: what `--voice` can be.
    public struct VoicesCommand: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "voices",
            abstract: "List the voices the speech engine has, with their languages and variants.",
            discussion: "Give the language code (first column) to --voice, optionally with a variant: --voice en-gb+f3.")

        @Option(help: "Only voices for this language (BCP 47 prefix, e.g. en, en-gb, de).")
        public var language: String?

        @Flag(help: "Print the list as JSON on standard output.")
        public var json = false

        public init() {}

        struct Listing: Codable, Equatable {
            struct Voice: Codable, Equatable {
                var voice: String
                var name: String
                var languages: [String]
                var identifier: String
            }
            var voices: [Voice]
            var variants: [String]
        }

        public func run() async throws {
            try reportingErrors {
                let engine = try ESpeakEngine.shared()
                let wanted = language?.lowercased()
                let voices = engine.voices().compactMap { voice -> Listing.Voice? in
                    guard let first = voice.languages.first else { return nil }
                    if let wanted, !voice.languages.contains(where: { $0 == wanted || $0.hasPrefix(wanted + "-") }) { return nil }
                    return Listing.Voice(voice: first, name: voice.name, languages: voice.languages, identifier: voice.identifier)
                }.sorted { $0.voice < $1.voice }
                let listing = Listing(voices: voices, variants: engine.variants())
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(listing), as: UTF8.self))
                    return
                }
                if voices.isEmpty, let language { Diagnostics.warning("no voice speaks \(language); see narrate voices for all") }
                let width = max(8, voices.map(\.voice.count).max() ?? 0) + 2
                for voice in voices {
                    print(voice.voice.padding(toLength: width, withPad: " ", startingAt: 0) + voice.name
                          + (voice.languages.count > 1 ? "  (also \(voice.languages.dropFirst().joined(separator: ", ")))" : ""))
                }
                print("\nvariants (append with +, e.g. --voice \(voices.first?.voice ?? "en-us")+\(listing.variants.first ?? "f3")):")
                print(listing.variants.joined(separator: " "))
            }
        }
    }
}
