/// The attribution of one chapter as it is worked out: local evidence first (tags, lead-ins,
/// the paragraph's other quotes, introductions), then the scene (`Scenes.swift`).
struct ChapterAttribution {
    let paragraphs: [[Character]]
    let attributor: Attributor
    let narrator: String?
    let quotes: [[Range<Int>]]
    /// Whether each quote is a word the narration names (`isNamed`), worked out once.
    let namedWords: [[Bool]]
    /// Paragraphs whose quotes are only sounds (`Sounds`): no turn of anyone's.
    let sounds: [Bool]
    /// Paragraphs of a letter set into the text (`Letters`): read out, no turn of anyone's.
    let letters: [Bool]
    /// The cast members each paragraph's quotes name (`spoken`), worked out once.
    let spokenNames: [Set<String>]
    /// The tag of each quote, if any.
    var tags: [[Tag?]]
    /// Each quote's speaker (a cast key) and the rule that credited it.
    var credited: [[(key: String, rule: AttributionRule)?]]
    /// The paragraph's one speaker, once known, and the rule.
    var speaker: [(key: String, rule: AttributionRule)?]
    /// A pronoun left to resolve for the paragraph (from its tags or its introduction).
    var pronoun: [Pronouns.Kind?]
    /// Characters each paragraph's quotes address by name, and turn to ("said to Alice").
    var addressed: [Set<String>]
    /// Those addressed where no apposition can be meant ("Ja, Tom", "liebe Tony", "»Ida?«").
    var surelyAddressed: [Set<String>]
    /// Those named after a phrase that may say who they are ("your partner, Jacob Marley", "I, Tom
    /// Tulliver"): perhaps not addressed.
    var explained: [Set<String>]
    /// Paragraphs whose quotes cry one name twice ("Monsieur Mouret ! monsieur Mouret !").
    var summons: [Bool]
    /// Those whose name a line cries after the line before spoke of them: never its speaker
    /// (`maySpeak`), but, not being spoken to, nobody's answer is theirs for it.
    var echoed: [Set<String>]
    /// Those each quote addresses by name.
    var quoteAddressed: [[Set<String>]]
    /// Who may be speaking, by the kinship words the paragraph's quotes address with ("mon oncle": his niece).
    var kinSpeakers: [Set<String>]
    /// Paragraphs whose speech is somebody's outside the cast: introduced by them ("till Sir
    /// William thus began:—"), or opening with them as the subject ("Sir William only smiled. “…” he continued").
    var outsider: [Bool]
    /// Lines that the narration after a line hands over to without saying whom ("… and giving it
    /// a violent shake at the end of every line:" before the Duchess's lullaby): no count of turns credits them.
    var handedOverUnsaid: [Bool]
    /// Lines whose honorific ("sir", "madame") told whose question they answer (`answerHonorifics`):
    /// often a servant's or a stranger's, so no count of turns credits them.
    var answersWithHonorific: [Bool]
    /// Paragraphs that narration hands to a cast member with a verb that does not answer
    /// ("accosted by Miss Bingley,—"): a new exchange starts there.
    var opensExchange: [Bool]
    /// Who is in the scene at each paragraph: named, speaking or addressed (`present`), or
    /// named or speaking (`seen`).
    var present: [Set<String>] = []
    /// The cast members each paragraph's narration names (a first-person narrator by "I" and "me").
    var narrationNames: [Set<String>] = []
    var seen: [Set<String>] = []

    var rules: Set<AttributionRule> { attributor.rules }
    var names: CastNames { attributor.names }

