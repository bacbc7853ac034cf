import Foundation

/// The entry points fuzzing drives, shared by the seeded harness in the test suite and the
/// libFuzzer binary (`make fuzz-libfuzzer`). Each takes arbitrary bytes; refusing them with a
/// `NarrateError` is a correct outcome, anything else that goes wrong traps so the fuzzer sees it.
public enum FuzzTargets {
    public enum Target: String, CaseIterable, Sendable { case xhtml, epub, text }

    public static func run(_ target: Target, _ bytes: [UInt8]) {
        switch target {
        case .xhtml: xhtml(bytes)
        case .epub: epub(bytes)
        case .text: text(bytes)
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

    /// The plain-text reader and the planner's sentence segmentation.
    public static func text(_ bytes: [UInt8]) {
        let planner = Planner(
            voice: VoiceSettings(), pauses: Pauses(),
            engine: EngineIdentity(name: "fuzz", version: "1", dataVersion: "fuzz", sampleRate: 22050))
        do {
            let book = try PlainTextReader(options: .init(fallbackTitle: "Fuzz")).read(bytes, name: "fuzz.txt")
            for segment in planner.plan(book).chapters.flatMap(\.segments) {
                precondition(!segment.text.isEmpty && segment.text.count <= 1_000, "bad segment")
            }
        } catch is NarrateError {
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }
}
