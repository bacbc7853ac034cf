/// Narration that leads into a quote: the last sentence before it, unfinished ("then Kate said
/// in an altered tone, “…", "Lady Catherine hesitated for a moment, and then replied,—"). Its
/// last speech verb is the speaker's; the speaker is the subject nearest before the verb, or the
/// name right after it ("then cried Mr. Bennet:"). The subject of a relative clause ("who
/// said") or a pair ("Kate and Ned said") credits nobody.
extension SpeechTags {
    func leadIn(_ text: [Character], from start: Int, to quoteStart: Int) -> Tag? {
        var end = quoteStart
        while end > start, text[end - 1].isWhitespace { end -= 1 }
        guard end > start, !".!?…”’\"»)".contains(text[end - 1]) else { return nil }
        let sentenceStart = self.sentenceStart(text, from: start, to: end)
        let tokens = Self.words(text, from: sentenceStart, to: end)
        // Without a mark before it, a quote inside a sentence is spoken only right after speech
        // ("began singing in its sleep “Twinkle…”"), not read or named ("aus Walter Scotts »Waverley« vorlas").
        if !":,—–-".contains(text[end - 1]), !tokens.suffix(4).contains(where: { word in
            let w = String(text[word]).lowercased()
            return SpeechVerbs.isVerb(w) || SpeechVerbs.participles.contains(w) || Self.speechNouns.contains(w)
        }) {
            return nil
        }
        let isSpeech = { (word: Range<Int>) -> Bool in
            let w = String(text[word])
            return w.first?.isLowercase == true && (SpeechVerbs.isVerb(w) || SpeechVerbs.participles.contains(w.lowercased()))
        }
        guard var v = tokens.lastIndex(where: isSpeech), tokens.count - v <= 14 else { return nil }
        // "saying, as she quitted the room, “…": the verb of a clause set inside the lead-in is not its speech.
        // Not when the clause's verb is a known one of speech ("laughing, while Kate cried,").
        if let clause = (0..<v).last(where: { text[tokens[$0].upperBound..<tokens[$0 + 1].lowerBound].contains(",") }).map({ $0 + 1 }),
           Self.insetClauses.contains(String(text[tokens[clause]]).lowercased()), clause > 0, isSpeech(tokens[clause - 1]),
           !SpeechVerbs.isKnown(String(text[tokens[v]])) {
            v = clause - 1
        }
        // "then cried Mr. Bennet:" — the speaker right after the verb; "accosted by Miss Bingley,—".
        var cursor = TextCursor(text, tokens[v].upperBound, end)
        cursor.skip { $0 == " " }
        if text[tokens[v]].count > 4, String(text[tokens[v]]).hasSuffix("ed"), cursor.word() == "by" {
            cursor.advance("by")
            cursor.skip { $0 == " " }
        }
        if let (credit, after) = subject(text, at: cursor.position, limit: end) {
            let verb = SpeechTags.verb(text, tokens[v], to: end)
            switch credit {
            case .character: return Tag(credit: credit, rule: .leadIn, addressees: addressees(text, from: after, to: end), verb: verb)
            // German and French invert after an adverb: "Hierauf fragte sie in entschiedenem Tone:", "demanda-t-il:".
            case .pronoun(.gendered) where v > 0: return Tag(credit: credit, rule: .leadIn, verb: verb)
            default: break
            }
        }
        let addressees = addressees(text, from: tokens[v].upperBound, to: end)
        // After a semicolon the verb's subject is its own clause's, when it has one: "Vallagnosc …
        // gardait son air las ; et, comme son ami, étonné, insistait, en disant :" is the friend's
        // (nobody in the cast); "; and turning to her sister, said" has none, so it is the sentence's.
        var clause = 0
        for t in 0..<max(0, v - 1) where text[tokens[t].upperBound..<tokens[t + 1].lowerBound].contains(";") { clause = t + 1 }
        var own = clause > 0 ? subjectBefore(text, tokens: Array(tokens[clause..<v]), sentenceStart: sentenceStart) : nil
        // "Die Konsulin war zwar überzeugt, …; aber sie erhob … und sagte:": the clause's pronoun is
        // the one cast member of its gender the sentence before the semicolon names as a subject.
        if case let .pronoun(.gendered(gender))? = own, let key = clauseAntecedent(gender, text, tokens: tokens, clause: clause, verb: v, sentenceStart: sentenceStart) {
            own = .character(key)
        }
        if clause > 0, own == nil, tokens[clause..<min(v, clause + 3)].contains(where: { Self.possessives.contains(String(text[$0]).lowercased()) }) {
            return nil
        }
        // "Alice heard it say to itself", "she heard the Rabbit muttering": the speaker is what is heard.
        if let heard = heardSpeaker(text, tokens: Array(tokens[..<v])) {
            return Tag(credit: heard, rule: .leadIn, addressees: addressees, verb: SpeechTags.verb(text, tokens[v], to: end))
        }
        guard let credit = own ?? subjectBefore(text, tokens: Array(tokens[..<v]), sentenceStart: sentenceStart) else { return nil }
        return Tag(credit: credit, rule: .leadIn, addressees: addressees, verb: SpeechTags.verb(text, tokens[v], to: end))
    }

