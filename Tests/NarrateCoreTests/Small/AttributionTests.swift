import Foundation
import Testing
@testable import NarrateCore

@Suite(.tags(.small)) struct QuoteScannerTests {
    func quotes(_ text: String) -> [String] {
        let chars = Array(text)
        return QuoteScanner.quotes(in: chars).map { String(chars[$0]) }
    }

    @Test func findsTheQuotesOfEachConvention() {
        #expect(quotes("“I am,” said he, “quite ‘sure’.”") == ["“I am,”", "“quite ‘sure’.”"])
        #expect(quotes("\"Yes,\" she said. He said \"no\".") == ["\"Yes,\"", "\"no\""])
        #expect(quotes("‘Don’t,’ said Alice, ‘the boys’ books.’") == ["‘Don’t,’", "‘the boys’"])
        #expect(quotes("« Oui », dit-il.") == ["« Oui »"])
        #expect(quotes("„Ja“, sagte er, »nein«.") == ["„Ja“", "»nein«"])
        #expect(quotes("— Bonjour, dit Denise.") == ["— Bonjour, dit Denise."])
        #expect(quotes("“It goes on to the next paragraph") == ["“It goes on to the next paragraph"])
        #expect(quotes("He wasn't there—nobody was.") == [])
    }

    /// Round twelve: in a chapter whose speech opens with dashes, a dash line is speech to its end,
    /// with whatever it quotes inside it (*Au Bonheur des Dames* 8: Baudu quoting what he once said).
    @Test func aDashLineIsSpeechWithTheQuotesInsideIt() {
        let chapter = [
            "– Colomban, vous pouvez dîner, dit l’oncle.",
            "– Mais jamais le Vieil Elbeuf ne fera un coup pareil… « Voisin, vous pactisez avec les charlatans. »",
            "Il se tut.",
        ].map(Array.init)
        let quotes = QuoteScanner.quotes(inChapter: chapter)
        #expect(quotes[1] == [0..<chapter[1].count])
        #expect(quotes[2].isEmpty)
    }
}

@Suite(.tags(.small)) struct AttributorTests {
    let cast = Cast(characters: [
        CastCharacter(key: "darcy", names: ["Mr. Darcy", "Darcy"], voice: VoiceSpec()),
        CastCharacter(key: "lizzy", names: ["Elizabeth"], voice: VoiceSpec()),
        CastCharacter(key: "mr_bennet", names: ["Mr. Bennet"], voice: VoiceSpec()),
    ])

    /// The speakers of each paragraph's quotes.
    func speakers(_ paragraphs: [String]) -> [[String]] {
        let pieces = Attributor(cast: cast).pieces(chapter: paragraphs.map(Array.init))
        return zip(paragraphs, pieces).map { text, pieces in
            let chars = Array(text)
            return pieces.filter { chars[$0.range.lowerBound] == "“" }.map(\.speaker.name)
        }
    }

    @Test func speechVerbsNextToAQuoteNameItsSpeaker() {
        #expect(speakers(["“No,” said Darcy."]) == [["darcy"]])
        #expect(speakers(["“No,” Mr. Darcy replied coldly."]) == [["darcy"]])
        #expect(speakers(["Elizabeth said, “Never.”"]) == [["lizzy"]])
        #expect(speakers(["Then cried Mr. Bennet: “Enough!”"]) == [["mr_bennet"]])
        #expect(speakers(["“Yes,” replied Mr. Bennet, “and more.” He sat down. “Much more.”"]) == [["mr_bennet", "mr_bennet", "mr_bennet"]])
    }

    @Test func whenUnsureTheDialogueVoiceReads() {
        #expect(speakers(["“Yes,” said he."]) == [["dialogue"]])
        #expect(speakers(["“Yes,” said Mrs. Bennet."]) == [["dialogue"]])  // not "Mr. Bennet", not "Bennet"
        #expect(speakers(["“Yes,” said Mr. Collins to Darcy."]) == [["dialogue"]])
        #expect(speakers(["“Darcy!” she cried."]) == [["dialogue"]])  // a name inside the quote is not a credit
        #expect(speakers(["“Go,” said Darcy; and “Stay,” said Elizabeth."]) == [["darcy", "lizzy"]])
        #expect(speakers(["Darcy's sister said, “Hello.”"]) == [["dialogue"]])
    }

    @Test func narrationThatIntroducesSpeechCreditsTheNextParagraph() {
        #expect(speakers(["Mr. Darcy replied, with great intrepidity,—", "“Miss Elizabeth Bennet.”"]) == [[], ["darcy"]])
        #expect(speakers(["He turned to her and said:", "“Good day.”"]) == [[], ["dialogue"]])
        #expect(speakers(["Darcy looked at Elizabeth, who said:", "“Good day.”"]) == [[], ["dialogue"]])  // who? not certain
        #expect(speakers(["Darcy replied at once.", "“Good day.”"]) == [[], ["dialogue"]])  // not introducing speech
    }

    @Test func aTwoPersonExchangeFollowsTheTurns() {
        let exchange = ["“Well?” said Darcy.", "“No,” said Elizabeth.", "“Why not?”", "“Because.”", "He left.", "“Come back!”"]
        #expect(speakers(exchange) == [["darcy"], ["lizzy"], ["darcy"], ["lizzy"], [], ["dialogue"]])
        // Bracketed by both speakers: the lines between alternate, if their count fits.
        #expect(speakers(["“A,” said Darcy.", "“B.”", "“C.”", "“D,” said Elizabeth."]) == [["darcy"], ["lizzy"], ["darcy"], ["lizzy"]])
        #expect(speakers(["“A,” said Darcy.", "“B.”", "“C,” said Elizabeth."]) == [["darcy"], ["dialogue"], ["lizzy"]])
        // A line with narration in it is not pure speech: not guessed.
        #expect(speakers(["“A,” said Darcy.", "“B,” said Elizabeth.", "“C,” she said, “D.”"]) == [["darcy"], ["lizzy"], ["dialogue", "dialogue"]])
    }
}

