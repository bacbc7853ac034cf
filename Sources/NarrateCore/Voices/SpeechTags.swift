/// Who a speech tag names.
enum Credit: Hashable {
    case character(String)
    /// Somebody not in the cast ("said Mr. Collins", "said his lady"): the dialogue voice.
    case other(String)
    /// "said he", "I said": resolved later by gender, the scene or the first-person narrator.
    case pronoun(Pronouns.Kind)
}

/// A speech tag found next to a quote: who it names, and whom the speaker turns to ("said to Alice").
struct Tag: Equatable {
    var credit: Credit
    var rule: AttributionRule
    var addressees: Set<String> = []
    /// The tag's verb ("replied", "went on"), lowercased.
    var verb = ""
}

/// Reads speech tags: the narration right after a quote ("said Ned", "Ned said", "cried Kate,
/// with dignity", "the March Hare meekly replied", "added little Ruth", "dit-il", "sagte die
/// Mutter") and the narration that leads into one ("then Kate said in an altered tone, “…",
/// "Ned tossed up his napkin, crying, “…").
struct SpeechTags: Sendable {
    let names: CastNames

    /// The tag in the narration that follows a quote, up to `end`.
    func after(_ text: [Character], from start: Int, to end: Int) -> Tag? {
        var words = TextCursor(text, start, end)
        words.skip { !$0.isLetter }
        guard var first = words.word() else { return nil }
        // French puts the one spoken to before the verb: "lui demanda Morcerf", "me dit-elle".
        if SpeechVerbs.clitics.contains(first), let verb = words.word(after: first), SpeechVerbs.isVerb(verb) {
            words.advance(first)
            words.skipSpaces()
            first = verb
        }
        // "»…« hörte man Herrn Grünlich rufen": the one heard speaking, not whoever hears.
        if Self.hearingVerbs.contains(first) {
            words.advance(first)
            guard let (credit, afterInfinitive) = heardAfter(words) else { return nil }
            return Tag(credit: credit, rule: .verb, addressees: addressees(text, from: afterInfinitive, to: end), verb: first)
        }
        // Inversion: verb, then modifiers, then the speaker.
        if first.first?.isLowercase == true, SpeechVerbs.isVerb(first) {
            let verb = Self.verb(text, words.position..<(words.position + first.count), to: end)
            words.advance(first)
            // "went" is speech only as "went on".
            if first.lowercased() == "went" {
                guard verb == "went on" else { return nil }
                words.skipSpaces()
                words.advance("on")
            }
            words.skipIncise()
            guard let (credit, afterSubject) = subjectAfterModifiers(&words) else { return nil }
            return Tag(credit: credit, rule: .verb, addressees: addressees(text, from: afterSubject, to: end), verb: verb)
        }
        // Subject, up to two adverbs, verb.
        guard let (credit, subjectEnd) = subject(text, at: words.position, limit: end) else { return nil }
        if String(text[words.position..<subjectEnd]).hasSuffix("’s voice") { return Tag(credit: credit, rule: .verb) }
        words.position = subjectEnd
        for _ in 0..<3 {
            words.skipSpaces()
            guard let word = words.word(), word.first?.isLowercase == true else { return nil }
            words.advance(word)
            if SpeechVerbs.isVerb(word) {
                let verb = Self.verb(text, (words.position - word.count)..<words.position, to: end)
                if word.lowercased() == "went", verb != "went on" { return nil }
                // German puts the verb second: in "Übrigens sagte er" the first word is an adverb, the subject follows the verb.
                if case let .other(adverb) = credit, SpeechVerbs.germanAdverbs.contains(adverb) {
                    // "Dann streichelte sie ihrem neuen Verehrer die Wange": no tag, and nobody called Dann.
                    guard let (inverted, after) = subjectAfterVerb(&words) else { return nil }
                    return Tag(credit: inverted, rule: .verb, addressees: addressees(text, from: after, to: end), verb: verb)
                }
                // "“…?” Alice guessed in a moment that it was looking for the fan": what she thought, not a tag.
                if reportsAClause(text, from: words.position, to: end) { return nil }
                return Tag(credit: credit, rule: .verb, addressees: addressees(text, from: words.position, to: end), verb: verb)
            }
            guard word.hasSuffix("ly") || ["then", "now", "thus", "at", "once", "again", "alors", "dann"].contains(word.lowercased()) else { return nil }
        }
        return nil
    }