    /// The pronoun that opens the clause after a semicolon, as the sentence's subject before it:
    /// "Die Konsulin war zwar überzeugt, …; aber sie erhob, wenn Tony zu sprechen begann, nur leicht
    /// ihre … Hand und sagte:". Only when the subject before the semicolon is a cast member of that
    /// gender, and the only one of that gender named there; when nothing but lower-case words stand
    /// before the pronoun ("and when at last Kitty did, she said" may be Kitty); and when every
    /// clause set between the pronoun and the verb closes with a comma before it ("and she listened
    /// … as the housekeeper added," is the housekeeper's).
    private func clauseAntecedent(_ gender: Gender, _ text: [Character], tokens: [Range<Int>], clause: Int, verb v: Int, sentenceStart: Int) -> String? {
        guard case let .character(key)? = subjectBefore(text, tokens: Array(tokens[..<clause]), sentenceStart: sentenceStart),
              names.genders[key] == gender,
              // Nobody else of that gender named before it: "Monte-Cristo tenait ses yeux fixés sur Morrel, …; il comprit …".
              tokens[..<clause].allSatisfy({ token in names.match(text, at: token.lowerBound).map { $0.key == key || names.genders[$0.key] != gender } ?? true }),
              let pronoun = (clause..<v).first(where: { Pronouns.gender(of: String(text[tokens[$0]])) == .gendered(gender) }),
              tokens[clause..<pronoun].allSatisfy({ text[$0].first?.isLowercase == true }) else { return nil }
        for t in (pronoun + 1)..<v where Self.clauseWords.contains(String(text[tokens[t]]).lowercased()) {
            guard (t..<v).contains(where: { text[tokens[$0].upperBound..<tokens[$0 + 1].lowerBound].contains(",") }) else { return nil }
        }
        return key
    }

    /// Words that open a clause with a subject of its own.
    static let clauseWords: Set<String> = insetClauses.union(["that", "if", "because", "though", "daß", "dass", "wenn", "weil", "que", "si"])

    /// Words that open a clause set inside a sentence: "saying, as she quitted the room,".
    static let insetClauses: Set<String> = ["as", "when", "while", "als", "während", "comme", "quand", "lorsque", "tandis"]

    static let possessives: Set<String> = ["son", "sa", "ses", "leur", "sein", "seine", "ihr", "ihre", "his", "her", "their"]

    /// Object pronouns, by gender: "heard him say".
    static let objectPronouns: [String: Gender] = ["him": .male, "her": .female, "ihn": .male]

    /// Verbs of hearing and seeing, whose object says or does what follows: "heard it say".
    static let perception: Set<String> = ["heard", "hear", "hears", "saw", "see", "sees", "watched", "hörte", "hört", "sah"]

