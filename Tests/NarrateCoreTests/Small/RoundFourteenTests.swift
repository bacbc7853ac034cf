import Testing
@testable import NarrateCore

/// Round fourteen of issue #18: each case is a miss or a wrong credit of the round-fourteen blind
/// chapters (*Pride and Prejudice* XLIII, *Monte-Cristo* XCIV, *Die Verwandlung* II), shortened.
@Suite(.tags(.small)) struct RoundFourteenTests: FamilyScenes {
    private let count = Cast(characters: [
        CastCharacter(key: "monte_cristo", names: ["Monte-Cristo"], descriptions: ["le comte"], gender: .male, voice: VoiceSpec()),
        CastCharacter(key: "morrel", names: ["Morrel", "Maximilien"], gender: .male, voice: VoiceSpec()),
        CastCharacter(key: "davrigny", names: ["d'Avrigny", "M. d'Avrigny"], gender: .male, voice: VoiceSpec()),
        CastCharacter(key: "villefort", names: ["Villefort", "M. de Villefort"], gender: .male, voice: VoiceSpec()),
    ])
    private let samsas = Cast(characters: [
        CastCharacter(key: "gregor", names: ["Gregor"], gender: .male, voice: VoiceSpec()),
        CastCharacter(key: "mutter", names: ["Mutter"], descriptions: ["die Mutter", "der Mutter"], gender: .female, voice: VoiceSpec()),
        CastCharacter(key: "grete", names: ["Grete"], descriptions: ["die Schwester"], gender: .female, voice: VoiceSpec()),
    ])
    private let pemberley = Cast(characters: [
        CastCharacter(key: "elizabeth", names: ["Elizabeth"], gender: .female, voice: VoiceSpec()),
        CastCharacter(key: "mrs_reynolds", names: ["Mrs. Reynolds"], descriptions: ["the housekeeper"], gender: .female, voice: VoiceSpec()),
        CastCharacter(key: "mr_gardiner", names: ["Mr. Gardiner"], gender: .male, voice: VoiceSpec()),
    ])

    private func first(_ paragraphs: [String], cast: Cast) -> [String?] { speakers(paragraphs, cast: cast).map(\.first) }

    /// "… que Morrel, se levant tout à coup, s'écria:": with only a participle's phrase between
    /// them, the subject of the clause is the verb's own, not the sentence's.
    @Test func aClauseSubjectBeforeAParticiplesPhraseSpeaks() {
        let french = "Monte-Cristo articula ces paroles avec tant de clarté, que Morrel, se levant tout à coup, s'écria:"
        #expect(first([french, "«Comte! Vous savez de qui je veux parler!»"], cast: count) == [nil, "morrel"])
        let english = "Monte-Cristo spoke so clearly that Morrel, rising at once, cried:"
        #expect(first([english, "“Count! You know whom I mean!”"], cast: count) == [nil, "morrel"])
        // "because the strange captain, observing at a glance how affairs stood, cried out, “…”".
        #expect(first(["Villefort hesitated, because Morrel, seeing the danger, cried out, “Stop!”"], cast: count) == ["morrel"])
        // Not a name inside a longer subject (the hostile review's): "la sœur de Morrel, se levant …", "the friend of Ned, …".
        let sister = "Le bruit de la voiture fut si soudain, que la sœur de Morrel, se levant tout à coup, s'écria:"
        #expect(first([sister, "«C'est lui! c'est le comte!»"], cast: count) != [nil, "morrel"])
        #expect(first(["The coach stopped so suddenly that the friend of Morrel, thrusting his head from the window, called out, “What's amiss?”"],
                      cast: count) != ["morrel"])
        // Not a phrase that is no participle's: "que Morrel, aussitôt, s'écria" keeps the old reading.
        let adverb = "Monte-Cristo articula ces paroles avec tant de clarté, que Morrel, aussitôt, s'écria:"
        #expect(first([adverb, "«Comte! Vous savez de qui je veux parler!»"], cast: count) != [nil, "morrel"])
    }

    /// "dit M. d'Avrigny, il était trop tard": the dot of the French title "M." does not end the tag.
    @Test func aDashTagWithAFrenchTitleNamesTheSpeaker() {
        #expect(first(["—Chaque fois que vous m'avez prévenu, dit M. d'Avrigny, il était trop tard."], cast: count) == ["davrigny"])
        #expect(first(["—Non, non, balbutia M. de Villefort d'une voix étranglée."], cast: count) == ["villefort"])
    }

    /// German joins a preposition and its article: "zur Mutter" is an object, never the speaker.
    @Test func aNameAfterZurIsAnObject() {
        #expect(first(["Grete beugte ihr Gesicht zur Mutter und sagte: »Komm, wir gehen.«"], cast: samsas) == ["grete"])
    }

    /// "Aber Gretes Worte hatten die Mutter beunruhigt, sie trat zur Seite, … rief: »Ach Gott!« …
    /// »Du, Gregor!« rief die Schwester": the first quote's own lead-in names another woman, so
    /// the paragraph's speaker does not take it.
    @Test func aQuoteWhoseLeadInNamesAnotherIsNotTheParagraphSpeakers() {
        let paragraph = "Aber Gretes Worte hatten die Mutter erst recht beunruhigt, sie trat zur Seite, erblickte den Fleck auf der Tapete, "
            + "rief, ehe ihr eigentlich zum Bewußtsein kam, daß das Gregor war, was sie sah, mit schreiender, rauher Stimme: »Ach Gott, ach Gott!« "
            + "und fiel über das Kanapee hin. »Du, Gregor!« rief die Schwester mit erhobener Faust."
        #expect(speakers([paragraph], cast: samsas)[0].first != "grete")
        // Nor a woman named after a preposition: "took the hands of Mary" (the hostile review's).
        let hands = "Then she went over and took the hands of Ruth in both her own: “Dear, you must not cry so.” She stooped and kissed "
            + "her forehead. “He will come back to us, I know he will,” said Kate."
        #expect(speakers([hands])[0] == ["kate", "kate"])
        // With nobody else named, the paragraph's speaker still takes it.
        let alone = "Sie trat zur Seite und rief: »Ach Gott!« und fiel hin. »Du, Gregor!« rief die Schwester."
        #expect(speakers([alone], cast: samsas)[0] == ["grete", "grete"])
    }

    /// "“Is your master much at Pemberley?”" / "“Not so much as I could wish, sir: …”": with one man
    /// who spoke lately in the scene, the question is his. The answer stays unsaid: the one who says
    /// "sir" is often a servant outside the cast, so no count of turns takes it.
    @Test func anHonorificAnswersTheOneManWhoSpokeLately() {
        let asked = "“And is Miss Darcy as handsome as her brother?” said Mr. Gardiner."
        let reply = "“Oh, yes—the handsomest young lady that ever was seen.”"
        let narration = "Mr. Gardiner encouraged her communicativeness by his questions: Mrs. Reynolds had great pleasure in talking."
        #expect(first([asked, reply, narration, "“Is your master much at Pemberley?”", "“Not so much as I could wish, sir.”"], cast: pemberley)
            == ["mr_gardiner", "dialogue", nil, "mr_gardiner", "dialogue"])
        // Somebody outside the cast speaks in the talk: the question may be theirs.
        let stranger = "“Yes, madam,” said Mrs. Bennet, delighted to speak to a Lady Catherine."
        #expect(first(["“I hope you are well,” said Elizabeth.", "Elizabeth sat down.", "“And that is one of your sisters?”", stranger],
                      cast: pemberley) == ["elizabeth", nil, "dialogue", "dialogue"])
        // Narration that brings somebody in since his last line: the question may be theirs (the hostile review's doctor).
        let hale = Cast(characters: [
            CastCharacter(key: "hale", names: ["Mr. Hale"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "kate", names: ["Kate"], gender: .female, voice: VoiceSpec()),
        ])
        #expect(first(["“How is she?” said Mr. Hale.", "“Better; she is sleeping now,” said Kate.", "The doctor shook his head slowly.",
                       "“She will not last the night.”", "“Oh, sir, do not say so!”"], cast: hale) == ["hale", "kate", nil, "dialogue", "dialogue"])
        // Inside a run of lines nobody tags, whoever asks may be outside the cast.
        #expect(first([asked, "“But my father cannot.”", "“Oh, your father may spare you.”", "“You are all kindness, sir.”"], cast: pemberley)[2]
            == "dialogue")
    }
}