@Suite(.tags(.small)) struct SpeakerMarkupTests {
    let markup = SpeakerMarkup(cast: Cast(characters: [CastCharacter(key: "darcy", names: ["Darcy"], voice: VoiceSpec())]))

    @Test func paragraphSpeakerSpansAndPauses() {
        let paragraph = markup.parse("{darcy} I write to you.")
        #expect(String(paragraph.text) == "I write to you." && paragraph.paragraphSpeaker == .character("darcy"))

        let span = markup.parse("She read {darcy: “I am sorry.”} and wept.")
        #expect(String(span.text) == "She read “I am sorry.” and wept.")
        #expect(span.spans == [SpeechPiece(range: 9..<22, speaker: .character("darcy"))])

        let pause = markup.parse("Wait. {pause 1.5s} Now. {pause 250ms}")
        #expect(pause.pauses.map(\.milliseconds) == [1500, 250])
        #expect(pause.pauses.map(\.offset) == [6, 12])
    }

    @Test func unknownNamesStayTextAndAreReported() {
        let parsed = markup.parse("{darsy: Hello} and {a footnote, with spaces}.")
        #expect(String(parsed.text) == "{darsy: Hello} and {a footnote, with spaces}.")
        #expect(parsed.unknownNames == ["darsy: Hello"])
        #expect(markup.parse("{pause forever}").unknownNames == ["pause forever"])
    }
}