    init(paragraphs: [[Character]], attributor: Attributor, narrator: String?) {
        self.paragraphs = paragraphs
        self.attributor = attributor
        self.narrator = narrator
        quotes = QuoteScanner.quotes(inChapter: paragraphs)
        namedWords = zip(paragraphs, quotes).map { text, quotes in quotes.map { Self.isNamed($0, in: text) } }
        sounds = zip(paragraphs, quotes).map { text, quotes in !quotes.isEmpty && quotes.allSatisfy { Sounds.isSound(text[$0]) } }
        // "Mr. Collins then rose, and said:" brings in a speech, not a letter.
        letters = Letters.paragraphs(paragraphs, quotes: quotes) { attributor.tags.leadIn(paragraphs[$0], from: 0, to: paragraphs[$0].count) != nil }
            readsOut: { [quotes] p in
                guard let first = quotes[p].first, first.lowerBound > 0,
                      let tag = attributor.tags.leadIn(paragraphs[p], from: 0, to: first.lowerBound) else { return false }
                return SpeechVerbs.reading.contains(String(tag.verb.split(separator: " ").first ?? ""))
            }
        let names = attributor.names
        spokenNames = zip(paragraphs, quotes).map { text, quotes in quotes.reduce(into: Set<String>()) { $0.formUnion(names.mentions(text, in: $1)) } }
        tags = quotes.map { $0.map { _ in nil } }
        credited = quotes.map { $0.map { _ in nil } }
        speaker = paragraphs.map { _ in nil }
        pronoun = paragraphs.map { _ in nil }
        addressed = paragraphs.map { _ in [] }
        quoteAddressed = quotes.map { $0.map { _ in [] } }
        surelyAddressed = paragraphs.map { _ in [] }
        explained = paragraphs.map { _ in [] }
        summons = paragraphs.map { _ in false }
        echoed = paragraphs.map { _ in [] }
        kinSpeakers = paragraphs.map { _ in [] }
        outsider = paragraphs.map { _ in false }
        opensExchange = paragraphs.map { _ in false }
        handedOverUnsaid = paragraphs.map { _ in false }
        answersWithHonorific = paragraphs.map { _ in false }
    }

    mutating func resolve() {
        for p in paragraphs.indices where !quotes[p].isEmpty { readTags(p) }
        for p in paragraphs.indices where !quotes[p].isEmpty { settleParagraph(p) }
        if rules.contains(.beat) { for p in paragraphs.indices where quotes[p].count > 1 && speaker[p] == nil { readBeat(p) } }
        if rules.contains(.beat) { for p in paragraphs.indices where !quotes[p].isEmpty && speaker[p] == nil { readOpeningBeat(p) } }
        for p in paragraphs.indices where !quotes[p].isEmpty && opensWithOutsider(p) { outsider[p] = true }
        if rules.contains(.signature) { signLetters() }
        markStrangers()
        if rules.contains(.introduction) {
            for p in paragraphs.indices.dropLast() where !speaks(p) && isOpen(p + 1) { introduce(p + 1, from: p) }
            for p in paragraphs.indices.dropLast() where speaks(p) && isOpen(p + 1) { introduce(p + 1, afterLine: p) }
        }
        let named = named()
        narrationNames = named
        present = Scenes.presence(self, named: named, addressed: true)
        seen = Scenes.presence(self, named: named, addressed: false)
        resolveScene()
    }

    /// A letter signed with the name of one cast member, and credited to nobody yet, is theirs.
    private mutating func signLetters() {
        for span in Letters.spans(letters) where span.allSatisfy({ speaker[$0] == nil && credited[$0].allSatisfy { $0 == nil } }) {
            guard let key = Letters.signer(paragraphs, span, names: names) else { continue }
            for p in span { setSpeaker(p, key, .signature) }
        }
    }

    /// Each quote's tag: the narration after it, else the narration leading into it.
    private mutating func readTags(_ p: Int) {
        // A letter's lines have no tag of their own: "Elizabeth read on:" reads its words out.
        guard !letters[p] else { return }
        let text = paragraphs[p]
        let echoing = lineBefore(p).map(spoken) ?? []
        // A word in quotation marks inside the narration is named, not spoken: no tag is its.
        for (q, quote) in quotes[p].enumerated() where !isNamed(p, q) {
            let next = q + 1 < quotes[p].count ? quotes[p][q + 1].lowerBound : text.count
            let previous = q > 0 ? quotes[p][q - 1].upperBound : 0
            // A paragraph that goes on with the speech before may tell a story with dialogue in it
            // ("«—Oui, monsieur, répondit Morcerf: …" inside Beauchamp's account): its incises are not the speaker's.
            let incise = continues(p) && q == 0 && text[quote.lowerBound] == "«" ? nil : attributor.tags.incise(text, quote: quote)
            var tag = rules.contains(.verb) ? attributor.tags.after(text, from: quote.upperBound, to: next) ?? incise : nil
            if tag == nil, rules.contains(.leadIn) { tag = attributor.tags.leadIn(text, from: previous, to: quote.lowerBound) }
            tags[p][q] = tag
            let address = names.address(text, quote: quote, echoing: echoing)
            addressed[p].formUnion(address.keys)
            echoed[p].formUnion(address.echoed)
            surelyAddressed[p].formUnion(address.sure)
            explained[p].formUnion(address.explained)
            summons[p] = summons[p] || address.summons
            kinSpeakers[p].formUnion(address.kinSpeakers)
            // A call that opens a speech ("“Spirit!” said Scrooge, “remove me…”") turns to someone;
            // it does not answer their line, as a call that is the whole of it may ("»Christian!«").
            quoteAddressed[p][q] = q + 1 < quotes[p].count && address.isCall ? [] : address.keys
            if let tag { addressed[p].formUnion(tag.addressees) }
            switch tag?.credit {
            case let .character(key)?: credited[p][q] = (key, tag!.rule)
            case let .pronoun(.gendered(gender))? where rules.contains(.pronoun):
                if let key = paragraphSubject(p, gender: gender, before: quote.lowerBound) { credited[p][q] = (key, .pronoun) }
            case .pronoun(.firstPerson)? where narrator != nil && rules.contains(.firstPerson): credited[p][q] = (narrator!, .firstPerson)
            default: break
            }
        }
    }

