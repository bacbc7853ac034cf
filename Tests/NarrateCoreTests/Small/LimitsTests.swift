import Foundation
import Testing
@testable import NarrateCore

/// Manuscripts at the edges: huge paragraphs, huge lines, very many chapters.
@Suite(.tags(.small)) struct LimitsTests {
    let words = ["alpha", "beta", "gamma", "delta", "river", "stone", "light", "under", "over", "quiet"]

    func run(_ count: Int) -> String {
        (0..<count).map { words[($0 * 7 + $0 / 3) % words.count] }.joined(separator: " ")
    }

    @Test func twoMegabyteParagraphWithoutPunctuationSplitsIntoBoundedSegments() {
        let text = run(330_000)
        #expect(text.utf8.count > 1_900_000)
        let plan = Planner(voice: VoiceSettings(), pauses: Pauses(), engine: EngineIdentity(name: "t", version: "1", dataVersion: "d", sampleRate: 22050))
            .plan(TestSupport.book(text))
        let segments = plan.chapters.flatMap(\.segments).filter { $0.kind == .sentence }
        #expect(segments.allSatisfy { $0.text.count <= 400 && !$0.text.isEmpty })
        #expect(segments.map(\.text).joined(separator: " ") == text)
    }

    @Test func lineOfHundredThousandCharactersIsReadWhole() {
        let line = run(18_000)
        #expect(line.count > 100_000)
        let book = TestSupport.book("Chapter 1\n\n\(line)\n")
        #expect(book.chapters.count == 1)
        #expect(book.chapters[0].paragraphs.map(\.text) == [line])
    }

    @Test func tenThousandChaptersAreAllFound() {
        let text = (1...10_000).map { "Chapter \($0)\n\nThis is chapter \($0) of many.\n" }.joined(separator: "\n")
        let book = TestSupport.book(text)
        #expect(book.chapters.count == 10_000)
        #expect(book.chapters.last?.title == "Chapter 10000")
        #expect(OutputLayout.chapterFileName(index: 10_000, of: 10_000, title: "Chapter 10000") == "10000 - Chapter 10000.mp3")
        #expect(OutputLayout.chapterFileName(index: 7, of: 10_000, title: "x") == "00007 - x.mp3")
    }
}
