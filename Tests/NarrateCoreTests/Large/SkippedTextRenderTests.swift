import Foundation
import Testing
@testable import NarrateCore

/// What is not read is said where a user and a tool look: `plan`, `plan --json`, the manifest
/// and the render summary; and what is read is spoken as a narrator would.
@Suite(.tags(.large)) struct SkippedTextRenderTests {
    static let book = """
        The Project Gutenberg eBook of The Harbour

        Title: The Harbour
        Author: Ada Author

        *** START OF THE PROJECT GUTENBERG EBOOK THE HARBOUR ***

        CHAPTER XLII.

        The boats came in at dusk, and Henry VIII watched them from the wall.

        [Illustration: The harbour at dusk]

        Then the lamps were lit.

        *** END OF THE PROJECT GUTENBERG EBOOK THE HARBOUR ***

        Section 1. General Terms of Use and Redistributing Project Gutenberg electronic works.
        """

    @Test func planListsWhatIsNotReadWithReasonAndFlag() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("harbour.txt")
        try Self.book.write(to: path, atomically: true, encoding: .utf8)

        let text = try TestSupport.narrate(["plan", path.path, "--segments"])
        #expect(text.status == 0)
        #expect(text.stdoutText.contains("Not read: "))
        #expect(text.stdoutText.contains("Illustration captions  (5 words, captions; --read-alt-text reads it)"))
        #expect(text.stdoutText.contains("says: Chapter 42."))

        let json = try TestSupport.narrate(["plan", path.path, "--json"])
        let document = try JSONDecoder().decode(PlanDocument.self, from: json.stdout)
        #expect(Set(document.skipped.map(\.reason)) == [.licence, .caption])
        #expect(document.skipped.first { $0.reason == .caption }?.flag == "--read-alt-text")
        let heading = try #require(document.chapters.first?.segments.first)
        #expect(heading.text == "Chapter XLII.")
        #expect(heading.spoken == "Chapter 42.")
        #expect(document.chapters[0].segments[1].spoken?.contains("Henry the 8th") == true)

        let withCaptions = try TestSupport.narrate(["plan", path.path, "--json", "--read-alt-text"])
        let read = try JSONDecoder().decode(PlanDocument.self, from: withCaptions.stdout)
        #expect(read.skipped.allSatisfy { $0.reason == .licence })
        #expect(read.chapters[0].segments.contains { $0.text == "The harbour at dusk" })
    }

    @Test func manifestAndSummaryCarryTheSkippedWords() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("harbour.txt")
        try Self.book.write(to: path, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let result = try TestSupport.narrate(["render", path.path, "-o", out.path, "--no-cache", "--rate", "400"])
        #expect(result.status == 0)
        let manifest = try TestSupport.manifest(in: out)
        let skipped = try #require(manifest.skipped)
        let licence = skipped.filter { $0.reason == .licence }.reduce(0) { $0 + $1.words }
        let captions = skipped.filter { $0.reason == .caption }.reduce(0) { $0 + $1.words }
        #expect(captions == 5)
        #expect(result.stderr.contains("\(licence + captions) words not read (licence \(licence), captions \(captions); narrate plan lists them)"))
    }
}