    /// The paragraph with speech before `p`, across at most one paragraph of narration ("Mercédès se soulevant …:").
    func lineBefore(_ p: Int) -> Int? {
        [p - 1, p - 2].first { $0 >= 0 && speaks($0) && ($0 == p - 1 || !speaks(p - 1)) }
    }

    /// Whether paragraph `p`'s narration (before `end`) holds a word that may point back at somebody
    /// it names as an object: "the latter", "dieser", "celui-ci"; a person named by a noun ("At last
    /// the girl put down the work", "das junge Mädchen", "la jeune fille"); a relative clause after a
    /// comma ("Herrn Gosch, der eben … trat").
    func mayPointAtAnObject(_ p: Int, before end: Int? = nil) -> Bool {
        let text = paragraphs[p]
        let words = SpeechTags.words(text, from: 0, to: end ?? text.count)
        return words.enumerated().contains { w, word in
            let lower = String(text[word]).lowercased()
            if Self.pointingWords.contains(lower) { return true }
            return w > 0 && Self.relatives.contains(lower) && text[words[w - 1].upperBound..<word.lowerBound].contains(",")
        }
    }

    static let pointingWords: Set<String> = [
        "latter", "former", "lui", "celui", "celle", "dieser", "diese", "jener", "jene", "letzterer", "letztere",
        "girl", "lady", "woman", "child", "gentleman", "youth", "fille", "femme", "homme", "enfant", "demoiselle", "mädchen", "kind", "mann",
    ]

    static let relatives: Set<String> = ["der", "die", "welcher", "welche", "who", "qui"]

    /// "The Hatter shook his head mournfully. “Not I!” he replied.": a paragraph that opens with
    /// a cast member as its subject, naming nobody else of the pronoun's gender before the quote.
    private func paragraphSubject(_ p: Int, gender: Gender, before end: Int) -> String? {
        let text = paragraphs[p]
        guard let first = quotes[p].first, first.lowerBound > 0 else { return nil }
        var words = TextCursor(text, 0, first.lowerBound)
        words.skipSpaces()
        if let word = words.word(), ["The", "Poor", "Little", "Old"].contains(word) {
            words.advance(word)
            words.skipSpaces()
        }
        // German puts the verb second: "Hier blickte Herr Kesselmeyer sie an …".
        if let word = words.word(), SpeechVerbs.germanAdverbs.contains(word), let verb = words.word(after: word), verb.first?.isLowercase == true,
           !SpeechTags.germanArticles.contains(verb) {
            words.advance(word)
            words.skipSpaces()
            words.advance(verb)
            words.skipSpaces()
        }
        guard let hit = names.match(text, at: words.position), !hit.possessive, names.genders[hit.key] == gender else { return nil }
        // Somebody else named only as an object does not count: "… und dann blickte er Herrn Grünlich an".
        // Unless a word may point back at them: "reichte Thomas Herrn Grünlich die Hand, und dieser verbeugte sich".
        let skipping = mayPointAtAnObject(p, before: end) ? [] : CastNames.objectTitles
        return namedInNarration(p, before: end, skipping: skipping).filter({ names.genders[$0] == gender }) == [hit.key] ? hit.key : nil
    }

