import Testing
@testable import NarrateCore

/// The seventh round of issue #18 on small made-up passages: a line that speaks to one of two
/// people present is the other's; titles said before a rank or a name ("Herr Konsul",
/// "monsieur le président"); speakers a tag describes but the cast does not know ("cried her
/// brother", "sagte der Wirt"); and a writer's dash in a chapter whose speech opens with quotes.
@Suite(.tags(.small)) struct SpeakingToTheOtherTests: FamilyScenes {
    @Test func aLineThatSpeaksToOneOfTwoIsTheOthers() {
        #expect(speakers(["Kate and Ned sat by the fire.", "“It is cold, Ned.”"]) == [[], ["kate"]])
        // Not with a third present, who may be speaking.
        #expect(speakers(["Kate, Ruth and Ned sat by the fire.", "“It is cold, Ned.”"]) == [[], ["dialogue"]])
        // Not a summons, which somebody arriving may cry, nor a name a possessive explains.
        #expect(speakers(["Kate and Ned sat by the fire.", "“Ned! Ned!”"]) == [[], ["dialogue"]])
        #expect(speakers(["Kate and Ned sat by the fire.", "“He was your brother, Ned.”"]) == [[], ["dialogue"]])
        // Nor between two of the other's own lines: a third person, not in the scene, speaks it.
        #expect(speakers(["Kate and Ned sat by the fire.", "“Look,” said Kate.", "“It is cold, Ned.”", "“Very,” said Kate."])
            == [[], ["kate"], ["dialogue"], ["kate"]])
    }

    /// A hostile review's passages (f44a119): each was given to the other of the two present, though
    /// the line speaks to nobody by the name it holds, or is somebody else's.
    @Test func aNameTheLineDoesNotSpeakToIsNoAddress() {
        let tullivers = Cast(characters: [
            CastCharacter(key: "tom", names: ["Tom", "Tom Tulliver"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "maggie", names: ["Maggie"], gender: .female, voice: VoiceSpec()),
        ])
        // A name inside a quote the line quotes is spoken to by somebody else.
        #expect(speakers(["Tom found Maggie in the attic.", "“Aunt Glegg came and said, ‘You’ll come to no good, Maggie.’”"], cast: tullivers)
            == [[], ["dialogue"]])
        // "I, Tom Tulliver", "your old partner, Jacob Marley": the name says who, it does not address.
        #expect(speakers(["Tom found Maggie in the attic.", "“I, Tom Tulliver, will never speak to him again.”"], cast: tullivers)
            == [[], ["dialogue"]])
        let partners = Cast(characters: [
            CastCharacter(key: "scrooge", names: ["Scrooge"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "marley", names: ["Jacob Marley", "Marley"], gender: .male, voice: VoiceSpec()),
        ])
        #expect(speakers(["Scrooge looked at Marley.", "“In life I was your old partner, Jacob Marley.”"], cast: partners) == [[], ["dialogue"]])
        // A summons repeats the name the line before spoke of.
        let shop = Cast(characters: [
            CastCharacter(key: "baudu", names: ["Baudu", "monsieur Baudu"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "denise", names: ["Denise"], descriptions: ["sa nièce"], gender: .female, voice: VoiceSpec()),
        ])
        #expect(speakers(["Denise entra. Baudu rangeait des pièces de drap.", "– Je voudrais parler à monsieur Baudu, dit-elle au commis.",
                          "Le commis courut vers le fond du magasin.", "– Monsieur Baudu ! monsieur Baudu !"], cast: shop)[3] == ["dialogue"])
        // "mon neveu" is not the one described as his niece.
        #expect(speakers(["Baudu était descendu à la cave ; Denise aidait sa tante.", "– Assieds-toi, mon neveu ; ton oncle remonte."], cast: shop)
            == [[], ["dialogue"]])
    }

    @Test func aTitleBeforeARankOrANameAddressesThem() {
        let barber = Cast(characters: [
            CastCharacter(key: "tom", names: ["Thomas"], descriptions: ["der Konsul"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "wenzel", names: ["Wenzel"], gender: .male, voice: VoiceSpec()),
        ])
        #expect(speakers(["Der Konsul setzte sich, und Wenzel schlug Schaum.", "»Wohl geruht, Herr Konsul?«"], cast: barber) == [[], ["wenzel"]])
        let court = Cast(characters: [
            CastCharacter(key: "president", names: ["le président"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "benedetto", names: ["Benedetto"], gender: .male, voice: VoiceSpec()),
        ])
        #expect(speakers(["Le président regarda Benedetto.", "—Je vais vous le dire, monsieur le président."], cast: court) == [[], ["benedetto"]])
        // "mademoiselle Baudu" is his niece, not Baudu: the title's gender settles it.
        let shop = Cast(characters: [
            CastCharacter(key: "baudu", names: ["Baudu"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "denise", names: ["Denise"], gender: .female, voice: VoiceSpec()),
        ])
        #expect(speakers(["Baudu regardait Denise.", "– Y êtes-vous, mademoiselle Baudu ?"], cast: shop) == [[], ["dialogue"]])
    }

    @Test func aNameWithALowerCaseTitleOpensASentenceWithACapital() {
        let salon = Cast(characters: [
            CastCharacter(key: "boves", names: ["madame de Boves"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "mouret", names: ["monsieur Mouret", "Mouret"], gender: .male, voice: VoiceSpec()),
        ])
        #expect(speakers(["Madame de Boves se tourna.", "– Donnez-nous donc votre avis, monsieur Mouret."], cast: salon) == [[], ["boves"]])
    }

    @Test func aTagThatDescribesSomebodyOutsideTheCastPutsThemInTheScene() {
        // Without "her brother" in the scene, Kate and Ned would take turns and "Very." would be Ned's.
        #expect(speakers(["Kate sat with Ned.", "“Snow,” cried her brother.", "“Cold,” said Kate.", "“Very.”"])
            == [[], ["dialogue"], ["kate"], ["dialogue"]])
        let quotes = Attributor(cast: family).attributions(chapter: ["“Snow,” cried her brother.", "»Schnee«, sagte der Wirt."].map(Array.init))
        #expect(quotes.map { $0.map(\.reason) } == [["her brother is not in the cast"], ["der Wirt is not in the cast"]])
    }

    @Test func aDashIsSpeechUnlessTheChapterOpensMoreLinesWithQuotes() {
        func quotes(_ paragraphs: [String]) -> [Int] { QuoteScanner.quotes(inChapter: paragraphs.map(Array.init)).map(\.count) }
        // Where more paragraphs open with quotes than with dashes, a dash is the writer's pause.
        #expect(quotes(["»Vollkommen.«", "»Ein Alpdrücken?«", "»Genug! Genug!« —", "— Und Konsul Hagenström erschien in der Mengstraße."])
            == [1, 1, 1, 0])
        // Where dashes open the dialogue, a word quoted here and there leaves them speech (Max Havelaar).
        #expect(quotes(["– Pardon, zei ik.", "Dat heet \"shawl\" in Holland.", "– Wel zeker, zeide hy."]) == [1, 1, 1])
        // French books keep «…» open over an exchange whose turns open with dashes.
        #expect(quotes(["«Mais comment savez-vous tous ces détails? demanda le président.", "—Je vais vous le dire."]) == [1, 1])
        #expect(quotes(["– Bonjour, dit-elle.", "– Bonjour."]) == [1, 1])
    }
}
