import Testing
@testable import NarrateCore

/// Round twelve of issue #18: narration that names somebody who is not the speaker. Each case
/// is a wrong credit the round-twelve blind chapters showed (*Alice* IV, *Pride and Prejudice*
/// LIX, *Moby-Dick* 91), shortened, with the cast of the chapter.
@Suite(.tags(.small)) struct HeardSpeechTests: FamilyScenes {
    private let wonderland = Cast(characters: [
        CastCharacter(key: "alice", names: ["Alice"], gender: .female, voice: VoiceSpec()),
        CastCharacter(key: "rabbit", names: ["White Rabbit", "Rabbit"], gender: .male, voice: VoiceSpec()),
        CastCharacter(key: "pat", names: ["Pat"], gender: .male, voice: VoiceSpec()),
    ])

    private func first(_ paragraphs: [String], cast: Cast) -> [String?] { speakers(paragraphs, cast: cast).map(\.first) }

    /// "Alice heard it say": the one heard speaks, not the one hearing.
    @Test func whatSomebodyHearsIsNotTheirs() {
        #expect(first(["Alice heard the Rabbit say to itself “Then I’ll go round and get in at the window.”"], cast: wonderland) == ["rabbit"])
        // "it" is somebody the tags cannot name: the dialogue voice, never Alice's.
        #expect(first(["Alice heard it say to itself “Then I’ll go round and get in at the window.”"], cast: wonderland) == ["dialogue"])
        #expect(first(["And she heard it muttering to itself “The Duchess! The Duchess!”"], cast: wonderland) == ["dialogue"])
        // Still a lead-in of her own when nothing is heard.
        #expect(first(["Alice said to herself “Then I’ll go round and get in at the window.”"], cast: wonderland) == ["alice"])
    }

    /// "she heard whispers now and then; such as, “…”": the paragraph's later line, "thought
    /// Alice", does not make what she heard hers.
    @Test func whatTheNarrationHasSomebodyHearIsNotTheParagraphSpeakers() {
        let paragraph = "There was a long silence, and Alice could only hear whispers now and then; such as, “Sure, I don’t like it, "
            + "yer honour!” and at last she spread out her hand again. “What a number of cucumber-frames there must be!” thought Alice."
        #expect(speakers([paragraph], cast: wonderland) == [["dialogue", "alice"]])
        // Without the hearing, one paragraph is one speaker's, as before.
        let own = "Alice was quite silent; such as, “Sure, I don’t like it!” and at last she spread out her hand again. "
            + "“What a number of cucumber-frames there must be!” thought Alice."
        #expect(speakers([own], cast: wonderland) == [["alice", "alice"]])
    }

    /// "as she went hunting about": the subject of a clause set inside the sentence is not the
    /// speaker; "as Elizabeth," (a comparison, a comma after it) is no clause.
    @Test func theSubjectOfAnAsClauseIsNotTheSpeaker() {
        let called = "Very soon the Rabbit noticed Alice, as she went hunting about, and called out to her in an angry tone, “Why, Mary Ann, "
            + "what are you doing out here?”"
        #expect(first([called], cast: wonderland) == ["rabbit"])
        let family = "Ruth, who was not so light, nor so much in the habit of running as Kate, soon lagged behind, while her sister, "
            + "panting for breath, came up with him, and eagerly cried out,—"
        #expect(first([family, "“Oh, mamma, what news?”"], cast: self.family) == [nil, "kate"])
    }

    /// "saying, as she quitted the room, “…": the verb of the clause set inside the lead-in is not its speech.
    @Test func theVerbOfAnInsetClauseIsNotTheLeadIns() {
        let paragraph = "Ned allowed her at last to go, saying, as she quitted the room, “If any young men come for Ruth, send them in.”"
        #expect(first([paragraph], cast: family) == ["ned"])
    }

    /// "seeing Ahab leaning over the rail … he shouted—": a name after "seeing" is its object, no antecedent of "he".
    @Test func aNameAfterSeeingIsItsObject() {
        let cast = Cast(characters: [
            CastCharacter(key: "ahab", names: ["Ahab"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "stubb", names: ["Stubb"], gender: .male, voice: VoiceSpec()),
        ])
        let paragraph = "Then rapidly pulling back, and seeing Ahab leaning over the rail awaiting his report, he moulded his two hands "
            + "into a trumpet and shouted—“No, Sir! No!”"
        #expect(first(["Stubb pulled off for the stranger.", paragraph], cast: cast) == [nil, "dialogue"])
        #expect(first(["Ahab, seeing the whale, shouted—“There she blows!”"], cast: cast) == ["ahab"])
    }

    /// "“…?” Alice guessed in a moment that it was looking for the fan": a verb that reports a
    /// clause is what she thought, not a tag of the quote before.
    @Test func aVerbThatReportsAClauseIsNoTag() {
        let paragraph = "The Rabbit was muttering “Where can I have dropped them, I wonder?” Alice guessed in a moment that it was looking for the fan."
        #expect(first([paragraph], cast: wonderland) != ["alice"])
        #expect(first(["“Where can I have dropped them, I wonder?” Alice guessed."], cast: wonderland) == ["alice"])
    }

    /// The hostile review's passages (round twelve): each rule above once took these right credits
    /// away, or gave them to the wrong one, before it was narrowed.
    @Test(arguments: [
        ("Kate, following Ned into the hall, heard him say to the servant, “Let the carriage wait.”", "ned"),
        ("Ned was reading as Kate ran in and cried, “The officers are come!”", "kate"),
        ("Ned was laughing, while Kate cried, “It is not funny!”", "kate"),
        ("At their next meeting Kate said, “You are late.”", "kate"),
        ("When they were out of hearing Kate said, “He is gone.”", "kate"),
        ("“Certainly not,” Ned replied in a tone that silenced her.", "ned"),
        ("“Come,” Ned replied that evening.", "ned"),
        ("“Oh, I beg your pardon!” Kate cried in a voice that trembled a little.", "kate"),
        ("Ned heard the shot and leapt up from his chair. “What was that?” He ran to the door. “Kate!” Ned shouted.", "ned"),
    ])
    func whatTheReviewFoundStaysRight(paragraph: String, speaker: String) {
        #expect(first([paragraph], cast: family) == [speaker], "\(paragraph)")
    }
}