    /// Whether the verb ending at `start` goes on to a clause it reports: "guessed that it was …",
    /// "guessed in a moment that it was …". Only "that" right after the verb, or after "in a moment",
    /// "at once" or an adverb in -ly, and opening a clause (a pronoun, an article, a name): not "in a
    /// voice that trembled", "so low that", "that evening".
    private func reportsAClause(_ text: [Character], from start: Int, to end: Int) -> Bool {
        var words = TextCursor(text, start, end)
        var between: [String] = []
        for _ in 0..<4 {
            guard words.position < end, text[words.position] == " " else { return false }
            words.skipSpaces()
            guard let word = words.word() else { return false }
            words.advance(word)
            let lower = word.lowercased()
            if ["that", "daß", "dass", "que"].contains(lower) || lower.hasPrefix("qu’") || lower.hasPrefix("qu'") {
                guard Self.mannerOfThought.contains(between.joined(separator: " ")) || between.count == 1 && between[0].hasSuffix("ly") else { return false }
                if lower.hasPrefix("qu’") || lower.hasPrefix("qu'") { return true }
                words.skipSpaces()
                guard let next = words.word() else { return false }
                return next.first?.isUppercase == true || Self.clauseOpeners.contains(next.lowercased())
            }
            between.append(lower)
        }
        return false
    }

    static let mannerOfThought: Set<String> = ["", "in a moment", "at once", "in an instant"]
    static let clauseOpeners: Set<String> = [
        "it", "he", "she", "they", "we", "i", "you", "there", "the", "a", "an", "this", "his", "her", "their", "nothing", "something",
        "er", "sie", "es", "der", "die", "das", "il", "elle", "ils", "le", "la", "les", "ce",
    ]

    /// A pronoun or a cast name right after the verb, the subject of an inverted clause, when the
    /// clause ends there or an adverb or two later ("Übrigens sagte er »Infamje«", "Und dann
    /// flüsterte sie ganz leise:"): not an object ("Darauf erwiderte sie nichts"), nor a clause that goes on.
    private func subjectAfterVerb(_ words: inout TextCursor) -> (Credit, Int)? {
        var probe = words
        probe.skipSpaces()
        guard let (credit, end) = subject(probe.text, at: probe.position, limit: probe.end) else { return nil }
        switch credit {
        case .pronoun(.gendered), .character: break
        default: return nil
        }
        var rest = TextCursor(probe.text, end, probe.end)
        for _ in 0..<3 {
            rest.skipSpaces()
            guard let word = rest.word() else { return (credit, end) }
            guard word.first?.isLowercase == true, !SpeechVerbs.negations.contains(word), !SpeechVerbs.linking.contains(word) else { return nil }
            rest.advance(word)
        }
        return nil
    }

    /// The verb at `range` as `Tag.verb` holds it, lowercased, with the particle that makes it go on:
    /// "went on", "fuhr … fort" (not "fuhr auf", "fuhr ihn an").
    static func verb(_ text: [Character], _ range: Range<Int>, to end: Int) -> String {
        let verb = String(text[range]).lowercased()
        switch verb {
        case "went":
            // Only "on" next, spaces aside: "went on", not "went, on the whole, …".
            var next = TextCursor(text, range.upperBound, end)
            next.skipSpaces()
            return next.word()?.lowercased() == "on" ? "went on" : verb
        case "fuhr":
            // The particle ends the clause: "fuhr er überredend fort", "fuhr dann … fort:".
            let clauseEnd = text[range.upperBound..<end].firstIndex { ".,;:!?»«“”—".contains($0) } ?? end
            return SpeechTags.words(text, from: range.upperBound, to: clauseEnd).last.map { String(text[$0]) } == "fort" ? "fuhr fort" : verb
        default:
            return verb
        }
    }

    /// The incise inside a quote, as French writes it: "— Bonjour, dit Denise. Vous êtes en
    /// retard.", "«Ma foi! mon cher ami, dit Beauchamp, …»" — after a comma, up to the next one.
    /// Only the inverted form counts ("dit Beauchamp", "lui demanda Morcerf"), as French writes
    /// an incise: "— Vous comprenez, mon oncle, Jean entrera demain" is speech about Jean.
    func incise(_ text: [Character], quote: Range<Int>) -> Tag? {
        let dash = "—–―".contains(text[quote.lowerBound])
        // Only French guillemets hold their tags: an English quote may nest a letter ("…, expressed what she felt").
        guard dash || text[quote.lowerBound] == "«" else { return nil }
        var i = quote.lowerBound + 1
        while i < quote.upperBound {
            // Past the dots that trail a cry: "«Je vous en conjure!... continua Villefort."
            var start = i + 1
            if "!?…".contains(text[i]) { while start < quote.upperBound, ".…".contains(text[start]) { start += 1 } }
            // A title's dot does not end the tag: "dit M. d'Avrigny, il était trop tard".
            if ",!?…".contains(text[i]),
               let next = (start..<quote.upperBound).first(where: { ",.;!?".contains(text[$0]) && !(text[$0] == "." && Self.isTitleDot(text, at: $0, from: start)) })
                   ?? Optional(quote.upperBound),
               invertedVerb(text, from: start, to: next), let tag = after(text, from: start, to: next), tag.credit != .pronoun(.plural) {
                return tag
            }
            i += 1
        }
        return nil
    }

