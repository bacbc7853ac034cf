import Testing
@testable import NarrateCore

/// Round nine: narration after a line that hands over with a colon or a dash; a "she said" whose
/// own paragraph names who she is; a pronoun that opens its own clause after ", and".
@Suite(.tags(.small)) struct HandingOverAfterALineTests: FamilyScenes {
    private var wonderland: Cast {
        Cast(characters: [
            CastCharacter(key: "alice", names: ["Alice"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "duchess", names: ["Duchess"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "caterpillar", names: ["Caterpillar"], gender: .male, voice: VoiceSpec()),
        ])
    }

    /// *Alice*, chapter VI, shortened: the lullaby is brought in by narration that says nobody the
    /// tags can read, and the chorus is the cook's and the baby's. Counting turns from the Duchess
    /// gave the song to Alice and the chorus to the Duchess.
    @Test func aSongBroughtInAfterALineIsNobodysTurn() {
        let paragraphs = [
            "“If everybody minded their own business,” the Duchess said in a hoarse growl, “the world would go round a deal faster than it does.”",
            "“Which would not be an advantage,” said Alice.",
            "“Oh, don’t bother me,” said the Duchess; “I never could abide figures!” And with that she began nursing her child again, singing a sort of lullaby to it as she did so, and giving it a violent shake at the end of every line:",
            "“Speak roughly to your little boy, And beat him when he sneezes: He only does it to annoy, Because he knows it teases.”",
            "CHORUS. (In which the cook and the baby joined):",
            "“Wow! wow! wow!”",
        ]
        let result = speakers(paragraphs, cast: wonderland)
        #expect(result[2].first == "duchess")
        #expect(result[3] == ["dialogue"])
        #expect(result[5] == ["dialogue"])
        // `narrate plan --dialogue` says why the song is nobody's.
        let song = Attributor(cast: wonderland).attributions(chapter: paragraphs.map(Array.init), narrator: nil)[3]
        #expect(song.first?.reason == "brought in by narration that says nobody the tags can read: no turn of anyone's")
    }

    /// A name in the narration after a line hands the next line to them, as narration of its own
    /// paragraph does; here the count of turns would have given it to Ned.
    @Test func aNameInTheNarrationAfterALineHandsOver() {
        let result = speakers([
            "“Is it snowing?” asked Kate.",
            "“Yes, and hard,” said Ned. He turned from the window. Her mother looked up and said, with a sigh:—",
            "“Then your father will not come home tonight.”",
        ])
        #expect(result[2] == ["hale"])
    }

    /// A pronoun there is the line's own speaker's ("… ließ er sich noch einmal nieder und sagte
    /// ängstlich beschwichtigend:"), unless the line turned to somebody of that gender: "At last the
    /// Gryphon said to the Mock Turtle, “Drive on, old fellow!” and he went on in these words:".
    @Test func aPronounThereIsTheSpeakersUnlessTheLineTurnedToSomebodyOfIt() {
        let goesOn = speakers([
            "“Has the post come?” asked Kate.",
            "“Not yet,” said Ruth, and looked out of the window. Then she sat down again and said, very low:—",
            "“I wish it never would.”",
        ])
        #expect(goesOn[2] == ["ruth"])
        let turnsTo = speakers([
            "“Has the post come?” asked Ned.",
            "At last Kate said to Ruth, “Go on, tell him!” and she went on in these words:—",
            "“It came an hour ago, and there was nothing for you.”",
        ])
        #expect(turnsTo[2] != ["kate"])
    }

    /// A hostile review's passages (044d2ae): the clause that goes on from the line's own tag is no
    /// sentence of its own, so the parse cannot fall back on the tag, and a bare dash hands over nothing.
    @Test func theClauseAfterTheTagIsNotAHandOver() {
        let servant = speakers([
            "“Is the carriage at the door?” said Ned, and the servant answered:",
            "“Yes, sir; it has been waiting these ten minutes.”",
        ])
        #expect(servant[1] == ["dialogue"])
        let tears = speakers([
            "“He is gone, and I shall never see him again!” cried Kate, and she burst into tears—",
            "“Dearest Kate, you must not talk so.”",
        ])
        #expect(tears[1] != ["kate"])
    }

    /// *Alice*, chapter VI, shortened: "she thought" in a paragraph whose narration is about Alice
    /// is not the Duchess's, though the Duchess is still in sight and her turn is due.
    @Test func aPronounTagIsNotGivenAgainstItsOwnParagraph() {
        let result = speakers([
            "“Here! you may nurse it a bit, if you like!” the Duchess said to Alice, flinging the baby at her as she spoke, and she hurried out of the room.",
            "“If I don’t take this child away with me,” thought Alice, “they’re sure to kill it in a day or two.”",
            "The baby grunted again, and Alice looked very anxiously into its face to see what was the matter with it. “But perhaps it was only sobbing,” she thought, and looked into its eyes again.",
            "“If you’re going to turn into a pig, my dear,” said Alice, seriously, “I’ll have nothing more to do with you.”",
        ], cast: wonderland)
        #expect(result[2] != ["duchess"])
        // A possessive is not who acts: "On Miss Lucas’s persevering, however, she added" is still Elizabeth's by turns.
        let persevering = speakers([
            "“I am going to open the instrument, Kate,” said Ruth.",
            "“You are a very strange creature by way of a friend!” On Ruth’s persevering, however, she added, “Very well; if it must be so, it must.”",
            "“That is settled, then,” said Ruth.",
        ])
        #expect(persevering[1].first == "kate")
    }

    /// "Alice felt a little irritated at the Caterpillar’s making such very short remarks, and she
    /// drew herself up and said": after a comma, "and she" opens a clause; "Kate and she said" is two.
    @Test func aPronounAfterACommaAndOpensItsOwnClause() {
        let caterpillar = speakers([
            "“Who are you?” said the Caterpillar.",
            "Which brought them back again to the beginning of the conversation. Alice felt a little irritated at the Caterpillar’s making such very short remarks, and she drew herself up and said, very gravely, “I think, you ought to tell me who you are, first.”",
        ], cast: wonderland)
        #expect(caterpillar[1] == ["alice"])
        // *Buddenbrooks* part three, chapter four: "sie" is Tony, so the count of turns may go on (unread, the line was nobody's turn).
        let german = speakers([
            "»Nein, nein«, wiederholte Tony, »ich verabscheue Sie nicht, Herr Grünlich!«",
            "»Sie wollen mich nicht töten?« fragte er wieder, und sie sagte noch einmal in einem beinahe mütterlich tröstenden Ton:",
            "»Nein — nein ...«",
        ], cast: Cast(characters: [
            CastCharacter(key: "gruenlich", names: ["Herr Grünlich"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "tony", names: ["Tony"], gender: .female, voice: VoiceSpec()),
        ]))
        #expect(german[2] == ["tony"])
        let pair = speakers([
            "“Ruth!” said Ned.",
            "Kate and she cried together, “Not now!”",
        ])
        #expect(pair[1] == ["dialogue"])
    }

    @Test func frenchVerbsOfTheThirdGroup() {
        let shop = Cast(characters: [
            CastCharacter(key: "aurelie", names: ["madame Aurélie"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "denise", names: ["Denise"], gender: .female, voice: VoiceSpec()),
        ])
        let result = speakers(["– Oh ! intervint madame Aurélie, il faudrait le voir sur madame elle-même."], cast: shop)
        #expect(result[0] == ["aurelie"])
    }
}