    /// The object of a verb of perception right before the speech verb ("Alice heard it say",
    /// "heard the Rabbit say"), who is the one speaking: a cast member, or somebody the tags cannot
    /// name ("hear herself called “Mrs. Wickham”" by the neighbours), who is not the one hearing.
    private func heardSpeaker(_ text: [Character], tokens: [Range<Int>]) -> Credit? {
        guard let last = tokens.indices.last else { return nil }
        var t = last
        // The object: one word, or a cast name of several words ending right before the verb.
        let object = String(text[tokens[t]]).lowercased()
        // "heard him say": him is "he" to the scene; "heard it say" somebody the tags cannot name.
        var credit: Credit = Self.objectPronouns[object].map { .pronoun(.gendered($0)) } ?? .other(object)
        for start in stride(from: last, through: max(0, last - 3), by: -1) {
            if let hit = names.match(text, at: tokens[start].lowerBound), hit.end == tokens[last].upperBound, !hit.possessive {
                t = start
                credit = .character(hit.key)
                break
            }
        }
        var p = t - 1
        if p >= 0, ["the", "a", "an"].contains(String(text[tokens[p]]).lowercased()) { p -= 1 }
        guard p >= 0, Self.perception.contains(String(text[tokens[p]]).lowercased()),
              text[tokens[p].upperBound..<tokens[last].lowerBound].allSatisfy({ $0 == " " || $0.isLetter || $0 == "." }) else { return nil }
        return credit
    }

    /// "the occasional exclamation of “Lord, how tired I am!”".
    static let speechNouns: Set<String> = [
        "exclamation", "cry", "words", "reply", "answer", "remark", "question", "whisper", "shout",
        "ausruf", "worte", "antwort", "frage", "mots", "réponse", "cri",
    ]

    /// The subject nearest before the verb, walking back over the sentence's words.
    private func subjectBefore(_ text: [Character], tokens: [Range<Int>], sentenceStart: Int) -> Credit? {
        let matches = tokens.indices.compactMap { t -> (token: Int, key: String, end: Int, possessive: Bool)? in
            names.match(text, at: tokens[t].lowerBound).map { (t, $0.key, $0.end, $0.possessive) }
        }
        var t = tokens.count - 1
        while t >= 0 {
            let word = String(text[tokens[t]])
            if let match = matches.first(where: { $0.token <= t && $0.end >= tokens[t].upperBound }) {
                t = match.token
                // Right before the verb, a subordinate clause's subject is the verb's own: "while she added,—";
                // so it is with only a participle's phrase between: "… que Morrel, se levant tout à coup, s'écria:".
                if isObject(text, tokens: tokens, at: t) || t < tokens.count - 1 && isSubordinate(text, tokens: tokens, at: t),
                   !(opensClause(text, tokens: tokens, at: t) && participleBeforeVerb(text, tokens: tokens, after: match.end)) {
                    t -= 1
                    continue
                }
                if match.possessive || precededByCapital(text, tokens: tokens, at: t) || isPair(text, tokens: tokens, at: t) { return nil }
                return .character(match.key)
            }
            let lower = word.lowercased()
            // An object ("think about it"), or the subject of a clause inside the sentence ("that they never sat").
            // Right before the verb, a subordinate clause's subject is the verb's own: "while she added,—".
            if isObject(text, tokens: tokens, at: t) || t < tokens.count - 1 && isSubordinate(text, tokens: tokens, at: t) { t -= 1; continue }
            // "who said": a relative clause, whose subject is not certain. But "assured her that
            // they…" is a conjunction, its clause already skipped.
            let opensClause = t + 1 < tokens.count && (Pronouns.gender(of: String(text[tokens[t + 1]])) != nil
                || matches.contains { $0.token == t + 1 })
            // German "der", "die" are relative only after a comma (", die sagte"); else articles ("die Brauen").
            let relative = !["der", "die"].contains(lower) || t > 0 && text[tokens[t - 1].upperBound..<tokens[t].lowerBound].contains(",")
            if ["who", "which", "that", "it", "qui", "der", "die"].contains(lower), t > 0, relative, !(lower == "that" && opensClause) { return nil }
            // French "on entendit", German "man hörte": nobody in particular.
            if ["on", "man"].contains(lower), t + 1 < tokens.count, SpeechVerbs.isVerb(String(text[tokens[t + 1]])) || SpeechVerbs.stop.contains(String(text[tokens[t + 1]]).lowercased()) {
                return nil
            }
            // German "sie" after a named subject is its object: "Der Konsul betrachtete sie und sagte:".
            if lower == "sie", namedBefore(text, tokens: tokens, at: t, matches: matches.map(\.token)) { t -= 1; continue }
            // "…, which Elizabeth considered as all but certain, and Miss Bennet could not assert to be
            // wholly impossible, the former continued the subject by saying,": the first of the last
            // two cast members the sentence names; "the latter" the second.
            if ["former", "latter"].contains(lower), t > 0, String(text[tokens[t - 1]]).lowercased() == "the" {
                var lastTwo: [String] = []
                for match in matches.reversed() where match.token < t - 1 && !match.possessive && !lastTwo.contains(match.key) {
                    lastTwo.insert(match.key, at: 0)
                    if lastTwo.count == 2 { break }
                }
                guard lastTwo.count == 2 else { return nil }
                return .character(lower == "former" ? lastTwo[0] : lastTwo[1])
            }
            if let kind = Pronouns.gender(of: lower), word != "i" {
                if kind == .plural || isPair(text, tokens: tokens, at: t) && !joinsClauses(text, tokens: tokens, at: t) { return nil }
                if case let .gendered(gender) = kind, let key = antecedent(gender, matches: matches.filter { $0.token < t }, text: text, tokens: tokens) {
                    return .character(key)
                }
                return .pronoun(kind)
            }
            if word.first?.isUppercase == true, t > 0, !isObject(text, tokens: tokens, at: t), !isGermanNoun(text, tokens: tokens, at: t) { return .other(word) }
            t -= 1
        }
        return nil
    }

