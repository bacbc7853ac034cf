import Foundation
import Testing
@testable import NarrateCore

/// The planner with a cast: who reads each piece, and what changes which cache keys.
@Suite(.tags(.small)) struct CastPlanTests {
    let engine = EngineIdentity(name: "test", version: "1", dataVersion: "d", sampleRate: 22050)
    let castText = """
        narrator:
          voice: en-gb
        dialogue:
          voice: en-gb+f2
        characters:
          darcy:
            names: [Darcy]
            voice: en-gb+m3
          lizzy:
            names: [Elizabeth]
            voice: en-gb+f3
        """
    let text = "Chapter 1\n\n“I am,” said Darcy, “quite sure.” He bowed.\n\n“Are you?” asked Elizabeth.\n\n“Who knows?” said a voice.\n\n{darcy} A letter.\n\nShe waited. {pause 2s} Then Bingley came.\n"

    func plan(cast: String? = nil, lexicon: String = "") throws -> Plan {
        let cast = try CastFile.parse(cast ?? castText, file: "cast.yaml")
        let voices = VoiceAssignment(cast: cast, base: VoiceSettings(), bookLanguage: "en")
        return Planner(voices: voices, pauses: Pauses(), engine: engine, lexicon: try LexiconFile.parse(lexicon, file: "l.yaml"))
            .plan(TestSupport.book(text))
    }

    @Test func speechIsSplitFromNarrationAndReadByItsSpeaker() throws {
        let segments = try plan().chapters[0].segments
        let rows = segments.map { "\($0.id) \($0.speaker) \($0.voice.name) \($0.text)" }
        #expect(rows == [
            "c1.h narrator en-gb Chapter 1.",
            "c1.p1.s1.1 darcy en-gb+m3 “I am,”",
            "c1.p1.s1.2 narrator en-gb said Darcy,",
            "c1.p1.s1.3 darcy en-gb+m3 “quite sure.”",
            "c1.p1.s2 narrator en-gb He bowed.",
            "c1.p2.s1.1 lizzy en-gb+f3 “Are you?”",
            "c1.p2.s1.2 narrator en-gb asked Elizabeth.",
            "c1.p3.s1.1 dialogue en-gb+f2 “Who knows?”",
            "c1.p3.s1.2 narrator en-gb said a voice.",
            "c1.p4.s1 darcy en-gb+m3 A letter.",
            "c1.p5.s1 narrator en-gb She waited.",
            "c1.p5.s2 narrator en-gb Then Bingley came.",
        ])
        #expect(segments.map(\.pauseAfter) == [1000, 150, 150, 300, 700, 150, 700, 150, 700, 700, 2000, 0])
    }

    @Test func withoutACastNothingIsSplitAndTheKeysStayAsBefore() throws {
        let single = Planner(voice: VoiceSettings(), pauses: Pauses(), engine: engine).plan(TestSupport.book(text))
        let segments = single.chapters[0].segments
        #expect(segments.allSatisfy { $0.speaker == "narrator" && $0.voice == VoiceSettings() })
        #expect(segments.contains { $0.text == "“Who knows?” said a voice." })
        #expect(segments[1].text == "“I am,” said Darcy, “quite sure.”")
        #expect(segments[1].key == SegmentKey.make(text: "“I am,” said Darcy, “quite sure.”", voice: VoiceSettings(), engine: engine))
    }

    @Test func recastingACharacterChangesOnlyTheirSegmentsKeys() throws {
        let before = try plan().chapters[0].segments
        let after = try plan(cast: castText.replacingOccurrences(of: "voice: en-gb+m3", with: "voice: en-gb+m3\n    pitch: 30"))
            .chapters[0].segments
        let changed = zip(before, after).filter { $0.key != $1.key }.map(\.0.speaker)
        #expect(changed == ["darcy", "darcy", "darcy"])
    }

    @Test func aLexiconEntryChangesOnlyTheSegmentsItTouches() throws {
        let plain = try plan().chapters[0].segments
        let lexicon = try plan(lexicon: "say:\n  Bingley: Bing-lee\n").chapters[0].segments
        let changed = zip(plain, lexicon).filter { $0.key != $1.key }
        #expect(changed.map(\.1.spoken) == ["Then Bing-lee came."])
        #expect(changed.map(\.1.text) == ["Then Bingley came."])
    }

    @Test func booksOwnDoubleBracketsAreNotPhonemes() {
        #expect(PhonemeMarks.spoken("See [[note]] here.", lexicon: Lexicon()) == "See [ [note] ] here.")
        let marked = "It lies " + PhonemeMarks.mark("N.", phonemes: "nO@T") + " of here."
        #expect(PhonemeMarks.written(marked) == "It lies N. of here.")
        #expect(PhonemeMarks.spoken(marked, lexicon: Lexicon()) == "It lies  [[nO@T]]  of here.")
    }
}
