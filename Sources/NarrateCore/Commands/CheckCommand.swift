import ArgumentParser
import Foundation

extension NarrateCommand {
    /// `narrate check FILE...`: ACX delivery rules, measured.
    public struct CheckCommand: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Measure audio files against the ACX delivery rules (level, peak, noise floor, room tone, format); M4B/M4A against audiobook player rules.",
            discussion: "Exits 0 when every file passes every rule, 1 when one fails, 65 when a file is not audio, 66 when it is missing.")

        @Argument(help: ArgumentHelp("Audio files (MP3, M4B/M4A; anything libsndfile decodes is measured).", valueName: "file"))
        public var files: [String]

        @Flag(help: "Print the measurements as JSON on standard output.")
        public var json = false

        public init() {}

        public func run() async throws {
            try reportingErrors {
                var results: [DeliveryCheck] = []
                for file in files {
                    guard FileManager.default.fileExists(atPath: file) else { throw ManuscriptError.missing(path: file) }
                    do {
                        results.append(try DeliveryCheck.run(URL(fileURLWithPath: file)))
                    } catch is SoundFileError {
                        throw CheckError.notAudio(path: file)
                    }
                }
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(results), as: UTF8.self))
                } else {
                    for result in results {
                        print("\(result.file): \(result.passed ? "PASS" : "FAIL")")
                        if let note = result.note { print("  (\(note))") }
                        for rule in result.rules {
                            print("  \(rule.passed ? "pass" : "FAIL")  \(rule.name.padding(toLength: 19, withPad: " ", startingAt: 0))"
                                + "\(rule.value.padding(toLength: 22, withPad: " ", startingAt: 0))(\(rule.requirement))")
                        }
                    }
                }
                if !results.allSatisfy(\.passed) { throw ExitCode(1) }
            }
        }
    }
}

enum CheckError: NarrateError {
    case notAudio(path: String)
    var exitStatus: ExitStatus { .dataError }
    var description: String {
        switch self {
        case let .notAudio(path): return "\(path): not an audio file narrate can decode; give an MP3 (or WAV/FLAC)"
        }
    }
}
