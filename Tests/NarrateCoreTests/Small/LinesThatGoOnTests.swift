import Testing
@testable import NarrateCore

/// The sixth round of issue #18 on small made-up passages: "he replied" to the one the line
/// before calls, "he went on" with the last speaker's speech, a stranger the narration makes
/// the subject of a paragraph, an action before the line, and German's verb-second order.
@Suite(.tags(.small)) struct LinesThatGoOnTests: FamilyScenes {
    /// The family with a second man, so that "he" needs more than the scene to resolve.
    var withTom: Cast {
        Cast(characters: family.characters + [CastCharacter(key: "tom", names: ["Tom"], gender: .male, voice: VoiceSpec())])
    }

    @Test func aPronounAnswersTheOneTheLineBeforeSurelyAddresses() {
        let scene = "Ned, Tom and Kate were in the library."
        #expect(speakers([scene, "“What a library you have at home, Tom!” said Kate.", "“It ought to be good,” he replied."], cast: withTom)
            == [[], ["kate"], ["tom"]])
        // Only the line right before: another man spoke between.
        #expect(speakers([scene, "“What a library you have, Tom!” said Kate.", "“It is old,” said Ned.", "“It ought to be good,” he replied."], cast: withTom)
            == [[], ["kate"], ["ned"], ["dialogue"]])
        // Narration that quotes a cry does not address anyone.
        #expect(speakers([scene, "Kate cried out names in her sleep, like “Tom!” and “Ruth!”", "“Hush,” he said."], cast: withTom)
            == [[], ["dialogue", "dialogue"], ["dialogue"]])
    }

    @Test func aLineThatGoesOnIsTheLastSpeakers() {
        let scene = "Ned, Tom and Kate were in the library."
        #expect(speakers([scene, "“It is late,” said Ned.", "He stopped for a moment, and then continued: “We should go.”"], cast: withTom)
            == [[], ["ned"], ["ned"]])
        #expect(speakers([scene, "“It is late,” said Ned.", "Nobody answered.", "“We should go,” he went on."], cast: withTom)
            == [[], ["ned"], [], ["ned"]])
        // Not across narration that names another man: he may be the one who goes on.
        #expect(speakers([scene, "“It is late,” said Ned.", "Kate looked at Tom.", "“We should go,” he went on."], cast: withTom)
            == [[], ["ned"], [], ["dialogue"]])
        // Right after another line, "he continued" may go on with its own paragraph's first words: not the last speaker's.
        #expect(speakers([scene, "“It is late,” said Ned.", "“Late for you,” he continued, “but not for me.”"], cast: withTom)
            == [[], ["ned"], ["dialogue", "dialogue"]])
    }

    @Test func aStrangerWhoOpensTheParagraphSpeaksItsLine() {
        let scene = "Kate looked at Ned and at Lüders, who sat behind him."
        // Turns between Kate and Ned would give Ned the answer; the paragraph is about Lüders.
        #expect(speakers([scene, "“Who knows the verse?” said Kate.", "Lüders stood up. He was fat and slow, and answered: “I do not.”"])
            == [[], ["kate"], ["dialogue"]])
        #expect(speakers([scene, "“Who knows the verse?” said Kate.", "The fat Lüders stood up. He answered: “I do not.”"])
            == [[], ["kate"], ["dialogue"]])
        // Nor a cast member named with an epithet the cast does not write: "The old Squire" is the Squire.
        let squire = Cast(characters: [
            CastCharacter(key: "kate", names: ["Kate"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "squire", names: [], descriptions: ["the Squire"], gender: .male, voice: VoiceSpec()),
        ])
        #expect(speakers(["Kate looked at the Squire.", "The old Squire rose from his chair. He said: “Sit down.”"], cast: squire) == [[], ["squire"]])
        // Not when the narration goes on to a cast member before the quote: "She" is Kate, the one woman there.
        #expect(speakers([scene, "“Who knows the verse?” said Ned.", "Lüders turned to Kate. She answered: “I do not.”"])
            == [[], ["ned"], ["kate"]])
    }

    @Test func anActionBeforeTheLineIsTheSpeakers() {
        let scene = "Kate, Ruth and Ned sat by the fire."
        #expect(speakers([scene, "Kate looked up from her book. “It is snowing.”"]) == [[], ["kate"]])
        // Not a lead-in whose subject is nobody in the cast, nor a paragraph that names two.
        #expect(speakers([scene, "Kate said nothing. After a pause, her companion added, “It is snowing.”"]) == [[], ["dialogue"]])
        #expect(speakers([scene, "Kate looked at Ruth. “It is snowing.”"]) == [[], ["dialogue"]])
        // Nor a word the narration sets in quotation marks inside its sentence: it is not Kate's.
        #expect(speakers([scene, "Kate walked down to the old “Sea Temple”, which looked over the bay."]) == [[], ["dialogue"]])
    }

    @Test func aGermanInvertedSubjectFollowsTheVerb() {
        let cast = Cast(characters: [
            CastCharacter(key: "tony", names: ["Tony"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "thomas", names: ["Thomas"], gender: .male, voice: VoiceSpec()),
        ])
        // "Übrigens sagte er": an adverb first, the subject after the verb — not somebody called Übrigens.
        #expect(speakers(["Tony und Thomas saßen am Tisch.", "»Unerhört!« Übrigens sagte er »Unerhört«."], cast: cast) == [[], ["thomas", "thomas"]])
        #expect(speakers(["Tony und Thomas saßen am Tisch.", "»Nie!« Dann flüsterte Tony: »Nie!«"], cast: cast) == [[], ["tony", "tony"]])
    }

    /// What a hostile review of round six found it credited wrongly: each stays with the dialogue voice.
    @Test func reviewFindingsStayUncredited() {
        let scene = "Ned, Tom and Kate were in the library."
        // An English name before the verb is its subject, and the name after it the one spoken to.
        #expect(speakers([scene, "“Sit down at once,” Collins ordered Ned."], cast: withTom) == [[], ["dialogue"]])
        #expect(speakers([scene, "“Not at all.” Collins said he was in no hurry to go."], cast: withTom) == [[], ["dialogue"]])
        // A paragraph about silence, hearing, or more than one sentence is no beat.
        #expect(speakers([scene, "Ned made no answer. “Well? Have you nothing to say for yourself?”"], cast: withTom) == [[], ["dialogue"]])
        #expect(speakers([scene, "Kate heard a voice from the garden. “Is anybody at home?”"], cast: withTom) == [[], ["dialogue"]])
        #expect(speakers([scene, "Ned stood by the window. The door opened. “Good evening to you all.”"], cast: withTom) == [[], ["dialogue"]])
        #expect(speakers([scene, "Ned sat down. “Well.” She looked at him sharply. “Well what?”"], cast: withTom) == [[], ["dialogue", "dialogue"]])
        // A first-person narrator is never "he", though the line before was his.
        let ishmael = Cast(characters: withTom.characters + [CastCharacter(key: "ishmael", names: ["Ishmael"], gender: .male, voice: VoiceSpec())])
        #expect(speakers(["“I want to see the world,” said I.", "The old man looked at me.", "“Do ye?” he continued."], cast: ishmael, narrator: "ishmael")
            == [["ishmael"], [], ["dialogue"]])
        let german = Cast(characters: [
            CastCharacter(key: "tony", names: ["Tony"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "thomas", names: ["Thomas"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "christian", names: ["Christian"], gender: .male, voice: VoiceSpec()),
        ])
        let family = "Thomas, Christian und Tony saßen am Tisch."
        // "Ida fragte sie leise": Ida asks her; "Darauf erwiderte sie nichts": nothing was said.
        #expect(speakers([family, "»Wie geht es dir?« Ida fragte sie leise."], cast: german) == [[], ["dialogue"]])
        #expect(speakers([family, "»Schweig!« Darauf erwiderte sie nichts und ging hinaus."], cast: german) == [[], ["dialogue"]])
        // "fuhr auf" flares up; only "fuhr … fort" goes on.
        #expect(speakers([family, "»Du bist ein Narr«, sagte Thomas.", "Da fuhr er auf: »Das verbitte ich mir!«"], cast: german)
            == [[], ["thomas"], ["dialogue"]])
        #expect(speakers([family, "»Du bist ein Narr«, sagte Thomas.", "Er schwieg und fuhr dann fort: »Ein großer Narr.«"], cast: german)
            == [[], ["thomas"], ["thomas"]])
    }
}
