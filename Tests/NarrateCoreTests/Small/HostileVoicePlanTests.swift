import Foundation
import Testing
@testable import NarrateCore

/// The plan's side of issue #14 in the Voices area: headings with nothing to say, lexicon rules
/// that re-match, grow or never finish, and hostile lexicon and cast files.
@Suite struct HostileVoicePlanTests {
    let engine = EngineIdentity(name: "test", version: "1", dataVersion: "d", sampleRate: 22050)

    func plan(_ book: Book, lexicon: Lexicon = Lexicon()) -> Plan {
        Planner(voices: VoiceAssignment(cast: Cast(), base: VoiceSettings(), bookLanguage: "en"), pauses: Pauses(), engine: engine, lexicon: lexicon)
            .plan(book)
    }

    @Test(arguments: ["…", "?", "..", "* * *"])
    func aHeadingWithNothingToSayIsSkippedWithOneWarning(heading: String) {
        let book = Book(title: "b", author: nil, language: "en", chapters: [
            Chapter(title: heading, spokenHeading: heading, paragraphs: [Paragraph(text: "Some words.", line: 3)]),
            Chapter(title: "Two", spokenHeading: "Two", paragraphs: [Paragraph(text: "More words.", line: 7)]),
        ])
        let plan = plan(book)
        #expect(plan.chapters[0].segments.map(\.id) == ["c1.p1.s1"])
        #expect(plan.chapters[1].segments.map(\.id) == ["c2.h", "c2.p1.s1"])
        #expect(plan.warnings.count == 1)
        #expect(plan.warnings.first?.hasPrefix("chapter 1, heading") == true)
    }
}
