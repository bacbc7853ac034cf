import Testing
@testable import NarrateCore

/// A paragraph whose only quote is a word its narration names (a newspaper's title) is narration
/// to the scene rules: it neither links the exchange after it to what came before nor stands in
/// it as a line whose speaker is unknown, which stopped every turn counted from it.
@Suite(.tags(.small)) struct NarrationNamingAWordTests: FamilyScenes {
    /// The opening of *Buddenbrooks* part eight, chapter two, shortened: Tony is named only in the
    /// narration before the talk, and only by turns and addresses in it.
    @Test func aTitleInTheNarrationDoesNotStopTheTurns() {
        let siblings = Cast(characters: [
            CastCharacter(key: "thomas", names: ["Senator Buddenbrook", "Thomas", "Tom"], descriptions: ["der Senator"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "tony", names: ["Frau Permaneder", "Tony"], gender: .female, voice: VoiceSpec()),
        ])
        let result = speakers([
            "Es war im Frühling, als Frau Permaneder eines Abends sich in der ersten Etage einstellte. Senator Buddenbrook saß allein im Wohnzimmer und las die »Berliner Börsenzeitung«. Er hörte die Schritte seiner Schwester durch das Eßzimmer kommen.",
            "»Oh, du bist es. Guten Abend. Schon zurück von Pöppenrade? Wie geht es deinen Freunden?«",
            "»Guten Abend, Tom! Danke, Armgard ist wohlauf ... Du bist hier ganz einsam?«",
            "»Ja, du kommst mir sehr erwünscht. Ich habe heute abend so allein essen müssen, wie der Papst ...«",
            "»Dausend! um wie Mutter zu reden. — Ja, ich habe in letzter Zeit bemerkt, Tom, daß Gerda und Christian sich gut vertragen.«",
            "»Ich auch. Seit er dauernd hier ist, fängt sie an, Geschmack an ihm zu gewinnen. Neulich sagte sie zu mir: `Er ist kein Bürger, Thomas! Er ist noch weniger ein Bürger, als du!´ ...«",
            "»Bürger ... Bürger, Tom?! Ha, mir scheint, daß es auf Gottes weiter Welt keinen besseren Bürger als du ...«",
            "»Nun ja; nicht gerade so zu verstehen!... Leg' ein bißchen ab, mein Kind. Dein Aussehen ist süperb. Die Landluft hat dir gut getan?«",
            "»Vortrefflich!« sagte sie, indem sie ihre Mantille beiseitelegte. »Magen und Nachtruhe, alles hat sich gebessert in dieser kurzen Zeit.«",
            "»A propos, wie geht es dem Kinde?«",
            "»Danke, Tom, es macht sich; es ist gottlob recht gut bei Schick für seine vier Monate ...«",
            "»Und Weinschenk? Wie fühlt er sich als Vater? Ich sehe ihn ja eigentlich nur Donnerstags ...«",
            "»Oh, der ist unverändert! Siehst du: er ist ein so braver und fleißiger Mann.«",
            "»Dummkopf!« sagte der Senator.",
        ], cast: siblings)
        #expect(result[0] == ["narrator"])
        #expect(result[10...13].map { $0.first } == ["tony", "thomas", "tony", "thomas"])
    }

    @Test func inEnglishToo() {
        let siblings = Cast(characters: [
            CastCharacter(key: "ned", names: ["Ned"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "kate", names: ["Kate"], gender: .female, voice: VoiceSpec()),
        ])
        let result = speakers([
            "It was late when Kate came home. Ned sat alone in the parlour with the “Evening Standard” spread before him, and heard his sister's steps in the hall.",
            "“Oh, it is you. Good evening. Back from the country already?”",
            "“Good evening, Ned! Are you all alone here?”",
            "“Quite alone, and glad you came. I had to dine alone like a hermit.”",
            "“Goodness! And where is everybody?”",
            "“Father is at the club. Mother went up early.”",
            "“Then they are well, Ned?”",
            "“Very well. Take your things off. The country air has done you good?”",
            "“Wonderfully!” she said, and sat down by the fire. “I sleep like a child.”",
            "“By the way, how is the baby?”",
            "“Thank you, Ned, she grows; she is doing well for four months.”",
            "“And her father? How does he like it?”",
            "“Oh, he is the same as ever. He works all day.”",
            "“Poor fellow!” said Ned.",
        ], cast: siblings)
        #expect(result[1...13].map { $0.first } == ["ned", "kate", "ned", "kate", "ned", "kate", "ned", "kate", "ned", "kate", "ned", "kate", "ned"])
    }

    /// A hostile review's passages (92ad8db): each stays with the dialogue voice.
    @Test func aNamedWordStillGuardsWhatItGuarded() {
        let siblings = Cast(characters: [
            CastCharacter(key: "ned", names: ["Ned"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "kate", names: ["Kate"], gender: .female, voice: VoiceSpec()),
        ])
        let opening = ["Ned and Kate sat in the reading room of the club.", "“Shall we go home?” asked Kate.", "“Presently,” said Ned."]
        // Narration that quotes a word in passing may bring in somebody outside the cast: the line
        // that speaks to Ned is not Kate's for that.
        #expect(speakers(opening + ["A stout old gentleman across the room rattled his “Evening Standard” and cleared his throat.",
                                    "“Your father's bank has failed, Ned.”"], cast: siblings).last == ["dialogue"])
        // Nor does such narration hand over to the next line as a plain "… over her head—" would: the count stops there.
        #expect(speakers(opening + ["Just then the housemaid burst in, waving a copy of the “Evening Standard” over her head—",
                                    "“The bank has failed! The bank has failed!”"], cast: siblings).last == ["dialogue"])
    }

    /// A word before the quote names it only in the quote's own sentence: "an" ends the one before.
    @Test func aWordOfTheSentenceBeforeNamesNothing() {
        let text = Array("Tony sah ihn lange an. »Meinetwegen«")
        #expect(!ChapterAttribution.isNamed(text.firstIndex(of: "»")!..<text.count, in: text))
        let named = Array("Der Wirt sah ihn an »Herr Senator« und lachte.")
        #expect(ChapterAttribution.isNamed(named.firstIndex(of: "»")!..<(named.firstIndex(of: "«")! + 1), in: named))
    }

    /// Round twelve: after "word" or "words", the comma the book sets inside the marks does not make
    /// the word speech ("no label this time with the words “DRINK ME,” but nevertheless she uncorked
    /// it"); a comma after any other word still ends a spoken line ("“Come,” and she took his hand").
    @Test func theCommaInsideTheMarksAfterWordsStillNames() {
        func named(_ string: String) -> Bool {
            let text = Array(string)
            let open = text.firstIndex(of: "“")!, close = text.firstIndex(of: "”")!
            return ChapterAttribution.isNamed(open..<(close + 1), in: text)
        }
        #expect(named("There was no label this time with the words “DRINK ME,” but nevertheless she uncorked it."))
        #expect(named("At the ominous word “liberality,” Scrooge frowned."))
        #expect(!named("She turned at the door. “Come,” and she took his hand."))
        #expect(!named("He looked at the words. “Come,” she said."))
    }
}