    /// Whether the words from `start` open with a speech verb (after a French clitic): an inverted tag.
    private func invertedVerb(_ text: [Character], from start: Int, to end: Int) -> Bool {
        var words = TextCursor(text, start, end)
        words.skip { !$0.isLetter }
        guard var word = words.word(), word.first?.isLowercase == true else { return false }
        if SpeechVerbs.clitics.contains(word), let verb = words.word(after: word) { word = verb }
        return SpeechVerbs.isVerb(word)
    }

    /// After an inverted verb of hearing: an impersonal or pronoun subject, then the one heard,
    /// a cast member, then the verb of speech in the infinitive — "hörte man Herrn Grünlich rufen".
    /// German alone puts a tag so; English and French say "heard him say" before the quote (`leadIn`).
    private func heardAfter(_ words: TextCursor) -> (Credit, Int)? {
        var probe = words
        probe.skipSpaces()
        guard let hearer = probe.word(), ["man", "sie", "er", "ich", "wir"].contains(hearer) else { return nil }
        probe.advance(hearer)
        probe.skipSpaces()
        if let title = probe.word(), ["Herrn", "Frau"].contains(title) {
            probe.advance(title)
            probe.skipSpaces()
        }
        // A cast member only: "hörte man ihn sagen" may be somebody the narration names outside the cast ("Der Arzt").
        guard let (credit, end) = subject(probe.text, at: probe.position, limit: probe.end), case .character = credit else { return nil }
        probe.position = end
        probe.skipSpaces()
        guard let infinitive = probe.word(), infinitive.first?.isLowercase == true, infinitive.count > 4,
              ["en", "ern", "eln"].contains(where: { infinitive.hasSuffix($0) }) else { return nil }
        return (credit, probe.position + infinitive.count)
    }

    /// German verbs of hearing that invert before a heard voice.
    static let hearingVerbs: Set<String> = ["hörte", "hörten", "vernahm", "vernahmen"]

    /// After a verb: up to three modifier words, then the speaker.
    private func subjectAfterModifiers(_ words: inout TextCursor) -> (Credit, Int)? {
        for _ in 0...3 {
            words.skipSpaces()
            if let (credit, end) = subject(words.text, at: words.position, limit: words.end) { return (credit, end) }
            guard let word = words.word(), word.first?.isLowercase == true, SpeechVerbs.isModifier(word) else { return nil }
            words.advance(word)
        }
        return nil
    }

    /// Whom the speaker turns to: "said Alice to the Hatter", "dit-il à Denise", "dit-il tout bas au baron".
    func addressees(_ text: [Character], from start: Int, to end: Int) -> Set<String> {
        var words = TextCursor(text, start, end)
        words.skip { $0 == " " || $0 == "," }
        // Past an adverb or two: "said he softly to Alice", "dit-il tout bas au baron".
        var adverbs = 0
        while let word = words.word(), !Self.turnsTo(word), adverbs < 2, word.first?.isLowercase == true, !SpeechVerbs.linking.contains(word.lowercased()) {
            words.advance(word)
            guard words.position < end, text[words.position] == " " else { return [] }
            words.skipSpaces()
            adverbs += 1
        }
        guard let word = words.word(), Self.turnsTo(word) else { return [] }
        words.advance(word)
        words.skipSpaces()
        if CastNames.contractions[word.lowercased()] != nil { return names.match(text, at: words.position, after: word).map { [$0] } ?? [] }
        for _ in 0..<2 {
            if let hit = names.match(text, at: words.position), !hit.possessive { return [hit.key] }
            guard let next = words.word(), next.first?.isLowercase == true else { return [] }
            words.advance(next)
            words.skipSpaces()
        }
        return []
    }

    /// "to", "à", "zu", or a contraction holding an article ("au", "zum").
    static func turnsTo(_ word: String) -> Bool {
        ["to", "à", "zu"].contains(word.lowercased()) || CastNames.contractions[word.lowercased()] != nil
    }

