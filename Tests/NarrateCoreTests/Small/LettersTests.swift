import Testing
@testable import NarrateCore

/// Letters set into the text as quoted paragraphs are read out, not said in turn.
@Suite(.tags(.small)) struct LettersTests: FamilyScenes {
    private func letters(_ paragraphs: [String]) -> [Bool] {
        let text = paragraphs.map(Array.init)
        let tags = Attributor(cast: family).tags
        return Letters.paragraphs(text, quotes: QuoteScanner.quotes(inChapter: text)) { tags.leadIn(text[$0], from: 0, to: text[$0].count) != nil }
    }

    private func signer(_ line: String, _ characters: [CastCharacter]) -> String? {
        Letters.signature(Letters.namesFromCapitals(Array(line)), names: Attributor(cast: Cast(characters: characters)).names)
    }

    private static func sisters(and others: [CastCharacter]) -> Cast {
        Cast(characters: [
            CastCharacter(key: "elizabeth", names: ["Elizabeth"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "jane", names: ["Jane"], gender: .female, voice: VoiceSpec()),
        ] + others)
    }

    /// *Pride and Prejudice*, chapter XLVII, shortened: Jane and Elizabeth, then Lydia's letter.
    private static let lydiasLetter = [
        "“But not before they went to Brighton?” asked Elizabeth.",
        "“No, I believe not,” said Jane.",
        "“Could Colonel Forster repeat the particulars of the note to his wife?”",
        "“He brought it with him for us to see.”",
        "Jane then took it from her pocket-book, and gave it to Elizabeth. These were the contents:—",
        "“My dear Harriet,",
        "“You will laugh when you know where I am gone, and I cannot help laughing myself at your surprise to-morrow morning, as soon as I am missed.",
        "“Your affectionate friend,",
        "“LYDIA BENNET.”",
    ]

    /// Mr. Collins's letter in *Pride and Prejudice*, chapter XIII, shortened: heading, salutation,
    /// body, signature; the lines around it are not the letter's.
    @Test func aLetterRunsFromItsHeadingToTheParagraphThatClosesIt() {
        #expect(letters([
            "“Why, indeed, he does seem to have had some filial scruples on that head, as you will hear.”",
            "“Hunsford, near Westerham, Kent, 15th October.",
            "“Dear Sir,",
            "“The disagreement subsisting between yourself and my late honoured father always gave me much uneasiness.",
            "“I remain, dear sir, with respectful compliments to your lady and daughters, your well-wisher and friend,",
            "“WILLIAM COLLINS.”",
            "“At four o’clock, therefore, we may expect this peace-making gentleman,” said Mr. Bennet, as he folded up the letter.",
        ]) == [false, true, true, true, true, true, false])
    }

    /// *Monte-Cristo*'s letter to Morrel, shortened: French keeps « open on each paragraph of it.
    @Test func aFrenchLetter() {
        #expect(letters([
            "—Oui, lisez.»",
            "«Mon cher Maximilien,",
            "«Il y a une felouque pour vous à l'ancre. Jacopo vous conduira à Livourne.",
            "«Votre ami.",
            "«EDMOND DANTES",
            "«Comte de MONTE-CRISTO.»",
            "Un cri de joie échappa aux deux jeunes gens.",
        ]) == [false, true, true, true, true, true, false])
    }

    /// Speech that goes on over paragraphs is no letter: it breaks after more than a few words, or
    /// the next paragraph does not open the quote again, or it opens with no greeting (a story, a
    /// speech to a room), or narration with a speech tag brings it in, or it ends in an exclamation
    /// or a long paragraph rather than a signature or a closing formula. (The hostile review of
    /// round ten found each of these read as a letter by its first version.)
    @Test(arguments: [
        ["“I will tell you how it was. We had gone down to the river, all of us,", "“and there we found him, asleep under the willows.”"],
        ["“Well,", "She did not finish, for the door opened."],
        ["“Kate, Ruth,” said Ned, “come here.”", "“What is it?”"],
        ["“Well, Ruth,", "“When you had gone, the doctor came and sat with us.", "“That is all, I assure you.”"],
        ["“Well, Ruth,", "“When you had gone, the doctor came and sat with us.", "“I shall say no more.”"],
        ["“Ladies and gentlemen,", "“I should be wanting in every proper feeling if I did not thank you.", "“Your health!”"],
        ["Ned then rose, and said:", "“My dear friends,", "“I have the honour to propose the health of our host.", "“I thank you.”"],
        ["«Mon cher Albert,", "«Je bois à ta santé, et à celle de ta mère, et à ce voyage que tu vas faire sans nous.", "«Vive Albert!»"],
        ["“Dear Ned,", "“Come home.", "“Come home, Ned."],
    ])
    func speechGoingOnIsNoLetter(paragraphs: [String]) {
        #expect(letters(paragraphs).allSatisfy { !$0 })
    }

    /// *Pride and Prejudice*, chapter XLVII, shortened. Lydia's letter is nobody's turn: counted
    /// as one, it goes to Elizabeth here, and in the whole chapter (once Project Gutenberg's layout
    /// mark no longer stands before the salutation) the count ran into the letter's body, whose
    /// speaker is unknown, and took back four lines before it. Elizabeth and Jane are still in the
    /// scene after it.
    @Test func aLetterIsNobodysTurnAndTheTurnsBeforeItStand() {
        let sisters = Self.sisters(and: [])
        let paragraphs = Self.lydiasLetter + [
            "“Oh, thoughtless, thoughtless Lydia!” cried Elizabeth when she had finished it.",
            "“I never saw anyone so shocked. He could not speak a word for full ten minutes.”",
        ]
        let result = speakers(paragraphs, cast: sisters)
        #expect(result[2] == ["elizabeth"])
        #expect(result[3] == ["jane"])
        #expect(result[5...8].allSatisfy { $0 == ["dialogue"] })
        #expect(result[10] == ["jane"])
        let salutation = Attributor(cast: sisters).attributions(chapter: paragraphs.map(Array.init), narrator: nil)[5]
        #expect(salutation.first?.reason == "a letter, read out: no turn of anyone's")
    }

    /// The same letter, with Lydia in the cast: it is hers, signed "LYDIA BENNET.", and she is not
    /// in the scene for it (the turns of the two sisters before it stand).
    @Test func aSignedLetterIsItsSignersWhoIsNotInTheScene() {
        let sisters = Self.sisters(and: [CastCharacter(key: "lydia", names: ["Lydia", "Lydia Bennet"], gender: .female, voice: VoiceSpec())])
        let paragraphs = Self.lydiasLetter
        let result = speakers(paragraphs, cast: sisters)
        #expect(result[2] == ["elizabeth"])
        #expect(result[3] == ["jane"])
        #expect(result[5...8].allSatisfy { $0 == ["lydia"] })
        let rules = Attributor(cast: sisters).attributions(chapter: paragraphs.map(Array.init), narrator: nil)[5...8].compactMap(\.first?.rule)
        #expect(rules == [.signature, .signature, .signature, .signature])
    }

    /// *Pride and Prejudice*, chapter XLIX, shortened: Jane breaks in, and "Elizabeth read on:"
    /// brings in the rest of her uncle's letter, to its signature: his words, not hers.
    @Test func whatAReaderReadsOutToTheSignatureIsTheLetters() {
        let uncle = Self.sisters(and: [CastCharacter(key: "gardiner", names: ["Mr. Gardiner", "Edw. Gardiner"], gender: .male, voice: VoiceSpec())])
        let passage = [
            "“Then it is as I always hoped,” cried Jane: “they are married!”",
            "Elizabeth read on: “I have seen them both. They are not married. I shall write again as soon as anything more is determined on. Yours, etc.",
            "“EDW. GARDINER.”",
            "“Is it possible?” cried Elizabeth, when she had finished.",
        ]
        #expect(speakers(passage, cast: uncle).map(\.first) == ["jane", "gardiner", "gardiner", "elizabeth"])
        #expect(speakers(passage, cast: Self.sisters(and: [])).map(\.first) == ["jane", "dialogue", "dialogue", "elizabeth"])
        // Read out, but no signature after it: the reader's words, as the tag says.
        let unsigned = [passage[1], "“Is it possible?” cried Jane."]
        #expect(speakers(unsigned, cast: uncle).map(\.first) == ["elizabeth", "jane"])
    }

    /// A name in a letter's last words is whom it speaks to, not its signer: after a greeting
    /// (`«Adieu, Albert.»`), or in a long paragraph (*Monte-Cristo*'s unsigned letter to Albert, which
    /// ends so and is therefore not read as a letter at all).
    @Test func aNameInALetterslastWordsSignsNothing() {
        let cast = Cast(characters: [CastCharacter(key: "albert", names: ["Albert"], gender: .male, voice: VoiceSpec())])
        let opening = [
            "«Albert,",
            "«En vous montrant que j'ai pénétré le projet auquel vous êtes sur le point de vous abandonner, je crois vous montrer aussi que je comprends la délicatesse.",
        ]
        #expect(speakers(opening + ["«Adieu, Albert.»"], cast: cast).allSatisfy { $0 == ["dialogue"] })
        #expect(letters(opening + ["«Adieu, Albert.»"]) == [true, true, true])
        let long = "«Vous êtes un homme généreux, Albert, mais peut-être êtes-vous néanmoins aveuglé par l'orgueil ou par le dépit.»"
        #expect(speakers(opening + [long], cast: cast).allSatisfy { $0 == ["dialogue"] })
        #expect(letters(opening + [long]) == [false, false, false])
    }

    /// Where the reader's own words run into the letter, unclosed, they are not its heading: a heading has a date.
    @Test func theReadersOwnWordsAreNoHeading() {
        #expect(letters([
            "“It is from Lydia, to Colonel Forster’s wife. Hear what she says.",
            "“My dear Harriet,",
            "“You will laugh when you know where I am gone.",
            "“LYDIA BENNET.”",
        ]) == [false, true, true, true])
    }

    /// A signature is a name alone, perhaps after a rank: not whom the letter speaks to, nor a name
    /// of which the cast knows only the surname. (Each was credited by round ten's first version.)
    @Test func aSignatureIsANameAloneOnItsLine() {
        let lydia = CastCharacter(key: "lydia", names: ["Lydia"], gender: .female, voice: VoiceSpec())
        let collins = CastCharacter(key: "collins", names: ["Mr. Collins", "Collins"], gender: .male, voice: VoiceSpec())
        let gardiner = CastCharacter(key: "gardiner", names: ["Mr. Gardiner", "Gardiner"], gender: .male, voice: VoiceSpec())
        let count = CastCharacter(key: "monte_cristo", names: ["Monte-Cristo"], gender: .male, voice: VoiceSpec())
        #expect(signer("“LYDIA BENNET.”", [lydia]) == "lydia")
        #expect(signer("«Comte de MONTE-CRISTO.»", [count]) == "monte_cristo")
        #expect(signer("“Poor Lydia!”", [lydia]) == nil)
        #expect(signer("“Adieu, Lydia.”", [lydia]) == nil)
        #expect(signer("“To Miss Lydia Bennet.”", [lydia]) == nil)
        #expect(signer("“CHARLOTTE COLLINS.”", [collins]) == nil)
        #expect(signer("“M. GARDINER.”", [gardiner]) == nil)
    }

    @Test(arguments: [("“LYDIA BENNET.”", true), ("«Comte de MONTE-CRISTO.»", true), ("“M. GARDINER.”", true), ("“Come home, Ned.", false), ("“Yours, etc.”", false)])
    func aSignatureIsNameShaped(text: String, shaped: Bool) {
        #expect(Letters.isNameShaped(Array(text)) == shaped)
    }

    @Test(arguments: [("“LYDIA BENNET.”", "“Lydia Bennet.”"), ("«Comte de MONTE-CRISTO.»", "«Comte de Monte-Cristo.»"), ("I, A. B.", "I, A. B.")])
    func capitalsAreSetAsNames(text: String, read: String) {
        #expect(String(Letters.namesFromCapitals(Array(text))) == read)
    }

    /// A line right after a letter is not counted from the letter, which is nobody's: from the line after it.
    @Test func theLineAfterALetterCountsFromTheLineAfterIt() {
        let result = speakers([
            "“Read it aloud, Kate,” said Ned.",
            "“Dear Ned,",
            "“I shall be home on Tuesday by the late train.",
            "“Your loving mother.”",
            "“Tuesday! That is tomorrow.”",
            "“So it is,” said Kate.",
        ])
        #expect(result[1...3].allSatisfy { $0 == ["dialogue"] })
        #expect(result[4] == ["ned"])
    }
}