    /// The cast members paragraph `p`'s narration names before `end` (all of it when nil), not its
    /// quotes; without `possessives`, not those named as owners ("Miss Lucas’s persevering").
    func namedInNarration(_ p: Int, before end: Int? = nil, possessives: Bool = true, skipping: Set<String> = []) -> Set<String> {
        let text = paragraphs[p], end = end ?? text.count
        var found = Set<String>(), cursor = 0
        for quote in quotes[p] + [text.count..<text.count] where cursor < end {
            found.formUnion(names.mentions(text, in: cursor..<min(quote.lowerBound, end), possessives: possessives, skipping: skipping))
            cursor = quote.upperBound
        }
        return found
    }

    /// One speaker for the paragraph when its tags name exactly one character and nobody else.
    private mutating func settleParagraph(_ p: Int) {
        let keys = Set(credited[p].compactMap { $0?.key })
        let others = tags[p].contains { if case .other? = $0?.credit { return true } else { return false } }
        let pronouns = Set(tags[p].indices.compactMap { q -> Pronouns.Kind? in
            if case let .pronoun(kind)? = tags[p][q]?.credit, credited[p][q] == nil { return kind }
            return nil
        })
        if keys.count == 1, !others, let key = keys.first, let anchor = credited[p].firstIndex(where: { $0 != nil }) {
            speaker[p] = (key, credited[p][anchor]!.rule)
            guard rules.contains(.paragraph) else { return }
            for q in quotes[p].indices where credited[p][q] == nil && !isNamed(p, q) && inherits(p, q, from: anchor, key: key) { credited[p][q] = (key, .paragraph) }
        } else if keys.isEmpty, !others, pronouns.count == 1 {
            pronoun[p] = pronouns.first
        }
    }

    /// "»Ich begreife nicht, …!« Christian war so außerordentlich erregt, daß Gerda ihn … betrachtete.
    /// »Ich nenne ihn gerade, …«": with no tag, a sentence between the first two quotes that opens
    /// with a cast member, the only one the paragraph's narration names and one its quotes do not
    /// name ("“Is Ruth there?” Ruth looked up."), tells the speaker. Not a sentence after the last
    /// quote: that may be the listener's reaction ("“You are late.” Elizabeth blushed.").
    private mutating func readBeat(_ p: Int) {
        let text = paragraphs[p]
        guard tags[p].allSatisfy({ $0 == nil }) else { return }
        var start = quotes[p][0].upperBound
        while start < quotes[p][1].lowerBound, !text[start].isLetter { start += 1 }
        guard start < quotes[p][1].lowerBound, text[start].isUppercase, let key = beatSpeaker(p, at: start) else { return }
        setSpeaker(p, key, .beat)
    }

    /// The cast member a beat at `start` opens with, as its subject, if the paragraph may be theirs:
    /// the only one its narration names, one its quotes do not name ("“Is Ruth there?” Ruth looked up.").
    private func beatSpeaker(_ p: Int, at start: Int) -> String? {
        guard let hit = names.match(paragraphs[p], at: start), !hit.possessive, maySpeak(hit.key, p), !spoken(p).contains(hit.key),
              namedInNarration(p) == [hit.key] else { return nil }
        return hit.key
    }

    /// "Lady Catherine seemed resigned. “Mrs. Collins, you must send a servant …”": with no tag, a
    /// paragraph that opens with one sentence about a cast member, its subject, before its quotes
    /// (no narration after them), naming nobody else (nor do its quotes name them), is theirs:
    /// one speaker, one paragraph. Not a lead-in ("her companion added, “…"), nor a sentence that
    /// says they were silent or heard something ("Ned made no answer.", "Kate heard a voice.").
    private mutating func readOpeningBeat(_ p: Int) {
        let text = paragraphs[p], first = quotes[p][0]
        guard tags[p].allSatisfy({ $0 == nil }), let last = text[..<first.lowerBound].lastIndex(where: { !$0.isWhitespace }),
              ".!?".contains(text[last]), !text[..<last].contains(where: { ".!?;:".contains($0) }) else { return }
        var cursor = first.upperBound
        for quote in quotes[p].dropFirst() {
            guard !text[cursor..<quote.lowerBound].contains(where: \.isLetter) else { return }
            cursor = quote.upperBound
        }
        guard !text[cursor...].contains(where: \.isLetter), let start = text.firstIndex(where: { !$0.isWhitespace }),
              let key = beatSpeaker(p, at: start),
              !SpeechTags.words(text, from: 0, to: last).contains(where: { Self.silent.contains(String(text[$0]).lowercased()) })
        else { return }
        setSpeaker(p, key, .beat)
    }

