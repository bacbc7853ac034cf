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