/// The rules of issue #18 on small made-up passages: the open verb model (English, French,
/// German), lead-ins, scenes, pronouns, vocatives, descriptions and first-person narrators.
@Suite(.tags(.small)) struct SceneAttributionTests: FamilyScenes {

    @Test func anyVerbOfSpeechNextToANameCredits() {
        #expect(speakers(["“Stuff,” grumbled Ned."]) == [["ned"]])
        #expect(speakers(["“La, la,” sang Ruth."]) == [["ruth"]])
        #expect(speakers(["“Wait,” advised Ned, “and see.”"]) == [["ned", "ned"]])
        #expect(speakers(["“So it is,” added little Ruth."]) == [["ruth"]])
        #expect(speakers(["“Indeed,” cried Kate, with dignity."]) == [["kate"]])
        #expect(speakers(["“Indeed,” Kate meekly replied."]) == [["kate"]])
        #expect(speakers(["“Come,” said her mother."]) == [["hale"]])  // a description
        #expect(speakers(["“Come,” said a cheery voice at the door."]) == [["hale"]])
        // Not speech, not a name next to the verb, or someone else's.
        #expect(speakers(["“Yes.” Ned shook his head."]) == [["dialogue"]])
        #expect(speakers(["“Yes,” said Ned’s friend."]) == [["dialogue"]])
        #expect(speakers(["“Yes,” said the vicar to Ned."]) == [["dialogue"]])
    }

    @Test func narrationLeadingIntoAQuoteCreditsItsSubject() {
        #expect(speakers(["And then Kate said in an altered tone, “It is late.”"]) == [["kate"]])
        #expect(speakers(["Mrs. Hale said, with a happy face, “Come in.”"]) == [["hale"]])
        #expect(speakers(["Then Kate announced, as if nothing had happened, “Dinner.”"]) == [["kate"]])
        #expect(speakers(["Ned tossed up his napkin, crying, “Hurrah!”"]) == [["ned"]])
        #expect(speakers(["Kate looked at Ruth, who said, “No.”"]) == [["dialogue"]])  // who? not certain
        #expect(speakers(["Kate and Ruth cried together, “No!”"]) == [["dialogue"]])  // two at once
    }

    @Test func frenchAndGermanSpeechTags() {
        let cast = Cast(characters: [
            CastCharacter(key: "denise", names: ["Denise"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "aurelie", names: ["Mme Aurélie"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "mouret", names: ["Mouret"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "gregor", names: ["Gregor"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "mutter", names: ["Mutter"], gender: .female, voice: VoiceSpec()),
        ])
        #expect(speakers(["« Oui », répondit Denise."], cast: cast) == [["denise"]])
        #expect(speakers(["« Entrez », murmura Mme Aurélie."], cast: cast) == [["aurelie"]])
        #expect(speakers(["« Non », balbutia Denise, très rouge."], cast: cast) == [["denise"]])  // not in any list
        #expect(speakers(["— Vous êtes en retard, dit Mouret. Asseyez-vous."], cast: cast) == [["mouret"]])
        #expect(speakers(["— Oui, monsieur, s’écria Denise."], cast: cast) == [["denise"]])
        #expect(speakers(["»Gregor«, rief die Mutter, »was ist?«"], cast: cast) == [["mutter", "mutter"]])
        #expect(speakers(["»Ja«, flüsterte Gregor."], cast: cast) == [["gregor"]])
        #expect(speakers(["„Nein“, stammelte Gregor."], cast: cast) == [["gregor"]])  // not in any list
        #expect(speakers(["— Non, à Denise."], cast: cast) == [["dialogue"]])
    }

    /// Conventions of French and German prose that English does not have.
    @Test func frenchAndGermanConventions() {
        let cast = Cast(characters: [
            CastCharacter(key: "konsul", names: ["Konsul"], descriptions: ["ihr Vater"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "tony", names: ["Tony"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "albert", names: ["Albert", "Morcerf"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "beauchamp", names: ["Beauchamp"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "mercedes", names: ["Mercédès"], descriptions: ["sa mère"], gender: .female, voice: VoiceSpec()),
        ])
        // The incise inside guillemets, and the one spoken to before the verb.
        #expect(speakers(["«Ma foi! mon cher ami, dit Beauchamp le premier, permettez-moi.»"], cast: cast) == [["beauchamp"]])
        #expect(speakers(["«Que voulez-vous? lui demanda Morcerf d'un accent triste.»"], cast: cast) == [["albert"]])
        // Not the subject-first form there: that is speech about Beauchamp.
        #expect(speakers(["«Hier, Beauchamp parla de vous.»"], cast: cast) == [["dialogue"]])
        // «…» kept open over an exchange: a dialogue dash is a new turn (Albert's, by turns), not Mercédès going on.
        #expect(speakers(["«Vous voyez bien, Albert, s'écria Mercédès, je le savais!", "—Et qui vous l'a dit, madame?"], cast: cast)
            == [["mercedes"], ["albert"]])
        // German "sie" is "she" after a verb in the singular; the only woman present is Tony.
        #expect(speakers(["Tony saß beim Konsul.", "»Gewiß«, sagte sie leise."], cast: cast) == [[], ["tony"]])
        #expect(speakers(["Tony saß beim Konsul.", "Hierauf fragte sie in entschiedenem Tone: »Ist er schuldig?«"], cast: cast) == [[], ["tony"]])
        // After a named subject "sie" is the object; a noun after an article is a thing, not a speaker.
        #expect(speakers(["Tony saß beim Konsul.", "Der Konsul betrachtete sie und sagte: »Nun?«"], cast: cast) == [[], ["konsul"]])
        #expect(speakers(["Tony saß beim Konsul.", "Das Tuch in der Hand, richtete sie sich auf und sagte zornig: »Nie!«"], cast: cast)
            == [[], ["tony"]])
        // A word in quotation marks after an article is named, not spoken: the narrator reads it.
        #expect(speakers(["Tony saß beim Konsul.", "Sie hatte den »Bankerott« vergessen."], cast: cast) == [[], ["narrator"]])
        // "Papa" addresses the one described as her father ("ihr Vater"): the line it answers is his.
        #expect(speakers(["Tony und Albert saßen beim Konsul.", "»Ich bin müde.«", "»Dann geh schlafen, Papa«, sagte Tony."], cast: cast)
            == [[], ["konsul"], ["tony"]])
        #expect(speakers(["Tony et Albert chez Mercédès.", "«Je suis là.»", "«Ma mère, vous voilà!» dit Albert."], cast: cast)
            == [[], ["mercedes"], ["albert"]])
    }

    @Test func aPronounGoesToTheOneCastMemberOfItsGenderPresent() {
        #expect(speakers(["Ned came in with Kate.", "“Late again,” he said."]) == [[], ["ned"]])
        #expect(speakers(["Kate came in with Ruth.", "“Late again,” she said."]) == [[], ["dialogue"]])  // two women
        // The paragraph's subject, when nobody else of that gender is named before the quote.
        #expect(speakers(["Kate shook her head. “Never,” she said."]) == [["kate"]])
        #expect(speakers(["Kate looked at Ruth. “Never,” she said."]) == [["dialogue"]])
        // Never someone absent: nobody of that gender is in the scene.
        #expect(speakers(["Ned waited.", "“Well,” she said."]) == [[], ["dialogue"]])
    }

    @Test func turnsAreTakenOnlyWhereExactlyTwoArePresent() {
        let two = ["Kate and Ned sat by the fire.", "“Cold,” said Kate.", "“Very.”", "“Wood?”", "“None.”"]
        #expect(speakers(two) == [[], ["kate"], ["ned"], ["kate"], ["ned"]])
        let three = ["Kate, Ruth and Ned sat by the fire.", "“Cold,” said Kate.", "“Very.”", "“Wood?”"]
        #expect(speakers(three) == [[], ["kate"], ["dialogue"], ["dialogue"]])
        // Somebody addressed is in the scene: three present, no turns.
        #expect(speakers(["Kate sat with Ned.", "“Cold,” said Kate.", "“Is it, Ruth?”"]) == [[], ["kate"], ["dialogue"]])
        // So is a speaker outside the cast.
        #expect(speakers(["Kate sat with Ned.", "“Snow,” said the vicar.", "“Cold,” said Kate.", "“Very.”"]) == [[], ["dialogue"], ["kate"], ["dialogue"]])
    }

    @Test func anExchangeBetweenTwoTakesTurnsThoughAThirdIsPresent() {
        // Ruth is named, but only Kate and Ned speak or are spoken to: she is present and silent.
        let two = ["Kate, Ruth and Ned sat by the fire.", "“Cold,” said Kate.", "“Very,” said Ned.", "“Wood?”", "“None.”"]
        #expect(speakers(two) == [[], ["kate"], ["ned"], ["kate"], ["ned"]])
        // Addressed, Ruth takes part: three, no turns.
        let three = ["Kate, Ruth and Ned sat by the fire.", "“Cold,” said Kate.", "“Very,” said Ned.", "“Is it, Ruth?”", "“No.”"]
        #expect(speakers(three) == [[], ["kate"], ["ned"], ["dialogue"], ["dialogue"]])
        // Narration that hands over only to a new speaker starts a new exchange; Kate alone is no pair.
        let handed = ["Kate, Ruth and Ned sat by the fire.", "“Cold,” said Ruth.", "“Very,” said Ned.", "Then Kate said,—", "“Wood?”", "“None.”"]
        #expect(speakers(handed) == [[], ["ruth"], ["ned"], [], ["kate"], ["dialogue"]])
        // The credited lines must alternate: Kate twice in a row means another voice between.
        let broken = ["Kate, Ruth and Ned sat by the fire.", "“Cold,” said Kate.", "“Very,” said Ned.", "“Wood?”", "“None,” said Kate."]
        #expect(speakers(broken) == [[], ["kate"], ["ned"], ["dialogue"], ["kate"]])
        // A line in Kate's place that speaks of Kate is somebody else's.
        let named = ["Kate, Ruth and Ned sat by the fire.", "“Cold,” said Kate.", "“Very,” said Ned.", "“Kate never feels the cold.”"]
        #expect(speakers(named) == [[], ["kate"], ["ned"], ["dialogue"]])
    }

    @Test func speechThatGoesOnIsNotANewTurn() {
        // The unclosed quote goes on in the next paragraph: Ned's, not Kate's turn.
        #expect(speakers(["Kate sat with Ned.", "“Cold,” said Kate.", "“Very,” said Ned. “So cold that", "“the pond froze.”"])
            == [[], ["kate"], ["ned", "ned"], ["ned"]])
        // A letter read out, paragraph after paragraph, addressing Ned: nobody answers him.
        #expect(speakers(["Kate sat with Ned.", "“Cold,” said Kate.", "“Dear Ned,", "“Come home.", "“Come home, Ned."])
            == [[], ["kate"], ["dialogue"], ["dialogue"], ["dialogue"]])
    }

    @Test func aTitledNameOutsideTheCastKeepsItsPronoun() {
        // "he" is Sir William's, who opens the paragraph, not the one man of the cast present.
        #expect(speakers(["Kate sat with Ned.", "Sir William smiled. “Fine weather,” he said."]) == [[], ["dialogue"]])
        #expect(speakers(["Kate sat with Ned.", "The rain stopped. “Fine weather,” he said."]) == [[], ["ned"]])
    }

    @Test func theOneAddressedAnswers() {
        let asked = ["Ruth, Kate and Ned were at dinner.", "“What say you, Ned?” said Kate.", "“Nothing.”", "“Eat, then,” said Ruth."]
        #expect(speakers(asked) == [[], ["kate"], ["ned"], ["ruth"]])
        // Not when the next line is his: the turns disagree.
        let again = ["Ruth, Kate and Ned were at dinner.", "“What say you, Ned?” said Kate.", "“Nothing.”", "“Eat,” said Ned."]
        #expect(speakers(again) == [[], ["kate"], ["dialogue"], ["ned"]])
    }

    @Test func aLineAddressingSomeoneIsNotTheirsAndAnswersTheirs() {
        let lines = ["Ruth, Kate and Ned were at dinner.", "“I said it first.”", "“So you did, Ruth,” said Ned."]
        #expect(speakers(lines) == [[], ["ruth"], ["ned"]])
        // Not when the turns disagree: the line before is already Ruth's.
        #expect(speakers(["Ruth, Kate and Ned were at dinner.", "“Pass the salt,” said Ruth.", "“Here.”", "“Thanks, Ruth.”"])
            == [[], ["ruth"], ["dialogue"], ["dialogue"]])
    }

    @Test func kinshipAddressesOnlyWhenSetOff() {
        // "her mother" describes Mrs. Hale: "Mother," addresses her, "my mother" speaks of her.
        let scene = "Ruth, Kate, Ned and Mrs. Hale were at dinner."
        #expect(speakers([scene, "“I am tired.”", "“Then rest, Mother,” said Kate."]) == [[], ["hale"], ["kate"]])
        #expect(speakers([scene, "“I am tired.”", "“Is my mother in town?” said Kate."]) == [[], ["dialogue"], ["kate"]])
        // Nor does a name closing a sentence after "my dear" inside a phrase: "thinking of my dear Ned."
        #expect(speakers([scene, "“I am tired.”", "“I sat by the window all the long afternoon, thinking of my dear Ned. Sit down and rest a while,” said Kate."]) == [[], ["dialogue"], ["kate"]])
    }

    @Test func frenchTypographyKinAndInversion() {
        let cast = Cast(characters: [
            CastCharacter(key: "baudu", names: ["Baudu"], descriptions: ["son oncle"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "denise", names: ["Denise"], descriptions: ["sa nièce"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "genevieve", names: ["Geneviève"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "jean", names: ["Jean"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "tony", names: ["Frau Permaneder", "Tony"], gender: .female, voice: VoiceSpec()),
        ])
        // French sets a space before "?": the name is still set off, so the line addresses Baudu.
        let names = CastNames(cast: cast)
        let line = Array("– Qu’y a-t-il pour votre service, Baudu ?")
        #expect(names.address(line, quote: 0..<line.count).keys == ["baudu"])
        // Of two women present, the one who says "mon oncle" is the one described as his niece.
        #expect(speakers(["Denise, Geneviève et Baudu dînaient.", "– C’est bien, mon oncle, finit-elle."], cast: cast) == [[], ["denise"]])
        // A French incise is inverted: "Jean entrera" inside the line is speech about Jean.
        #expect(speakers(["– Vous comprenez, mon oncle, Jean entrera demain."], cast: cast) == [["dialogue"]])
        // After a fronted clause German puts the verb first: the name after it is the subject.
        #expect(speakers(["Als der Senator dies sagte, legte Frau Permaneder ihre Hand auf seinen Arm und flüsterte: »Thomas!«"], cast: cast)
            == [["tony"]])
    }

    @Test func aFirstPersonNarratorIsNeverHe() {
        // "I" is Ned, the narrator: "he said" is somebody else, and nobody else of his gender is here.
        #expect(speakers(["I sat by the fire with Kate.", "“Late,” he said."], narrator: "ned") == [[], ["dialogue"]])
        #expect(speakers(["I sat by the fire with Kate.", "“Late,” she said."], narrator: "ned") == [[], ["kate"]])
        // "Je" at the start of a sentence puts the narrator in the scene too: the two take turns.
        #expect(speakers(["Je m’assis près de Kate.", "« Froid », dit Kate.", "« Très. »"], narrator: "ned") == [[], ["kate"], ["ned"]])
    }

    @Test func leadInsFindTheVerbsOwnSubject() {
        // The subject right before the verb is its own, even in a clause of "while".
        #expect(speakers(["Kate and Ned talked.", "“No!” said Kate.", "Ned listened while she added,—", "“I mean it.”"])
            == [[], ["kate"], [], ["kate"]])
        // Not across a semicolon to a clause that opens with somebody else.
        #expect(speakers(["Kate sat by the fire; and, as her friend insisted, saying:", "“Come.”"]) == [[], ["dialogue"]])
        // A quote inside a sentence with no mark before it is spoken only near a word of speech.
        #expect(speakers(["Ned read to Kate from Scott’s “Waverley” all evening."]) == [["narrator"]])
        #expect(speakers(["Kate was too tired to utter more than the occasional exclamation of “Lord, how tired I am!”"]) == [["kate"]])
        // German "die" is an article here, not "who": the subject is further back.
        let cast = Cast(characters: [CastCharacter(key: "tony", names: ["Tony"], gender: .female, voice: VoiceSpec())])
        #expect(speakers(["Tony zog die Brauen zusammen und antwortete: »Nein.«"], cast: cast) == [["tony"]])
    }

    @Test func aWordInQuotationMarksIsNamedNotSpoken() {
        // "the “Pickwick”" is named in the narration: nobody's line, though Kate speaks in the paragraph; the narrator reads it.
        #expect(speakers(["Ned talked of the “Pickwick” all evening. Then Kate said: “Enough.”"]) == [["narrator", "kate"]])
        // A German verb that is not speech, then an article and a name: the name is its object.
        let cast = Cast(characters: [CastCharacter(key: "konsulin", names: ["Konsulin"], gender: .female, voice: VoiceSpec())])
        #expect(speakers(["Der Herr blickte die Konsulin treuherzig an und sagte: »Guten Tag.«"], cast: cast) == [["dialogue"]])
    }

    @Test func theFirstPersonIsTheNarrator() {
        #expect(speakers(["“Come in,” I said."], narrator: "ned") == [["ned"]])
        #expect(speakers(["“Come in,” I said."]) == [["dialogue"]])
        var cast = family
        cast.narratorCharacter = "kate"
        #expect(speakers(["“No,” said I. “Never.”"], cast: cast) == [["kate", "kate"]])
    }

    @Test func everyCreditNamesItsRuleAndEveryMissItsReason() {
        let quotes = Attributor(cast: family).attributions(chapter: ["“Yes,” said Ned.", "“Who?” said the vicar.", "“Oh,” she said."].map(Array.init))
        #expect(quotes[0].map(\.rule) == [.verb])
        #expect(quotes[1].map(\.reason) == ["the vicar is not in the cast"])
        #expect(quotes[2][0].reason?.hasPrefix("“she” with 0 female cast members in the scene") == true)
    }
}