    /// Words that make an opening sentence no beat of the speaker's: silence, hearing, being acted on.
    static let silent: Set<String> = SpeechVerbs.negations.union([
        "heard", "hears", "listened", "silent", "silence", "hörte", "schwieg", "horchte", "entendit", "écouta", "tut", "by", "von", "par",
    ])

    /// An uncredited quote takes the paragraph's speaker unless the narration between them
    /// names somebody else ("“…!” Alice was beginning, but the Hatter … and the Dormouse remarked, “…”").
    private func inherits(_ p: Int, _ q: Int, from other: Int, key: String) -> Bool {
        let between = q < other ? quotes[p][q].upperBound..<quotes[p][other].lowerBound : quotes[p][other].upperBound..<quotes[p][q].lowerBound
        // Far from the credited quote (or in a hostile paragraph of thousands), not guessed.
        guard between.count <= 2_000 else { return false }
        if names.mentions(paragraphs[p], in: between).contains(where: { $0 != key }) { return false }
        // "Alice could only hear whispers now and then; such as, “Sure, …” “Do as I tell you!” … “What a
        // number of cucumber-frames!” thought Alice": what the narration before has somebody hear is not theirs.
        if q < other, heardBefore(p, q) { return false }
        // "Aber Gretes Worte hatten die Mutter erst recht beunruhigt, sie trat zur Seite, … rief …: »Ach
        // Gott!« … »Du, Gregor!« rief die Schwester": a quote whose own lead-in names somebody else of the
        // speaker's gender may be theirs. Not one named after a preposition ("She thought of poor Mary, …").
        if q < other, let gender = names.genders[key] {
            let lead = (q > 0 ? quotes[p][q - 1].upperBound : 0)..<quotes[p][q].lowerBound
            let named = names.mentions(paragraphs[p], in: lead, possessives: false, skipping: Self.onlyMentioning)
            guard nobodyElse(of: gender, than: key, in: named) else { return false }
        }
        switch tags[p][q]?.credit {
        case nil: return true
        case let .pronoun(.gendered(gender))?: return names.genders[key].map { $0 == gender } ?? true
        default: return false
        }
    }

    /// Whether the sentence that leads into quote `q` of paragraph `p` has somebody hear voices
    /// ("could only hear whispers now and then; such as, “…”"), or `q` follows such a quote with no
    /// narration between. Not a sentence before it: "Ned heard the shot and leapt up. “What was that?”".
    private func heardBefore(_ p: Int, _ q: Int) -> Bool {
        let text = paragraphs[p]
        let start = q > 0 ? quotes[p][q - 1].upperBound : 0
        let narration = text[start..<quotes[p][q].lowerBound]
        if q > 0, !narration.contains(where: \.isLetter) { return heardBefore(p, q - 1) }
        let lead = narration.lastIndex(where: { ".!?".contains($0) }).map { $0 + 1 } ?? start
        return SpeechTags.words(text, from: lead, to: quotes[p][q].lowerBound).contains { Self.hearing.contains(String(text[$0]).lowercased()) }
    }

    /// Words after which a name is only mentioned, not the one who acts: `CastNames.prepositions` and
    /// "the hands of Mary", "la main de Mme de Villefort", "Sie dachte an die Mutter".
    static let onlyMentioning: Set<String> = CastNames.prepositions.union([
        "of", "de", "d", "des", "du", "von", "vom", "an", "zur", "zum", "mit", "with", "avec",
    ])

    /// Words of hearing voices: "hear whispers", "entendit des voix", "hörte Stimmen".
    static let hearing: Set<String> = [
        "hear", "heard", "hears", "hearing", "whispers", "voices", "entendit", "entendait", "entendre", "voix", "hörte", "hören", "stimmen",
    ]

