import Testing
@testable import NarrateCore

/// Round thirteen of issue #18: who the narration before a line is about, and turns the
/// narration tells. Each case is a miss of the round-thirteen blind chapters (*Pride and
/// Prejudice* LII–LIII, *Monte-Cristo* CIII, *Buddenbrooks* IV.6 and IV.10), shortened.
@Suite(.tags(.small)) struct NarrationSubjectTests: FamilyScenes {
    private let bennets = Cast(characters: [
        CastCharacter(key: "elizabeth", names: ["Elizabeth", "Lizzy"], gender: .female, voice: VoiceSpec()),
        CastCharacter(key: "jane", names: ["Jane", "Miss Bennet"], gender: .female, voice: VoiceSpec()),
        CastCharacter(key: "mrs_bennet", names: ["Mrs. Bennet"], descriptions: ["her mother"], gender: .female, voice: VoiceSpec()),
    ])
    private let villefort = Cast(characters: [
        CastCharacter(key: "villefort", names: ["Villefort"], gender: .male, voice: VoiceSpec()),
        CastCharacter(key: "morrel", names: ["Morrel", "Maximilien"], gender: .male, voice: VoiceSpec()),
        CastCharacter(key: "noirtier", names: ["Noirtier"], gender: .male, voice: VoiceSpec()),
    ])
    private let buddenbrooks = Cast(characters: [
        CastCharacter(key: "tony", names: ["Tony"], gender: .female, voice: VoiceSpec()),
        CastCharacter(key: "konsulin", names: ["Konsulin Buddenbrook"], descriptions: ["die Konsulin"], gender: .female, voice: VoiceSpec()),
        CastCharacter(key: "gruenlich", names: ["Herr Grünlich", "Grünlich"], gender: .male, voice: VoiceSpec()),
        CastCharacter(key: "kesselmeyer", names: ["Herr Kesselmeyer", "Kesselmeyer"], gender: .male, voice: VoiceSpec()),
    ])

    private func first(_ paragraphs: [String], cast: Cast) -> [String?] { speakers(paragraphs, cast: cast).map(\.first) }

    /// "»…« hörte man Herrn Grünlich rufen": German inverts a tag of hearing; the one heard speaks.
    @Test func theOneHeardInAGermanTagSpeaks() {
        #expect(first(["»Schreien Sie doch nicht!« hörte man Herrn Grünlich rufen."], cast: buddenbrooks) == ["gruenlich"])
        // Nobody in the cast heard: no credit, and never the hearer.
        #expect(first(["»Schreien Sie doch nicht!« hörte Tony jemanden rufen."], cast: buddenbrooks) == ["dialogue"])
        #expect(first(["»Schreien Sie doch nicht!« hörte man."], cast: buddenbrooks) == ["dialogue"])
        // "ihn" may be somebody outside the cast: "Der Arzt war lange bei der Konsulin drinnen geblieben …".
        #expect(first(["Der Arzt blieb lange bei Tony.", "»Es ist nichts mehr zu machen«, hörte man ihn sagen."], cast: buddenbrooks) == [nil, "dialogue"])
    }

    /// "Die Konsulin war zwar überzeugt, …; aber sie erhob … und sagte:": the pronoun after the
    /// semicolon is the sentence's subject before it.
    @Test func aPronounAfterASemicolonIsTheSentencesSubject() {
        let paragraph = "Die Konsulin war zwar überzeugt, daß ihr Gatte korrekt gehandelt habe; aber sie erhob, wenn Tony zu sprechen "
            + "begann, nur leicht ihre schöne weiße Hand und sagte: »Assez, mein Kind. Ich höre nicht gern von dieser Affäre.«"
        #expect(first([paragraph], cast: buddenbrooks) == ["konsulin"])
        // A name before the pronoun may be its antecedent: "and when at last Kitty did, she very innocently said".
        let sisters = "Jane and Elizabeth sat with their mother."
        let kitty = "At tea Elizabeth would not observe her; and when at last Kitty did, she very innocently said, “What is the matter, mamma?”"
        #expect(first([sisters, kitty], cast: bennets) == [nil, "dialogue"])
        // A clause between the pronoun and the verb that does not close is the verb's own.
        let housekeeper = "At last Elizabeth thought this was going pretty far; and she listened with increasing astonishment as the housekeeper "
            + "added, “I have never had a cross word from him in my life.”"
        #expect(first([sisters, housekeeper], cast: bennets) == [nil, "dialogue"])
        // Somebody else of that gender named before the semicolon: no antecedent.
        let two = "Jane was sure that Elizabeth had heard it; but she turned away and said: “Let us speak of something else.”"
        #expect(first([two], cast: bennets) == ["dialogue"])
    }

    /// "Villefort continua.": a sentence that ends on a verb of going on hands over, as a colon does.
    @Test func aSentenceEndingOnGoingOnHandsOver() {
        let asked = "«N'est-ce pas, mon père?» dit Villefort."
        #expect(first([asked, "Le vieillard fit signe que oui.", "Villefort continua.", "«Il me connaît, lui, et c'est à lui que j'ai engagé ma parole.»"],
                      cast: villefort) == ["villefort", nil, nil, "villefort"])
        // Not a verb of going on with its object: "la voiture continua sa route".
        #expect(first([asked, "Villefort continua sa route.", "«Il me connaît, lui.»"], cast: villefort) == ["villefort", nil, "dialogue"])
        // Not one who did not speak last: "Margaret went on." may be walking on.
        #expect(first(["«Restez!» dit Morrel.", "Villefort continua.", "«Il me connaît, lui.»"], cast: villefort) == ["morrel", nil, "dialogue"])
    }

    /// "«Je vous en conjure!... continua Villefort.": the incise after the dots that trail a cry.
    @Test func anInciseAfterTrailingDotsIsRead() {
        #expect(first(["«Je vous en conjure!... continua Villefort. Trois jours!»"], cast: villefort) == ["villefort"])
        #expect(first(["—Aveugles!... murmura Morrel."], cast: villefort) == ["morrel"])
        // A place ends the tag: the voice behind Villefort is not his.
        #expect(first(["«Qui est là?... demanda une voix derrière Villefort.»"], cast: villefort) == ["dialogue"])
    }

    /// "… since she had mentioned his name to Elizabeth; but now … she said,—": another woman
    /// named only after a preposition does not stop the paragraph's opening subject.
    @Test func somebodyNamedAfterAPrepositionIsNotWhoTheNarrationIsAbout() {
        let narration = "Miss Bennet had not been able to hear of his coming without changing colour. It was many months since she had "
            + "mentioned his name to Elizabeth; but now, as soon as they were alone together, she said,—"
        #expect(first([narration, "“I saw you look at me to-day, Lizzy.”"], cast: bennets) == [nil, "jane"])
        // Unless a pronoun may point at another: "received her with the utmost politeness" (Lady Catherine, not in the cast).
        let visitor = "Mrs. Bennet, all amazement, received her with the utmost politeness. After sitting for a moment in silence, "
            + "she said, very stiffly, to Elizabeth,—"
        #expect(first([visitor, "“I hope you are well, Miss Bennet.”"], cast: bennets) == [nil, "dialogue"])
        // Or a noun for a person: "the girl" is the one sent for.
        let sent = "Mrs. Bennet had sent for Jane before breakfast. At length the girl came down, pale, and she said,—"
        #expect(first([sent, "“I cannot do it, indeed I cannot.”"], cast: bennets) == [nil, "dialogue"])
    }

    /// "When the gentlemen rose to go away, Mrs. Bennet was mindful …" then "“…,” she added": the
    /// subject after a clause set first.
    @Test func theSubjectAfterAFrontedClauseOpensTheParagraph() {
        let scene = "“I hope you will come, Lizzy,” said Jane."
        let narration = "When the gentlemen rose to go away, Mrs. Bennet was mindful of her intended civility."
        #expect(first([scene, narration, "“You are quite a visit in my debt,” she added."], cast: bennets) == ["jane", nil, "mrs_bennet"])
        // Not a clause with a pronoun of its own, who may be the one speaking.
        let stairs = "As she came down the stairs, Mrs. Bennet was just going out at the hall door."
        #expect(first([scene, stairs, "“Wait one moment,” she called."], cast: bennets) == ["jane", nil, "dialogue"])
        // Not past the fifth word without a clause word first.
        let long = "The gentlemen rose to go away at last and then, Mrs. Bennet was mindful of her intended civility."
        #expect(first([scene, long, "“You are quite a visit in my debt,” she added."], cast: bennets) == ["jane", nil, "dialogue"])
    }

    /// "Hier blickte Herr Kesselmeyer sie an … und dann blickte er Herrn Grünlich an … »…?« rief er.":
    /// German puts the verb second; "Herrn Grünlich" is an object.
    @Test func aGermanParagraphSubjectAfterTheVerb() {
        let paragraph = "Hier blickte Herr Kesselmeyer sie an ... und dann blickte er Herrn Grünlich an ... und dann brach er in ein "
            + "Gelächter aus! »Sie ruinieren ihn ...?« rief er."
        #expect(first(["Tony saß bei Tische.", paragraph], cast: buddenbrooks) == [nil, "kesselmeyer"])
        // Herr Grünlich as a subject is somebody else of that gender: no credit.
        let both = "Hier blickte Herr Kesselmeyer sie an ... und dann lachte Herr Grünlich laut auf. »Sie ruinieren ihn ...?« rief er."
        #expect(first(["Tony saß bei Tische.", both], cast: buddenbrooks) == [nil, "dialogue"])
    }
}
