import Foundation

/// The entry points fuzzing drives, shared by the seeded harness in the test suite and the
/// libFuzzer binary (`make fuzz-libfuzzer`). Each takes arbitrary bytes; refusing them with a
/// `NarrateError` is a correct outcome, anything else that goes wrong traps so the fuzzer sees it.
public enum FuzzTargets {
    public enum Target: String, CaseIterable, Sendable { case xhtml, epub, text, config }

    public static func run(_ target: Target, _ bytes: [UInt8]) {
        switch target {
        case .xhtml: xhtml(bytes)
        case .epub: epub(bytes)
        case .text: text(bytes)
        case .config: config(bytes)
        }
    }

    /// XML parsing with repair, then XHTML text extraction.
    public static func xhtml(_ bytes: [UInt8]) {
        let decoded = MarkupDecoding.decode(bytes)
        guard let root = try? XMLTreeParser.parse(utf8: decoded.utf8).root else { return }
        let text = XHTMLText(root, options: .init(readAltText: true))
        for block in text.blocks {
            precondition(!block.text.isEmpty && block.text == block.text.collapsingWhitespace, "untidy block")
            precondition(!block.text.unicodeScalars.contains("\u{FFFD}"), "replacement character in text")
        }
        precondition(text.anchors.values.allSatisfy { $0.block <= text.blocks.count }, "anchor past the end")
    }

    /// The whole EPUB reader on an archive's bytes.
    public static func epub(_ bytes: [UInt8]) {
        do {
            let book = try EPUBReader(options: .init(includeFrontMatter: true, includeNonLinear: true))
                .read(data: Data(bytes), name: "fuzz.epub", warnings: WarningLog(echo: false))
            precondition(!book.chapters.isEmpty && book.chapters.allSatisfy { $0.wordCount > 0 }, "empty chapters")
        } catch is NarrateError {
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    /// The plain-text reader and the planner: sentences, quotes, attribution and markup.
    public static func text(_ bytes: [UInt8]) {
        let engine = EngineIdentity(name: "fuzz", version: "1", dataVersion: "fuzz", sampleRate: 22050)
        let cast = Cast(dialogue: VoiceSpec(variant: "f2"), characters: [
            CastCharacter(key: "alice", names: ["Alice"], voice: VoiceSpec(variant: "f3")),
            CastCharacter(key: "darcy", names: ["Mr. Darcy", "Darcy"], voice: VoiceSpec(variant: "m3")),
        ])
        let planners = [
            Planner(voice: VoiceSettings(), pauses: Pauses(), engine: engine),
            Planner(voices: VoiceAssignment(cast: cast, base: VoiceSettings(), bookLanguage: "en"), pauses: Pauses(), engine: engine),
        ]
        do {
            let book = try PlainTextReader(options: .init(fallbackTitle: "Fuzz")).read(bytes, name: "fuzz.txt")
            for planner in planners {
                for segment in planner.plan(book).chapters.flatMap(\.segments) {
                    precondition(!segment.text.isEmpty && segment.text.count <= 1_000, "bad segment")
                    precondition(segment.text.isSpeakable, "a segment with nothing to say")
                }
            }
        } catch is NarrateError {
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    /// The cast and lexicon readers (YAML), then a lexicon on text.
    public static func config(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            let cast = try CastFile.parse(text, file: "fuzz.yaml")
            precondition(cast.characters.allSatisfy { !$0.names.isEmpty }, "a character without names")
        } catch is NarrateError {
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        do {
            let lexicon = try LexiconFile.parse(text, file: "fuzz.yaml")
            _ = lexicon.apply("Mr. Darcy met Elizabeth Bennet at Netherfield; [[x]] 3.5 km.")
        } catch is NarrateError {
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }
}