    /// Narration ending in a colon or a dash hands over to its speaker: "Lady Catherine
    /// hesitated for a moment, and then replied,—".
    private mutating func introduce(_ p: Int, from narration: Int) {
        let text = paragraphs[narration]
        guard let last = text.lastIndex(where: { !$0.isWhitespace }) else { return }
        // "Villefort continua.": a sentence that ends on a verb of going on hands over as a colon does,
        // when the one going on spoke the last line before it ("Margaret went on." may be walking on),
        // and the line does not speak to them.
        if text[last] == ".", let tag = attributor.tags.leadIn(text, from: 0, to: last), case let .character(key) = tag.credit,
           SpeechVerbs.continuing.contains(tag.verb), SpeechTags.words(text, from: 0, to: last).last.map({ tag.verb.hasSuffix(String(text[$0]).lowercased()) }) == true,
           var line = (max(0, narration - 3)..<narration).last(where: speaks), maySpeak(key, p) {
            // Back over lines that go on with the one before ("«N'est-ce pas, mon père?»" after Villefort's).
            while line > 0, continues(line), speaks(line - 1), speaker[line] == nil { line -= 1 }
            guard speaker[line]?.key == key else { return }
            setSpeaker(p, key, .introduction)
            return
        }
        guard ":—–-,".contains(text[last]) else { return }
        guard let tag = attributor.tags.leadIn(text, from: 0, to: text.count) else {
            // "Et, revenant au milieu du magasin :" hands over to somebody it does not name: a new exchange may start.
            opensExchange[p] = ":—–".contains(text[last])
            return
        }
        addressed[p].formUnion(tag.addressees)
        switch tag.credit {
        case let .character(key):
            setSpeaker(p, key, .introduction)
            opensExchange[p] = !SpeechVerbs.replies.contains(tag.verb)
        case let .pronoun(kind): pronoun[p] = kind
        case .other: outsider[p] = true
        }
    }

    /// A line's paragraph whose narration ends in a sentence of its own that hands over with a
    /// colon (or a comma and a dash) hands over as narration does: "… In a few minutes, Mrs. Bennet
    /// half opened the door and called out,—" or "… Sofort aber … ließ er sich noch einmal nieder und
    /// sagte ängstlich beschwichtigend:". A name in that sentence is the next line's speaker; a
    /// pronoun is the line's own speaker's, when the sentence names nobody else of that gender and
    /// the line turned to nobody of it ("At last the Gryphon said to the Mock Turtle, “Drive on, old
    /// fellow!” and he went on in these words:"). A sentence that says nobody the tags can read
    /// leaves the next line to no count of turns: what it brings in is seldom an answer (the
    /// Duchess's "And with that she began nursing her child again, singing a sort of lullaby …:").
    /// Not the clause that goes on from the line's own tag ("… said Mr. Bennet; and the servant
    /// answered:", "… cried Jane, and she burst into tears—"): the parse would fall back on the tag.
    private mutating func introduce(_ p: Int, afterLine line: Int) {
        let text = paragraphs[line]
        guard let lastQuote = quotes[line].last, let last = text.lastIndex(where: { !$0.isWhitespace }), last > lastQuote.upperBound,
              text[last] == ":" || "—–".contains(text[last]) && ",:".contains(text[last - 1]),
              let start = handOverSentence(line, after: lastQuote) else { return }
        switch attributor.tags.leadIn(text, from: start, to: text.count)?.credit {
        case let .character(key)?:
            if maySpeak(key, p) { setSpeaker(p, key, .introduction) }
        case let .pronoun(.gendered(gender))?:
            guard let key = speaker[line]?.key, names.genders[key] == gender, maySpeak(key, p),
                  !addressed[line].contains(where: { names.genders[$0] == gender }),
                  nobodyElse(of: gender, than: key, in: names.mentions(text, in: start..<text.count)) else { return }
            setSpeaker(p, key, .introduction)
        case nil: handedOverUnsaid[p] = true
        default: break
        }
    }

    /// Where the last sentence of the narration after `quote` starts, if it is a sentence of its
    /// own: after a full stop in that narration, or right after a quote that ends its sentence
    /// ("“I never could abide figures!” And with that she began …"). Nil when it goes on from the tag.
    private func handOverSentence(_ p: Int, after quote: Range<Int>) -> Int? {
        let text = paragraphs[p]
        var start: Int?
        for i in quote.upperBound..<(text.count - 1) where ".!?".contains(text[i]) && text[i + 1] == " "
            && !(text[i] == "." && SpeechTags.isTitleDot(text, at: i, from: quote.upperBound)) {
            start = i + 1
        }
        if let start { return start }
        let closesSentence = quote.count > 2 && ".!?".contains(text[quote.upperBound - 2])
        let opening = text[quote.upperBound...].first { !$0.isWhitespace }
        return closesSentence && opening?.isUppercase == true ? quote.upperBound : nil
    }

