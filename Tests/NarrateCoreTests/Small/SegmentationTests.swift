import Testing
@testable import NarrateCore

@Suite(.tags(.small)) struct SentenceSplitterTests {
    let splitter = SentenceSplitter()

    @Test(arguments: [
        ("Mr. Darcy bowed. Elizabeth smiled.", ["Mr. Darcy bowed.", "Elizabeth smiled."]),
        ("Dr. Watson and Mrs. Hudson met at St. Paul's. Then they left.", ["Dr. Watson and Mrs. Hudson met at St. Paul's.", "Then they left."]),
        ("It cost 3.50 pounds. Too much.", ["It cost 3.50 pounds.", "Too much."]),
        ("J. R. R. Tolkien wrote it. We read it.", ["J. R. R. Tolkien wrote it.", "We read it."]),
        ("Bring apples, pears, etc. for the trip.", ["Bring apples, pears, etc. for the trip."]),
        ("Use e.g. salt or i.e. pepper. Done.", ["Use e.g. salt or i.e. pepper.", "Done."]),
        ("“Is it?” said he. “Yes.”", ["“Is it?” said he.", "“Yes.”"]),
        ("“Stop!” She ran. (It was late.) He followed.", ["“Stop!”", "She ran.", "(It was late.)", "He followed."]),
        ("Wait... what was that? Nothing.", ["Wait... what was that?", "Nothing."]),
        ("He paused… Then spoke.", ["He paused…", "Then spoke."]),
        ("It was — as ever — late. Quite late.", ["It was — as ever — late.", "Quite late."]),
        ("No end punctuation here", ["No end punctuation here"]),
    ] as [(String, [String])])
    func splitsRealProse(paragraph: String, expected: [String]) {
        #expect(splitter.split(paragraph) == expected)
    }

    @Test func longSentencesSplitAtClauseBoundariesNeverMidWord() {
        let clause = "the wind moved over the water and the birds went quiet, "
        let sentence = "And " + String(repeating: clause, count: 20) + "and then it was over."
        let pieces = splitter.split(sentence)
        #expect(pieces.count > 1)
        #expect(pieces.allSatisfy { $0.count <= 400 })
        #expect(pieces.joined(separator: " ") == sentence)
        #expect(pieces.dropLast().allSatisfy { $0.hasSuffix(",") })
    }

    @Test func unpunctuatedRunOnSplitsAtSpaces() {
        let sentence = Array(repeating: "word", count: 300).joined(separator: " ")
        let pieces = splitter.split(sentence)
        #expect(pieces.allSatisfy { $0.count <= 400 && !$0.contains("wor ") })
        #expect(pieces.joined(separator: " ") == sentence)
    }
}

@Suite(.tags(.small)) struct PlannerTests {
    let engine = EngineIdentity(name: "test", version: "1", dataVersion: "d", sampleRate: 22050)

    func plan(_ text: String, voice: VoiceSettings = VoiceSettings()) -> Plan {
        Planner(voice: voice, pauses: Pauses(), engine: engine).plan(TestSupport.book(text))
    }

    @Test func segmentsHaveStableIdsPausesAndSpeakers() {
        let plan = plan("Chapter 1\n\nOne. Two.\n\nThree.\n\n* * *\n\nFour.\n")
        let segments = plan.chapters[0].segments
        #expect(segments.map(\.id) == ["c1.h", "c1.p1.s1", "c1.p1.s2", "c1.p2.s1", "c1.p3.s1"])
        #expect(segments.map(\.pauseAfter) == [1000, 300, 700, 700, 0])
        #expect(segments.allSatisfy { $0.speaker == "narrator" && $0.voice.name == "en-us" })
    }

    @Test func cacheKeyDependsOnTextAndVoiceButNotPosition() {
        let a = plan("Chapter 1\n\nSame words.\n\nChapter 2\n\nSame words.\n")
        let keyA = a.chapters[0].segments[1].key, keyB = a.chapters[1].segments[1].key
        #expect(keyA == keyB)
        let faster = plan("Chapter 1\n\nSame words.\n", voice: VoiceSettings(rate: 200))
        #expect(faster.chapters[0].segments[1].key != keyA)
        #expect(keyA.count == 64)
    }
}