    /// "The Hatter opened his eyes …; but all he said was," — the one cast member of the
    /// pronoun's gender named as a subject earlier in the same sentence, if exactly one.
    private func antecedent(_ gender: Gender, matches: [(token: Int, key: String, end: Int, possessive: Bool)],
                            text: [Character], tokens: [Range<Int>]) -> String? {
        let keys = Set(matches.filter { names.genders[$0.key] == gender && !$0.possessive }.map(\.key))
        let subjects = Set(matches.filter { names.genders[$0.key] == gender && !$0.possessive && !isObject(text, tokens: tokens, at: $0.token) }.map(\.key))
        return keys.count == 1 && subjects.count == 1 ? subjects.first : nil
    }

    /// A name after a preposition is an object ("turned to the Dormouse"), not a subject; so is
    /// one right after a verb that is not speech ("küßte seine Tochter und sagte:").
    private func isObject(_ text: [Character], tokens: [Range<Int>], at t: Int) -> Bool {
        var p = t - 1
        if p >= 0, ["the", "a", "an", "his", "her", "their", "poor", "little", "old"].contains(String(text[tokens[p]]).lowercased()) { p -= 1 }
        guard p >= 0 else { return false }
        let previous = String(text[tokens[p]]).lowercased()
        return SpeechVerbs.linking.contains(previous) && !["and", "but", "or", "as", "so", "when", "while", "if", "that", "et", "mais", "und", "aber"].contains(previous)
            || ["accosted", "addressed", "asked", "told", "answered", "interrupted", "saw", "heard"].contains(previous)
            // German's preposition and article in one word: "beugte ihr Gesicht zur Mutter".
            || ["zum", "zur", "vom", "beim", "im", "am", "ins"].contains(previous)
            || participleObject(text, tokens: tokens, verb: p, at: t)
            || verbObject(text, tokens: tokens, at: t)
    }