    /// A paragraph opening with a titled name outside the cast ("Sir William only smiled.", "Mrs.
    /// Long said"): its "he said" is more likely theirs than a cast member's.
    private func opensWithOutsider(_ p: Int) -> Bool {
        guard let first = quotes[p].first, first.lowerBound > 0, speaker[p] == nil else { return false }
        var words = TextCursor(paragraphs[p], 0, first.lowerBound)
        words.skipSpaces()
        guard names.match(paragraphs[p], at: words.position) == nil, let title = words.word(), title.first?.isUppercase == true,
              SpeechTags.titles.contains(title.lowercased()) else { return false }
        words.advance(title)
        words.skip { $0 == "." || $0 == " " }
        return words.word()?.first?.isUppercase == true
    }

    /// A paragraph that goes on with the speech the paragraph before left open: not a new turn.
    /// A dialogue dash always starts one: French keeps «…» open over a whole exchange, "«Vous
    /// voyez bien, Edmond… s'écria Mercédès." then "—Et qui vous a dit, madame, …".
    func continues(_ p: Int) -> Bool { p > 0 && (runsOn(p - 1) && !opensWithDash(p) || goesOnInGuillemets(p)) }

    /// A paragraph that goes on with the speech before and opens with «: the French convention.
    func continuesInGuillemets(_ p: Int) -> Bool { opensWithGuillemet(p) && continues(p) }

    /// French opens each further paragraph of one speaker's speech with « again, inside the «…»
    /// that stays open over an exchange: "—Certainement, et vous le savez bien." then "«Mais
    /// qu'y a-t-il?" is the same speaker going on. Only while the last guillemet of the speech
    /// before, with no narration between, is an opening one.
    private func goesOnInGuillemets(_ p: Int) -> Bool {
        guard opensWithGuillemet(p), opensWithDash(p - 1), guillemetIsOpen(before: p) else { return false }
        // A tag that names somebody says who: "«Parti! s'écria Albert, qui entrait" (not "«—Ah! dit-il", a story's,
        // nor "«En deux jours, ajouta Danglars en souriant", going on with his own).
        let quote = quotes[p][0], text = paragraphs[p]
        let next = quotes[p].count > 1 ? quotes[p][1].lowerBound : text.count
        guard let tag = attributor.tags.incise(text, quote: quote) ?? attributor.tags.after(text, from: quote.upperBound, to: next) else { return true }
        if case .pronoun = tag.credit { return true }
        return SpeechVerbs.goingOn.contains(tag.verb)
    }

    /// Whether the last guillemet of the speech before `p`, with no narration between, opens one.
    private func guillemetIsOpen(before p: Int) -> Bool {
        for q in stride(from: p - 1, through: 0, by: -1) {
            guard speaks(q) else { return false }
            if let mark = paragraphs[q].last(where: { $0 == "«" || $0 == "»" }) { return mark == "«" }
        }
        return false
    }

    func opensWithGuillemet(_ p: Int) -> Bool { paragraphs[p].first(where: { !$0.isWhitespace }) == "«" }

    func opensWithDash(_ p: Int) -> Bool {
        paragraphs[p].first(where: { !$0.isWhitespace }).map { "—–―".contains($0) } ?? false
    }

    /// A paragraph whose speaker context may tell: pure speech, no tag, nobody credited yet.
    /// Not a sound ("“Ding, dong!”" between Scrooge's counts) nor a letter: nobody's turn.
    func isOpen(_ p: Int) -> Bool {
        guard p < paragraphs.count, speaker[p] == nil, tags[p].allSatisfy({ $0 == nil }), !sounds[p], !letters[p] else { return false }
        return QuoteScanner.isOnlyQuotes(paragraphs[p], quotes[p])
    }

    /// A paragraph whose only tags are one unresolved pronoun ("“Mercy!” he said."): turn-taking
    /// may credit it to a cast member of that gender.
    func pronounOpen(_ p: Int) -> Gender? {
        guard p < paragraphs.count, speaker[p] == nil, case let .gendered(gender)? = pronoun[p],
              credited[p].allSatisfy({ $0 == nil }) else { return nil }
        return gender
    }

