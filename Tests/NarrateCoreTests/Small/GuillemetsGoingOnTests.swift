import Testing
@testable import NarrateCore

/// Round eleven of issue #18, on passages shortened from *Monte-Cristo*, chapter CVI: French keeps
/// «…» open over an exchange whose turns open with dashes, and opens each further paragraph of
/// one speaker's speech with « again; and a letter known by its foot, read out after narration.
@Suite(.tags(.small)) struct GuillemetsGoingOnTests: FamilyScenes {
    private let cast = Cast(characters: [
        CastCharacter(key: "debray", names: ["Debray", "Lucien"], gender: .male, voice: VoiceSpec()),
        CastCharacter(key: "baronne", names: ["Mme Danglars"], descriptions: ["la baronne"], gender: .female, voice: VoiceSpec()),
    ])

    private var withDanglars: Cast {
        Cast(characters: cast.characters + [CastCharacter(key: "danglars", names: ["Danglars"], gender: .male, voice: VoiceSpec())])
    }

    /// The first speaker of each paragraph that has one.
    private func firstSpeakers(_ paragraphs: [String], cast: Cast) -> [String?] {
        speakers(paragraphs, cast: cast).map(\.first)
    }

    @Test func aParagraphOpenedWithAGuillemetInsideTheExchangeGoesOnWithItsSpeaker() {
        let passage = [
            "Debray et la baronne étaient seuls.",
            "«Eh bien, qu'y a-t-il, chère amie? demanda Debray; parlez, dites.",
            "—Mon ami, puis-je compter sur vous?",
            "—Certainement, et vous le savez bien.",
            "«Mais qu'y a-t-il?",
            "«Votre billet de ce matin m'a jeté dans une perplexité terrible.",
            "—Lucien, un grand événement! dit la baronne: M. Danglars est parti cette nuit.",
            "—Parti! M. Danglars parti!",
            "«Et où est-il allé?",
            "—Je l'ignore.",
            "—Comment! vous l'ignorez?",
            "—Sans doute!",
            "«À dix heures du soir, ses chevaux l'ont conduit à la barrière de Charenton.»",
        ]
        // "«Et où est-il allé?" is Debray going on, not a turn: the count after it still fits.
        #expect(firstSpeakers(passage, cast: cast) == [
            nil, "debray", "baronne", "debray", "debray", "debray", "baronne", "debray", "debray", "baronne", "debray", "baronne", "baronne",
        ])
    }

    /// The hostile review's passages: a tag that names somebody else, and a line that speaks to the last speaker.
    @Test func aTagOrAnAddressSaysItIsNotTheSameSpeakerGoingOn() {
        let withAlbert = Cast(characters: cast.characters + [CastCharacter(key: "albert", names: ["Albert"], gender: .male, voice: VoiceSpec())])
        let tagged = ["«Eh bien? demanda Debray.", "—Il est parti, dit la baronne.", "«Parti! s'écria Albert, qui entrait au même moment."]
        #expect(firstSpeakers(tagged, cast: withAlbert) == ["debray", "baronne", "albert"])
        // "ajouta" adds to one's own speech: the same speaker goes on, and the count before it stands.
        let adding = ["Debray et la baronne étaient seuls.", "«Vous partez? demanda Debray.", "—Oui.", "—Quand?", "—Ce soir.", "«À dix heures, ajouta la baronne."]
        #expect(firstSpeakers(adding, cast: cast) == [nil, "debray", "baronne", "debray", "baronne", "baronne"])
        // Not a speaker going on to himself: "«Vous le saurez ce soir, Lucien." is not Lucien's.
        let addressed = ["«Venez, dit la baronne.", "—Où donc? demanda Debray.", "«Vous le saurez ce soir, Lucien."]
        #expect(firstSpeakers(addressed, cast: cast) == ["baronne", "debray", "dialogue"])
    }

    @Test func aGuillemetAfterTheExchangeClosedIsANewTurn() {
        let passage = [
            "Debray et la baronne se regardèrent.",
            "«Partez-vous? demanda la baronne.",
            "—Non.»",
            "«Pourquoi?»",
        ]
        #expect(firstSpeakers(passage, cast: cast) == [nil, "baronne", "debray", "baronne"])
        // A dash paragraph with no guillemet open before it hands on to nobody.
        let dashes = ["Debray et la baronne se regardèrent.", "—Partez-vous? demanda la baronne.", "—Non.", "«Pourquoi?»"]
        #expect(firstSpeakers(dashes, cast: cast) == [nil, "baronne", "debray", "baronne"])
    }

    /// Danglars's letter: its salutation was read before the reader stopped; the body follows
    /// "Debray continua:" and ends in a closing formula over his name.
    private let danglarsLetter = [
        "«Madame et très fidèle épouse.»",
        "Sans y songer, Debray s'arrêta et regarda la baronne, qui rougit jusqu'aux yeux.",
        "«Lisez», dit-elle.",
        "Debray continua:",
        "«Quand vous recevrez cette lettre vous n'aurez plus de mari!",
        "«Je vous dois des explications, et je vous les donnerai.",
        "«Votre mari bien dévoué,",
        "«BARON DANGLARS.»",
        "La baronne regarda Debray.",
        "«Eh bien? demanda-t-elle.",
    ]

    @Test func aLetterKnownByItsFootIsItsSigners() {
        #expect(firstSpeakers(danglarsLetter, cast: withDanglars) == [
            "dialogue", nil, "baronne", nil, "danglars", "danglars", "danglars", "danglars", nil, "baronne",
        ])
        // Signed by someone the cast does not know: read out by the dialogue voice, never the reader's ("Debray continua:").
        #expect(firstSpeakers(danglarsLetter, cast: cast)[4...7].allSatisfy { $0 == "dialogue" })
    }

    @Test func theReadersLineThatBringsTheLetterInIsNotTheLetters() {
        let passage = [
            "Debray prit le billet.",
            "«Voici donc ce que votre mari vous écrit, madame:",
            "«Quand vous recevrez cette lettre vous n'aurez plus de mari!",
            "«Votre mari bien dévoué,",
            "«BARON DANGLARS.»",
        ]
        #expect(firstSpeakers(passage, cast: withDanglars) == [nil, "dialogue", "danglars", "danglars", "danglars"])
    }

    @Test func aSpeechWithoutAFootIsNoLetter() {
        // A closing formula with no name under it, or a name under no formula: Debray goes on speaking.
        for foot in [["«Votre ami,", "«toujours.»"], ["«Je pars ce soir.", "«BARON DANGLARS.»"]] {
            let passage = ["Debray continua:", "«Quand vous recevrez cette lettre vous n'aurez plus de mari!"] + foot
            #expect(firstSpeakers(passage, cast: withDanglars).allSatisfy { $0 == nil || $0 == "debray" }, "\(foot)")
        }
        // A toast has the shape of a foot, but nothing around it speaks of a letter.
        let toast = ["Le comte se leva.", "«Messieurs, nous sommes réunis ce soir pour fêter un ami.", "«Je bois à notre hôte,", "«Baron Danglars.»"]
        #expect(!firstSpeakers(toast, cast: withDanglars).contains("danglars"))
    }
}