    /// Whether the name at token `t` (after its article or an epithet, if any) opens a clause: "que
    /// Morrel", "that Kate", "because the captain", or after a comma ("When this result was brought
    /// about, old Fezziwig, clapping his hands …, cried out"). Not "la sœur de Morrel", "the friend of
    /// Ned": part of a longer subject.
    private func opensClause(_ text: [Character], tokens: [Range<Int>], at t: Int) -> Bool {
        var p = t - 1
        if p >= 0, ["the", "a", "an", "old", "young", "little", "poor"].contains(String(text[tokens[p]]).lowercased()) { p -= 1 }
        guard p >= 0 else { return false }
        return text[tokens[p].upperBound..<tokens[p + 1].lowerBound].contains(",")
            || String(text[tokens[p]]).lowercased() == "que" || isSubordinate(text, tokens: tokens, at: t)
    }

    /// Whether all that stands between a name ending at `end` and the speech verb after the last of
    /// `tokens` is one phrase set off by commas that opens with a participle: ", se levant tout à
    /// coup,", ", rising at once,", ", sich erhebend,". Then the name is the verb's subject.
    private func participleBeforeVerb(_ text: [Character], tokens: [Range<Int>], after end: Int) -> Bool {
        guard let first = tokens.firstIndex(where: { $0.lowerBound >= end }), let last = tokens.last,
              text[end..<tokens[first].lowerBound].filter({ !$0.isWhitespace }) == [","],
              let verb = text[last.upperBound...].firstIndex(where: \.isLetter),
              text[last.upperBound..<verb].filter({ !$0.isWhitespace }) == [","] else { return false }
        var word = String(text[tokens[first]]).lowercased()
        if ["se", "sich"].contains(word), first + 1 < tokens.count { word = String(text[tokens[first + 1]]).lowercased() }
        if word.hasPrefix("s'") || word.hasPrefix("s’") { word.removeFirst(2) }
        // (A name or pronoun inside the phrase is met first by the walk back, which stops there.)
        return ["ant", "ing", "end"].contains(where: { word.hasSuffix($0) }) && word.count > 4
            && !text[tokens[first].lowerBound..<last.upperBound].contains(where: { ",;:".contains($0) })
    }

    /// "seeing Ahab leaning over the rail": a name right after one of these participles is its object.
    /// A closed list: "they were playing the Queen never left off" runs two clauses together.
    /// Only in a phrase that opens the sentence, before any subject ("Then, rapidly pulling back, and
    /// seeing Ahab …, he shouted"): not "Elizabeth sat watching Darcy as he crossed the room", nor a
    /// gerund ("out of hearing Elizabeth said", "The morning following Jane said").
    private func participleObject(_ text: [Character], tokens: [Range<Int>], verb p: Int, at t: Int) -> Bool {
        guard Self.transitiveParticiples.contains(String(text[tokens[p]])),
              text[tokens[p].upperBound..<tokens[t].lowerBound].allSatisfy({ $0 == " " || $0.isLetter }) else { return false }
        if p > 0 {
            let before = String(text[tokens[p - 1]]).lowercased()
            let comma = text[tokens[p - 1].upperBound..<tokens[p].lowerBound].contains(",")
            guard comma || ["and", "then"].contains(before) || before.hasSuffix("ly") else { return false }
        }
        // Nobody named, and no pronoun, before it: the phrase's subject is still to come.
        return !tokens[..<p].contains { token in
            let word = String(text[token])
            return Pronouns.gender(of: word) != nil || names.match(text, at: token.lowerBound) != nil
        }
    }

    static let transitiveParticiples: Set<String> = [
        "seeing", "watching", "observing", "noticing", "hearing", "eyeing", "leaving", "following", "passing", "meeting",
        "joining", "approaching", "addressing", "helping", "holding", "kissing", "embracing", "touching", "pushing", "pulling",
    ]

