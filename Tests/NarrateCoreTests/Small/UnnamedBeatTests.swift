import Testing
@testable import NarrateCore

/// Round eleven of issue #18: a line whose narration only says what its speaker does, naming
/// nobody, is a turn of the exchange as pure speech is (*Moby-Dick*, chapter 64, shortened).
@Suite(.tags(.small)) struct UnnamedBeatTests: FamilyScenes {
    private let cast = Cast(characters: [
        CastCharacter(key: "stubb", names: ["Stubb"], gender: .male, voice: VoiceSpec()),
        CastCharacter(key: "fleece", names: ["Fleece"], gender: .male, voice: VoiceSpec()),
    ])

    private func firstSpeakers(_ paragraphs: [String]) -> [String?] { speakers(paragraphs, cast: cast).map(\.first) }

    /// The exchange, with `beat` as its fourth paragraph.
    private func supper(_ beat: String) -> [String] {
        [
            "Stubb sat at the capstan, and Fleece stood over against him.",
            "“What dat do wid de ’teak,” said Fleece.",
            "“Silence! How old are you, cook?”",
            beat,
            "“’Hind de hatchway, in ferry-boat, goin’ ober de Roanoke.”",
            "“Born in a ferry-boat! That’s queer, too.”",
        ]
    }

    @Test func anActionThatNamesNobodyIsATurn() {
        let beat = "“’Bout ninety, dey say,” gloomily stirring the pot. “Where were you born?” rapidly bolting another mouthful."
        #expect(firstSpeakers(supper(beat)) == [nil, "fleece", "stubb", "fleece", "stubb", "fleece"])
        // The one spoken to, after a preposition, names nobody new.
        let towards = "“’Bout ninety,” holding the tongs towards him."
        #expect(firstSpeakers(supper(towards)) == [nil, "fleece", "stubb", "fleece", "stubb", "fleece"])
        // The answer to the line before, as the narration says.
        #expect(firstSpeakers(supper("“’Bout ninety, dey say,” was the sullen answer.")) == [nil, "fleece", "stubb", "fleece", "stubb", "fleece"])
    }

    @Test(arguments: [
        "“’Bout ninety, dey say,” was her answer.",  // a possessive: the narration says whose
        "“’Bout ninety, dey say,” muttered the steward.",  // somebody outside the cast
        "“’Bout ninety,” etc.",  // a word, not an action
        "“’Bout ninety,” glancing at Daggoo.",  // a capital: someone the tags cannot read
        "“’Bout ninety,” was.",  // "was" and no answer after it (this once crashed the planner)
        // The hostile review's: where the voice came from, many voices, a call, no gesture.
        "“’Bout ninety!” faintly from the hatchway below.",
        "“’Bout ninety!” roaring out of the darkness ahead.",
        "“’Bout ninety!” echoing round the deck in a chorus.",
        "“’Bout ninety,” and so on, for the better part of an hour.",
        "“’Bout ninety!” you will say, reader.",
    ])
    func narrationThatSaysMoreIsNoTurn(beat: String) {
        // Neither the beat nor the line after it is counted from Stubb's line before.
        let first = firstSpeakers(supper(beat))
        #expect(first[3] != "fleece" && first[4] == "dialogue", "\(beat): \(first)")
    }
}