    /// Whether `key` may be the speaker of paragraph `p`: not someone its lines address or cry out to.
    func maySpeak(_ key: String, _ p: Int) -> Bool { !addressed[p].contains(key) && !echoed[p].contains(key) }

    /// Credits the paragraph's uncredited quotes to `key`.
    mutating func setSpeaker(_ p: Int, _ key: String, _ rule: AttributionRule) {
        speaker[p] = (key, rule)
        for q in quotes[p].indices where credited[p][q] == nil && !isNamed(p, q) { credited[p][q] = (key, rule) }
    }

    /// A word or two in quotation marks inside the narration, named rather than spoken: "in der
    /// »Schiffergesellschaft« …", "the word “nuts”". Nobody's line, whoever speaks in the paragraph.
    func isNamed(_ p: Int, _ q: Int) -> Bool { namedWords[p][q] }

    /// Whether paragraph `p` holds speech: a quote that is not a word its narration names. One
    /// that names only ("Er hatte die »Berliner Börsenzeitung« vor sich") is narration to the
    /// scene rules: no link in an exchange, and the narration a line after it follows.
    func speaks(_ p: Int) -> Bool { quotes[p].indices.contains { !isNamed(p, $0) } }

    static func isNamed(_ quote: Range<Int>, in text: [Character]) -> Bool {
        guard quote.count > 2, quote.lowerBound > 0 else { return false }
        var inner = text[(quote.lowerBound + 1)..<(quote.upperBound - 1)]
        // The word right before the quote, in its sentence: not "an" ending "Tony sah ihn lange an. »Gut«, sagte sie."
        let before = SpeechTags.words(text, from: max(0, quote.lowerBound - 40), to: quote.lowerBound).last
            .flatMap { word in text[word.upperBound..<quote.lowerBound].allSatisfy({ $0 == " " }) ? String(text[word]).lowercased() : nil }
        // "a label with the words “DRINK ME,” but …": after "words", the comma the book sets inside the marks.
        if inner.last == ",", let before, ["word", "words", "mot", "mots", "wort", "worte"].contains(before) { inner = inner.dropLast() }
        guard !inner.contains(where: { ".,!?…;:—–".contains($0) }), SpeechTags.words(text, from: quote.lowerBound + 1, to: quote.upperBound - 1).count <= 3
        else { return false }
        // Or the sentence goes on in lower case, with neither a tag's pronoun nor its verb ("“Yes” she said").
        let next = SpeechTags.words(text, from: quote.upperBound, to: min(text.count, quote.upperBound + 40)).first.map { String(text[$0]) }
        let after = quote.upperBound < text.count - 1 && text[quote.upperBound] == " " && text[quote.upperBound + 1].isLowercase
            && next.map { Pronouns.gender(of: $0) == nil && !SpeechVerbs.isVerb($0) } == true
        let gap = text[(before == nil ? quote.lowerBound : quote.lowerBound - 1)..<quote.lowerBound]
        return gap.allSatisfy { $0 == " " } && (before.map { SpeechTags.namingWords.contains($0) } ?? false || after)
    }

    /// Whether the paragraph's last quote runs on into the next paragraph (no closing mark).
    func runsOn(_ p: Int) -> Bool { QuoteScanner.runsOn(paragraphs[p], quotes[p]) }

    static let named = "named in the narration, not spoken: the narrator reads it"

    func result() -> [[QuoteAttribution]] {
        paragraphs.indices.map { p in
            // What the reasons need, worked out once a paragraph (it may hold thousands of quotes).
            let context = credited[p].contains { $0 == nil } ? reasonContext(p) : nil
            return quotes[p].indices.map { q in
                if let credit = credited[p][q] {
                    return QuoteAttribution(range: quotes[p][q], speaker: .character(credit.key), rule: credit.rule, reason: nil)
                }
                // A word named in the narration is part of it: the narrator reads it.
                if isNamed(p, q) { return QuoteAttribution(range: quotes[p][q], speaker: .narrator, rule: nil, reason: Self.named) }
                return QuoteAttribution(range: quotes[p][q], speaker: .dialogue, rule: nil, reason: context.map { reason(p, q, $0) })
            }
        }
    }
}