    /// A name right after a verb that is not speech, or after it and an article, is its object
    /// ("küßte seine Tochter", "blickte die Konsulin treuherzig an") — unless the verb comes first
    /// after a fronted subordinate clause, as German orders it: "Als der Senator dies sagte, legte
    /// Frau Permaneder …".
    private func verbObject(_ text: [Character], tokens: [Range<Int>], at t: Int) -> Bool {
        var v = t - 1
        if v >= 0, SpeechTags.germanArticles.contains(String(text[tokens[v]])) { v -= 1 }
        guard v >= 0, Pronouns.gender(of: String(text[tokens[t]])) == nil, text[tokens[v]].first?.isLowercase == true else { return false }
        let verb = String(text[tokens[v]]).lowercased()
        guard SpeechVerbs.stop.contains(verb), verb.count > 3,
              text[tokens[v].upperBound..<tokens[t].lowerBound].allSatisfy({ $0 == " " || $0.isLetter }) else { return false }
        guard v > 0, text[tokens[v - 1].upperBound..<tokens[v].lowerBound].contains(",") else { return true }
        // After a comma: verb-first only when the clause before opens with a subordinating word.
        var start = v - 1
        while start > 0, !text[tokens[start - 1].upperBound..<tokens[start].lowerBound].contains(where: { ",;:".contains($0) }) { start -= 1 }
        return !Self.germanSubordinators.contains(String(text[tokens[start]]).lowercased())
    }

    static let germanSubordinators: Set<String> = [
        "als", "wenn", "da", "nachdem", "während", "indem", "weil", "obwohl", "sobald", "kaum", "bevor", "ehe", "seit", "seitdem", "sooft",
    ]

    /// Whether the clause holding token `t` names a subject before it: a cast member, or "er".
    private func namedBefore(_ text: [Character], tokens: [Range<Int>], at t: Int, matches: [Int]) -> Bool {
        var p = t - 1
        while p >= 0, !text[tokens[p].upperBound..<tokens[p + 1].lowerBound].contains(where: { ",;:".contains($0) }) {
            if matches.contains(p) || ["er", "ich"].contains(String(text[tokens[p]]).lowercased()) { return true }
            p -= 1
        }
        return false
    }

    /// German writes every noun with a capital: after an article, a possessive or a preposition
    /// ("in der Hand", "auf ihrem Sitze", "mit emporgezogenen Brauen"), a capitalised word is a
    /// thing, not somebody speaking.
    private func isGermanNoun(_ text: [Character], tokens: [Range<Int>], at t: Int) -> Bool {
        var p = t - 1
        // Adjectives between: "emporgezogenen", "feuchte".
        while p >= 0, t - p <= 3, String(text[tokens[p]]).first?.isLowercase == true, !Self.germanNounMarkers.contains(String(text[tokens[p]])),
              ["e", "en", "em", "er", "es"].contains(where: { String(text[tokens[p]]).hasSuffix($0) }) {
            p -= 1
        }
        return p >= 0 && Self.germanNounMarkers.contains(String(text[tokens[p]]).lowercased())
    }

    static let germanNounMarkers: Set<String> = [
        "der", "die", "das", "dem", "den", "des", "ein", "eine", "einem", "einen", "einer", "eines", "kein", "keine", "keinen", "keinem",
        "sein", "seine", "seinem", "seinen", "seiner", "seines", "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres", "mein", "meine", "meinem",
        "meinen", "dein", "deine", "deinem", "deinen", "unser", "unsere", "unserem", "unseren", "diese", "dieser", "diesem", "diesen",
        "jede", "jeder", "jedem", "jeden", "zum", "zur", "im", "am", "vom", "beim", "ins", "aufs", "mit", "auf", "unter", "über", "vor",
        "hinter", "neben", "zwischen", "durch", "gegen", "ohne", "aus", "bei", "nach", "seit", "von", "zu",
    ]

