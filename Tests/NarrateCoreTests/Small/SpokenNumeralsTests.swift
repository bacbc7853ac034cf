import Foundation
import Testing
@testable import NarrateCore

/// Roman numerals in what the engine reads: chapter numbers, rulers, and what stays a word.
@Suite(.tags(.small)) struct SpokenNumeralsTests {
    @Test(arguments: [
        ("Chapter XLII.", "en", "Chapter 42."),
        ("Chapter I.", "en", "Chapter 1."),
        ("Chapter V. Advice from a Caterpillar.", "en", "Chapter 5. Advice from a Caterpillar."),
        ("CHAPTER XXIV. The Hall", "en", "CHAPTER 24. The Hall"),
        ("I—DOWN THE RABBIT-HOLE.", "en", "1—DOWN THE RABBIT-HOLE."),
        ("II.", "en", "2."),
        ("I Remember", "en", "I Remember"),
        ("Chapitre II.", "fr", "Chapitre 2."),
        ("Kapitel XII", "de", "Kapitel 12"),
        ("Capítulo II. La familia", "es", "Capítulo segundo. La familia"),
        ("Capítulo XII", "es", "Capítulo 12"),
        ("Capítulo IV", "pt", "Capítulo quarto"),
        ("Hoofdstuk XII", "nl", "Hoofdstuk 12"),
        ("CAPITOLO XII.", "it", "CAPITOLO XII."),
        ("Erster Teil. Erstes Kapitel.", "de", "Erster Teil. Erstes Kapitel."),
        ("Tome IV. (1845-1846). LXXXV. Le voyage.", "fr", "Tome 4. (1845-1846). 85. Le voyage."),
    ] as [(String, String, String)])
    func headings(text: String, language: String, spoken: String) {
        #expect(SpokenNumerals.apply(text, heading: true, language: language) == spoken)
    }

    @Test(arguments: [
        ("Henry VIII was king.", "en", "Henry the 8th was king."),
        ("Pope Pius IX and George III met.", "en", "Pope Pius the 9th and George the 3rd met."),
        ("Louis XIV régnait.", "fr", "Louis 14 régnait."),
        ("Henri IV est mort.", "fr", "Henri 4 est mort."),
        ("Heinrich VIII war König.", "de", "Heinrich 8. war König."),
        ("Felipe II reinaba.", "es", "Felipe segundo reinaba."),
        ("Alfonso XIII reinaba.", "es", "Alfonso 13 reinaba."),
        ("Willem III was koning.", "nl", "Willem de derde was koning."),
        ("as we read in Chapter XII of the book", "en", "as we read in Chapter 12 of the book"),
        ("After World War II and Vatican II, nothing changed.", "en", "After World War 2 and Vatican 2, nothing changed."),
        // What is not a numeral: the pronoun, initials, capitals that spell one, a letter.
        ("I said I would. C. S. Lewis agreed.", "en", "I said I would. C. S. Lewis agreed."),
        ("THEY MIX DRINKS IN THE CIVIL HALL.", "en", "THEY MIX DRINKS IN THE CIVIL HALL."),
        ("Type V was late, and so was Mr. X.", "en", "Type V was late, and so was Mr. X."),
        ("It was [[h'Enri]] VIII.", "en", "It was [[h'Enri]] VIII."),
    ] as [(String, String, String)])
    func sentences(text: String, language: String, spoken: String) {
        #expect(SpokenNumerals.apply(text, heading: false, language: language) == spoken)
    }

    @Test func planCarriesTheReadingAndKeysFollowIt() {
        let book = TestSupport.book("Chapter XLII\n\nHenry VIII was king, and nobody in the village could say why the bells rang all day.\n")
        let plan = Planner(voice: VoiceSettings(name: "en-us"), pauses: Pauses(), engine: EngineIdentity(name: "e", version: "1", dataVersion: "d", sampleRate: 22050))
            .plan(book)
        let heading = plan.chapters[0].segments[0]
        #expect(heading.text == "Chapter XLII.")
        #expect(heading.spoken == "Chapter 42.")
        #expect(heading.key == SegmentKey.make(text: "Chapter 42.", voice: heading.voice, engine: plan.engine))
        #expect(plan.chapters[0].segments[1].spoken.hasPrefix("Henry the 8th was king"))
    }
}

/// Headings set in capitals are given to the engine as words, not letters to spell.
@Suite(.tags(.small)) struct SpokenFormTests {
    @Test(arguments: [
        ("THE END OF IT.", "The End Of It."),
        ("STAVE ONE. MARLEY’S GHOST.", "Stave One. Marley’s Ghost."),
        ("Chapter 3: The FBI", "Chapter 3: The FBI"),
        ("I—DOWN THE RABBIT-HOLE.", "1—Down The Rabbit-Hole."),
    ] as [(String, String)])
    func capitalsBecomeWords(heading: String, spoken: String) {
        #expect(SpokenForm.apply(heading, heading: true, language: "en") == spoken)
    }

    @Test func sentencesKeepTheirCapitals() {
        #expect(SpokenForm.apply("THE END OF IT.", heading: false, language: "en") == "THE END OF IT.")
    }
}
