import ArgumentParser
import Foundation

extension NarrateCommand {
    /// `narrate voices [--language en]`: what `--voice` can be.
    public struct VoicesCommand: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "voices",
            abstract: "List the voices the speech engine has (espeak-ng, or --engine piper), with their languages and variants.",
            discussion: "Give the language code (first column) to --voice, optionally with a variant: --voice en-gb+f3.")

        @Option(help: "Only voices for this language (BCP 47 prefix, e.g. en, en-gb, de).")
        public var language: String?

        @Flag(help: "Print the list as JSON on standard output.")
        public var json = false

        @Option(help: "Which engine's voices: espeak-ng (default) or piper (the Piper voices narrate finds: a voice package, $XDG_DATA_HOME/narrate/voices).")
        public var engine: String = "espeak-ng"

        public func validate() throws {
            if !["espeak-ng", "piper"].contains(engine) { throw ValidationError("--engine must be espeak-ng or piper (got \(engine))") }
        }

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
                if self.engine == "piper" { return try listPiper() }
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

        struct PiperListing: Codable, Equatable {
            struct Voice: Codable, Equatable {
                var name: String
                var language: String
                var quality: String?
                var sampleRate: Int
                var speakers: Int
                var source: String
                var path: String
            }
            var voices: [Voice]
            /// Where narrate looked.
            var searched: [String]
        }

        /// `voices --engine piper`: name, language, quality, sample rate and path of each voice.
        private func listPiper() throws {
            let locations = NeuralLocations()
            _ = try locations.requireRuntime()
            let (found, problems) = locations.voices()
            for problem in problems { Diagnostics.warning(problem) }
            let wanted = language?.lowercased().replacingOccurrences(of: "_", with: "-")
            let voices = found.filter { voice in
                let tag = voice.language.lowercased().replacingOccurrences(of: "_", with: "-")
                return wanted.map { tag == $0 || tag.hasPrefix($0 + "-") } ?? true
            }.map {
                PiperListing.Voice(name: $0.name, language: $0.language, quality: $0.quality, sampleRate: $0.sampleRate,
                                   speakers: $0.speakers, source: $0.source, path: $0.path)
            }
            let listing = PiperListing(voices: voices, searched: [locations.userVoices.path] + locations.sitePackages.map(\.path))
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(listing), as: UTF8.self))
                return
            }
            if voices.isEmpty {
                Diagnostics.warning("no Piper voice found; put a .onnx with its .onnx.json in \(locations.userVoices.path), or run make deps-neural")
                return
            }
            let width = max(8, voices.map(\.name.count).max() ?? 0) + 2
            for voice in voices {
                let columns = [voice.language, voice.quality ?? "-", "\(voice.sampleRate) Hz"].map { $0.padding(toLength: 9, withPad: " ", startingAt: 0) }
                print(voice.name.padding(toLength: width, withPad: " ", startingAt: 0) + columns.joined() + voice.path)
            }
        }
    }
}