    /// "assured her that they never sat there": the subject of a subordinate clause.
    private func isSubordinate(_ text: [Character], tokens: [Range<Int>], at t: Int) -> Bool {
        var p = t - 1
        if p >= 0, ["the", "a", "an"].contains(String(text[tokens[p]]).lowercased()) { p -= 1 }
        guard p >= 0 else { return false }
        // "as she went hunting about" is a clause; "as Elizabeth, soon lagged behind" a comparison.
        // And the clause ends before the speech verb: "as Lydia ran in and cried," is Lydia crying.
        if String(text[tokens[p]]).lowercased() == "as" {
            return t + 1 < tokens.count && text[tokens[t].upperBound..<tokens[t + 1].lowerBound].allSatisfy { $0 == " " }
                && text[tokens[t + 1]].first?.isLowercase == true
                && text[tokens[t + 1].lowerBound..<tokens[tokens.count - 1].upperBound].contains(",")
        }
        return ["that", "if", "when", "because", "though", "although", "since", "while", "till", "until", "whether", "where", "whom", "whose",
                "daß", "dass", "ob", "wenn", "weil", "obwohl", "indem", "während", "nachdem", "bevor", "wie",
                "que", "qu", "si", "quand", "lorsque", "parce", "puisque", "comme"]
            .contains(String(text[tokens[p]]).lowercased())
    }

    /// "Mrs. Bennet" where only "Bennet" is cast, or "Sir William": a longer name than the cast's.
    private func precededByCapital(_ text: [Character], tokens: [Range<Int>], at t: Int) -> Bool {
        guard t > 0 else { return false }
        let previous = String(text[tokens[t - 1]])
        let gap = text[tokens[t - 1].upperBound..<tokens[t].lowerBound]
        return previous.first?.isUppercase == true && gap.allSatisfy { $0 == " " || $0 == "." } && SpeechTags.titles.contains(previous.lowercased())
    }

    /// "the Hatter and the March Hare went": two subjects, so nobody in particular.
    private func isPair(_ text: [Character], tokens: [Range<Int>], at t: Int) -> Bool {
        var p = t - 1
        if p >= 0, ["the", "a", "an"].contains(String(text[tokens[p]]).lowercased()) { p -= 1 }
        return p >= 1 && ["and", "et", "und"].contains(String(text[tokens[p]]).lowercased())
    }

    /// "… fragte er wieder, und sie sagte noch einmal …:": after a comma, "and" before a pronoun
    /// starts a clause with its own subject; two subjects are written without one ("er und sie").
    private func joinsClauses(_ text: [Character], tokens: [Range<Int>], at t: Int) -> Bool {
        t >= 2 && text[tokens[t - 2].upperBound..<tokens[t - 1].lowerBound].contains(",")
    }

    /// Where the sentence holding `end` starts: after the last . ! ? that is not a title's.
    private func sentenceStart(_ text: [Character], from start: Int, to end: Int) -> Int {
        var i = end - 1
        while i >= start {
            if "!?”’\"»".contains(text[i]) || text[i] == "." && !Self.isTitleDot(text, at: i, from: start) { return i + 1 }
            i -= 1
        }
        return start
    }

    /// Whether the dot at `i` ends a title ("Mr.", "Mrs.", French "M."), not a sentence.
    static func isTitleDot(_ text: [Character], at i: Int, from start: Int) -> Bool {
        let wordStart = text[start..<i].lastIndex { !$0.isLetter }.map { $0 + 1 } ?? start
        let word = String(text[wordStart..<i])
        return SpeechTags.titles.contains(word.lowercased()) || word == "M" && i + 2 < text.count && text[i + 1] == " " && text[i + 2].isLetter
    }

    /// The words of `text[start..<end]`, as ranges.
    static func words(_ text: [Character], from start: Int, to end: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var i = start
        while i < end {
            guard text[i].isLetter else { i += 1; continue }
            var j = i
            while j < end, text[j].isLetter || ("’'".contains(text[j]) && j + 1 < end && text[j + 1].isLetter) { j += 1 }
            result.append(i..<j)
            i = j
        }
        return result
    }
}