    /// The speaker a word at `i` names: a cast name or description, a pronoun, or another name.
    func subject(_ text: [Character], at i: Int, limit: Int) -> (Credit, Int)? {
        if let hit = names.match(text, at: i), hit.end <= limit {
            guard hit.possessive else { return (.character(hit.key), hit.end) }
            // "—Marley’s voice": the voice is theirs; "Scrooge’s nephew" is somebody else.
            let voice = Array("’s voice")
            if hit.end + voice.count <= limit, Array(text[hit.end..<(hit.end + voice.count)]) == voice {
                return (.character(hit.key), hit.end + voice.count)
            }
            // Past the possessive's "’s", or a German genitive's "s" (which may end the text).
            return (.other(String(text[i..<hit.end]) + "’s"), min(limit, hit.end + (text[hit.end] == "s" ? 1 : 2)))
        }
        var words = TextCursor(text, i, limit)
        guard let word = words.word() else { return nil }
        if let kind = Pronouns.gender(of: word), word != "i" { return (.pronoun(kind), i + word.count) }
        // "madame Baudu" is not "Baudu": a title in lower case, as French and German write them.
        if Self.titles.contains(word.lowercased()), word.first?.isLowercase == true {
            words.advance(word)
            words.skip { $0 == "." || $0 == " " }
            return (.other(word + " " + (words.word() ?? "")), words.position + (words.word()?.count ?? 0))
        }
        // "the March Hare said", "poor Alice cried": an article or an epithet before the name.
        if Self.determiners.contains(word) || Self.possessives.contains(word) {
            words.advance(word)
            words.skipSpaces()
            if let (credit, end) = subject(text, at: words.position, limit: limit), case .character = credit { return (credit, end) }
            // "said the vicar", "cried her brother", "sagte ihr Bruder": somebody, not in the cast.
            // (German writes the noun with a capital.)
            let german = Self.germanDeterminers.contains(word)
            guard let noun = words.word(), noun.first?.isLowercase == true || german && !SpeechVerbs.isVerb(noun),
                  !SpeechVerbs.linking.contains(noun) else { return nil }
            return (.other("\(word) \(noun)"), words.position + noun.count)
        }
        guard word.first?.isUppercase == true, !SpeechVerbs.isVerb(word) else { return nil }
        words.advance(word)
        let lower = word.lowercased()
        if ["the", "a", "an", "le", "la", "der", "die", "das"].contains(lower) {
            words.skipSpaces()
            return subject(text, at: words.position, limit: limit) ?? (.other(word), words.position)
        }
        var name = word
        if Self.titles.contains(lower) {
            words.skip { $0 == "." || $0 == " " }
            if let next = words.word(), next.first?.isUppercase == true {
                name += " " + next
                words.advance(next)
            }
        }
        return (.other(name), words.position)
    }

    /// Words before a quoted word that name it: an article, a preposition, "word".
    static let namingWords: Set<String> = [
        "the", "a", "an", "word", "words", "of", "in", "at", "le", "la", "les", "du", "des", "mot", "der", "die", "das", "den", "dem",
        "ein", "eine", "einen", "einem", "wort", "im", "zur", "zum", "vom", "ins",
    ]

    static let germanArticles: Set<String> = ["der", "die", "das", "den", "dem", "des", "seine", "seinen", "seiner", "ihre", "ihren", "ihrer"]

    static let determiners: Set<String> = ["the", "a", "an", "poor", "little", "old", "young", "le", "la", "der", "die", "das"]

    /// German articles and possessives, whose nouns are written with a capital: "sagte der Wirt".
    static let germanDeterminers: Set<String> = ["der", "die", "das", "sein", "seine", "ihr", "ihre"]

    static let titles: Set<String> = [
        "mr", "mrs", "miss", "ms", "dr", "sir", "lady", "lord", "colonel", "captain", "madame", "monsieur", "mademoiselle", "mme", "mlle",
        "madam", "signora", "signor", "señor", "señora", "doña",
        "herr", "frau", "fräulein",
    ]
}

/// A cursor over a stretch of a paragraph, for reading tags word by word.
struct TextCursor {
    let text: [Character]
    var position: Int
    let end: Int

    init(_ text: [Character], _ start: Int, _ end: Int) {
        self.text = text
        position = start
        self.end = min(end, text.count)
    }

    func peek(_ offset: Int) -> Character? { position + offset < end ? text[position + offset] : nil }

    mutating func skip(while predicate: (Character) -> Bool) {
        while position < end, predicate(text[position]) { position += 1 }
    }

    /// The joins of a French incise: "dit-il", "demanda-t-il".
    mutating func skipIncise() {
        while position < end, text[position] == "-" || text[position] == "t" && peek(1) == "-" && position > 0 && text[position - 1] == "-" {
            position += 1
        }
    }

    mutating func skipSpaces() { skip { $0.isWhitespace } }

    /// The word at the cursor (letters, with apostrophes inside: "don’t", "s’écria").
    func word() -> String? {
        var i = position
        while i < end, text[i].isLetter || ("’'".contains(text[i]) && i + 1 < end && text[i + 1].isLetter && i > position) { i += 1 }
        return i > position ? String(text[position..<i]) : nil
    }

    mutating func advance(_ word: String) { position += word.count }

    /// The word after `word` (which is at the cursor) and the spaces that follow it.
    func word(after word: String) -> String? {
        var next = self
        next.advance(word)
        next.skipSpaces()
        return next.word()
    }
}
