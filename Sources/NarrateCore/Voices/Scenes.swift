/// Who is in the scene, and what it tells: a pronoun's speaker when one cast member of that
/// gender is present; turns when exactly two are present; the speaker of a line that another
/// line answers by name. A line is never credited to someone who is not present.
enum Scenes {

    /// Per paragraph: the cast members named in the narration of the last `sceneWindow` paragraphs,
    /// credited (or, with `addressed`, addressed by name) there, and everyone credited in the
    /// same unbroken exchange. Turn-taking counts the addressed, so that a third person spoken
    /// to stops it; crediting somebody (a pronoun, an answer) needs them named, speaking or
    /// surely addressed ("Ja, Tom", "liebe Tony"), since a name set off by commas may be an
    /// apposition ("my nephew, Mr. Darcy.").
    static func presence(_ chapter: ChapterAttribution, named: [Set<String>], addressed: Bool) -> [Set<String>] {
        presence(chapter, named: named, addressed: addressed, at: chapter.paragraphs.indices).map { $0 ?? [] }
    }

    /// The presence at `lines` only, by paragraph (nil elsewhere): what a rule that runs late, on a
    /// few lines, counts afresh.
    static func presence(_ chapter: ChapterAttribution, named: [Set<String>], addressed: Bool, at lines: some Sequence<Int>) -> [Set<String>?] {
        var mentions = [Set<String>?](repeating: nil, count: chapter.paragraphs.count)
        func mentioned(_ p: Int) -> Set<String> {
            if let known = mentions[p] { return known }
            // A letter read out brings nobody into the scene: not its signer, nor whom it names.
            if chapter.letters[p] { mentions[p] = named[p]; return named[p] }
            var found = named[p].union(chapter.credited[p].compactMap { $0?.key }).union(addressed ? chapter.addressed[p] : chapter.surelyAddressed[p])
            // Somebody outside the cast speaking ("said the vicar") is a third person for turn-taking.
            if chapter.tags[p].contains(where: { if case .other? = $0?.credit { return true } else { return false } }) { found.insert(someoneElse) }
            mentions[p] = found
            return found
        }
        var present = [Set<String>?](repeating: nil, count: chapter.paragraphs.count)
        for p in lines {
            present[p] = (max(0, p - chapter.attributor.sceneWindow + 1)...p).reduce(into: Set<String>()) { $0.formUnion(mentioned($1)) }
        }
        // Whoever speaks in an unbroken exchange is present throughout it.
        for chain in chapter.chains() where chain.contains(where: { present[$0] != nil }) {
            let speakers = chain.reduce(into: Set<String>()) { $0.formUnion(chapter.letters[$1] ? [] : chapter.credited[$1].compactMap { $0?.key }) }
            for p in chain { present[p]?.formUnion(speakers) }
        }
        return present
    }
}

extension Scenes {
    /// Stands in the scene for a speaker who is not in the cast.
    static let someoneElse = "someone not in the cast"
}

extension ChapterAttribution {
    /// The cast members each paragraph's narration names.
    /// A first-person narrator is named by "I" and "me" in the narration ("I accosted Captain Peleg").
    func named() -> [Set<String>] {
        paragraphs.indices.map { p in
            var found = Set<String>()
            var cursor = 0
            for quote in quotes[p] + [paragraphs[p].count..<paragraphs[p].count] {
                found.formUnion(names.mentions(paragraphs[p], in: cursor..<quote.lowerBound))
                if let narrator, SpeechTags.words(paragraphs[p], from: cursor, to: quote.lowerBound).contains(where: { word in
                    // Any case: "Je" and "Ich" open sentences; "I" is the only English "i".
                    ["i", "me", "je", "moi", "ich", "mich", "mir"].contains(String(paragraphs[p][word]).lowercased())
                }) {
                    found.insert(narrator)
                }
                cursor = quote.upperBound
            }
            return found
        }
    }

    mutating func resolveScene() {
        if rules.contains(.pronoun) { resolvePronouns() }
        if rules.contains(.turnTaking) { resumeAfterReportedReplies() }
        continueSpeech()
        if rules.contains(.turnTaking) { takeTurns() }
        if rules.contains(.vocative) { answerVocatives() }
        if rules.contains(.vocative) { answerHonorifics() }
        if rules.contains(.answer) { answerAddressed() }
        if rules.contains(.vocative) { speakToTheOther() }
        if rules.contains(.vocative) || rules.contains(.answer), rules.contains(.turnTaking) { takeTurns() }
        continueSpeech()
    }

    /// "said she": the one cast member of that gender present, not addressed by the line.
    private mutating func resolvePronouns() {
        for p in paragraphs.indices where speaker[p] == nil && !outsider[p] {
            guard case let .gendered(gender)? = pronoun[p] else { continue }
            // "Er schwieg einen Augenblick und fuhr dann fort: »…«": the last speaker, if of that gender.
            if goesOn(p), let before = lineBefore(p), let key = speaker[before]?.key, names.genders[key] == gender, maySpeak(key, p), key != narrator,
               before == p - 1 || nobodyElse(of: gender, than: key, in: namedInNarration(p - 1)) {
                setSpeaker(p, key, .pronoun)
                continue
            }
            // A first-person narrator is "I", never "he".
            var candidates = seen[p].filter { names.genders[$0] == gender && maySpeak($0, p) && $0 != narrator }
            // "– C'est bien, mon oncle, finit-elle": of the women present, the one described as his niece.
            if candidates.count > 1, !kinSpeakers[p].isEmpty { candidates.formIntersection(kinSpeakers[p]) }
            if candidates.count == 1, let key = candidates.first { setSpeaker(p, key, .pronoun); continue }
            if !goesOn(p), let key = pronounAnswer(p, gender, candidates) { setSpeaker(p, key, .pronoun); continue }
            // "Frau Grünlich richtete sich … empor …" then "»Ida?« fragte sie": the one the narration
            // paragraph just before is about (it opens with them as its subject, and names nobody
            // else of that gender). Not its last sentence's subject: "… Lady Catherine might see him
            // in her way through town …" then Elizabeth's "… she added".
            if p > 0, !speaks(p - 1), let hit = openingSubject(p - 1), names.genders[hit.key] == gender,
               maySpeak(hit.key, p), hit.key != narrator,
               opensWithSpeech(p),
               // Somebody else of that gender only after a preposition is not who it is about:
               // "Miss Bennet had not been able … since she had mentioned his name to Elizabeth; … she said,—".
               // Unless a pronoun may point at another ("received her …", "à Albert une main que celui-ci saisit").
               nobodyElse(of: gender, than: hit.key, in: namedInNarration(p - 1, skipping: pointsElsewhere(p - 1, gender) ? [] : CastNames.prepositions)),
               // Nor the pronoun's own paragraph before its tag: "“Is it snowing?” Ruth looked up. “Yes,” she said."
               nobodyElse(of: gender, than: hit.key, in: namedBeforePronoun(p, gender)) {
                setSpeaker(p, hit.key, .pronoun)
            }
        }
    }

    /// "“… at Pemberley, Mr. Darcy!”" then "“It ought to be good,” he replied": the one of that
    /// gender the line just before surely addresses by name (`surelyAddressed`), present, not its
    /// speaker. A verb of reply, or any verb when the line before is somebody's of the other gender,
    /// who cannot be going on: "“Tom!” cried Ned." / "“Come here,” he said" may be Ned going on.
    private func pronounAnswer(_ p: Int, _ gender: Gender, _ candidates: Set<String>) -> String? {
        // Only a sure address: "“…, Mr. Darcy.”" may be an apposition, not spoken to him.
        // Both are lines of a dialogue, opening with their speech: not narration that quotes a
        // cry ("… klangen wie »Tränen-Trieschke —!« »Grünlich —!«").
        guard p > 0, opensWithSpeech(p - 1), opensWithSpeech(p), !continues(p), let verb = tags[p].first??.verb else { return nil }
        // A verb of reply; or any, when the line before is somebody's of the other gender, who cannot be going on.
        let otherGender = speaker[p - 1].map { names.genders[$0.key].map { $0 != gender } ?? false } ?? false
        guard SpeechVerbs.replies.contains(verb) || otherGender && !SpeechVerbs.continuing.contains(verb) else { return nil }
        let addressees = surelyAddressed[p - 1].filter { names.genders[$0] == gender }
        guard addressees.count == 1, let key = addressees.first, candidates.contains(key), speaker[p - 1]?.key != key,
              // "“Look at this, Tom!” said Kate. Ned turned round at once." / "“What is it?” he asked": Ned may answer.
              nobodyElse(of: gender, than: key, in: namedInNarration(p - 1)) else { return nil }
        return key
    }

    /// Whether narration paragraph `p` holds a word that may point at somebody other than its
    /// subject: an object pronoun of that gender ("received her with the utmost politeness"), or
    /// what `mayPointAtAnObject` looks for.
    private func pointsElsewhere(_ p: Int, _ gender: Gender) -> Bool {
        let pronouns: Set<String> = gender == .female ? ["her", "ihr"] : ["him", "ihn"]
        return mayPointAtAnObject(p) || SpeechTags.words(paragraphs[p], from: 0, to: paragraphs[p].count).contains {
            pronouns.contains(String(paragraphs[p][$0]).lowercased())
        }
    }

    /// Whether `found` holds nobody of `gender` but `key`: a pronoun of that gender can only be theirs.
    func nobodyElse(of gender: Gender, than key: String, in found: Set<String>) -> Bool {
        found.allSatisfy { $0 == key || names.genders[$0] != gender }
    }

    /// Whether the clause set first, up to its comma, holds a personal pronoun.
    private func frontedClausePronoun(_ text: [Character], from start: Int) -> Bool {
        let end = text[start...].firstIndex(of: ",") ?? text.count
        return SpeechTags.words(text, from: start, to: end).contains { word in
            let w = String(text[word]).lowercased()
            return Pronouns.gender(of: w) != nil || ["her", "him", "ihn", "ihm", "lui"].contains(w)
        }
    }

    /// Words that open a clause a sentence may set before its subject.
    static let frontedClauses: Set<String> = [
        "when", "as", "while", "after", "before", "though", "although", "since", "quand", "lorsque", "comme", "als", "wenn", "nachdem", "während",
    ]

    /// Whether paragraph `p` opens with a quote, no narration before it.
    private func opensWithSpeech(_ p: Int) -> Bool {
        guard let first = quotes[p].first else { return false }
        return !paragraphs[p][..<first.lowerBound].contains(where: \.isLetter)
    }

    /// The cast member a narration paragraph opens with, as its subject: its first words, or
    /// right after a short phrase set off by a comma ("Depuis un instant, madame Marty, très excitée …").
    private func openingSubject(_ p: Int) -> (key: String, end: Int)? {
        let text = paragraphs[p]
        guard let start = text.firstIndex(where: { !$0.isWhitespace }) else { return nil }
        if let hit = names.match(text, at: start), !hit.possessive { return (hit.key, hit.end) }
        // After a clause set first, up to its comma: "When the gentlemen rose to go away, Mrs. Bennet was mindful …".
        // Not one with a pronoun of its own, who may be the speaker: "As she came down the stairs, Mrs. Ashby was …".
        let fronted = Self.frontedClauses.contains(String(text[start..<(text[start...].firstIndex(where: { !$0.isLetter }) ?? text.count)]).lowercased())
            && !frontedClausePronoun(text, from: start)
        let words = SpeechTags.words(text, from: start, to: min(text.count, start + (fronted ? 120 : 60)))
        for (w, word) in words.enumerated().prefix(fronted ? 15 : 5) where w > 0 {
            let gap = text[words[w - 1].upperBound..<word.lowerBound]
            guard !gap.contains(where: { ".;:!?".contains($0) }) else { return nil }
            guard gap.contains(",") else { continue }
            guard let hit = names.match(text, at: word.lowerBound), !hit.possessive else { return nil }
            return (hit.key, hit.end)
        }
        return nil
    }

    /// Whether a count of turns may give the paragraph's "she said" to `key`: not when its narration
    /// before the tag names somebody else of that gender, and not them ("… altogether Alice did not
    /// like the look of the thing at all. “But perhaps it was only sobbing,” she thought", with the
    /// Duchess's turn due). Anyone named, even as an object ("When alone with Elizabeth afterwards,
    /// she spoke …", Mrs. Gardiner's line): the line may be a third person's; precision first, though
    /// "With a glance at Jane, … “I shall never like him,” she said" then loses its turns. Not a
    /// possessive: "On Miss Lucas’s persevering, however, she added".
    private func pronounMayBe(_ key: String, _ p: Int, _ gender: Gender) -> Bool {
        let named = namedBeforePronoun(p, gender, possessives: false).filter { names.genders[$0] == gender }
        return named.isEmpty || named.contains(key)
    }

    /// The cast members the paragraph's narration names before the quote whose tag is its pronoun.
    private func namedBeforePronoun(_ p: Int, _ gender: Gender, possessives: Bool = true) -> Set<String> {
        guard let q = tags[p].firstIndex(where: { if case .pronoun(.gendered(gender))? = $0?.credit { return true } else { return false } })
        else { return [] }
        return namedInNarration(p, before: quotes[p][q].lowerBound, possessives: possessives)
    }

    /// A quote left open at the end of a paragraph goes on in the next.
    private mutating func continueSpeech() {
        for p in paragraphs.indices.dropFirst() { continueSpeech(at: p) }
    }

    /// The lines from `p` on that go on with the credited line before them are its speaker's; whether `p` was.
    @discardableResult
    private mutating func continueSpeech(at p: Int) -> Bool {
        // Not to someone it speaks to: "«Vous le saurez ce soir, Maximilien." is not Maximilien going on.
        guard rules.contains(.continued), p < paragraphs.count, isOpen(p), continues(p), let previous = speaker[p - 1], maySpeak(previous.key, p)
        else { return false }
        setSpeaker(p, previous.key, .continued)
        return true
    }

    /// Runs of consecutive quoted paragraphs: a narration paragraph ends an exchange, unless it
    /// only hands over to the next line ("she could not but say,—").
    func chains() -> [[Int]] {
        var chains: [[Int]] = []
        var current: [Int] = []
        for p in paragraphs.indices {
            // A paragraph whose quotes are only words it names ("Er hatte die »Berliner Börsenzeitung«
            // vor sich ausgebreitet") is narration: no link in an exchange, nobody's turn.
            if !speaks(p) {
                // A paragraph that names a word hands over to nobody: "… waving the “Evening Standard” over her head—".
                let handsOver = p + 1 < paragraphs.count && speaks(p + 1) && quotes[p].isEmpty
                    && paragraphs[p].last(where: { !$0.isWhitespace }).map { ":—–".contains($0) } == true
                if !paragraphs[p].isEmpty, !current.isEmpty, !handsOver { chains.append(current); current = [] }
                continue
            }
            current.append(p)
        }
        if !current.isEmpty { chains.append(current) }
        return chains
    }

    /// A line turn-taking may credit: pure speech with no tag, or a lone unresolved "he said".
    /// Not one that goes on with the previous paragraph's speech, nor one somebody outside the cast speaks.
    func isTurn(_ p: Int) -> Bool {
        (isOpen(p) || pronounOpen(p) != nil && !goesOn(p) || isUnnamedBeat(p)) && !continues(p) && !outsider[p] && !handedOverUnsaid[p] && !answersWithHonorific[p]
    }

    /// A line whose narration only says what its speaker does, naming nobody (`Gestures`): "“May
    /// be not,” taking out a stick and whittling a toothpick, “but …”". A turn, as pure speech is.
    func isUnnamedBeat(_ p: Int) -> Bool {
        guard speaker[p] == nil, pronoun[p] == nil, !sounds[p], !letters[p], let first = quotes[p].first,
              tags[p].allSatisfy({ $0 == nil }), narrationNames[p].isEmpty,
              paragraphs[p].firstIndex(where: { !$0.isWhitespace }) == first.lowerBound else { return false }
        var cursor = 0, stretches = 0
        for quote in quotes[p] + [paragraphs[p].count..<paragraphs[p].count] {
            let words = SpeechTags.words(paragraphs[p], from: cursor, to: quote.lowerBound).map { String(paragraphs[p][$0]) }
            cursor = quote.upperBound
            guard !words.isEmpty else { continue }
            guard Gestures.isGesture(words) else { return false }
            stretches += 1
        }
        return stretches > 0
    }

    /// A paragraph whose first quote's pronoun tag goes on with the last speaker's speech: "“…,”
    /// he continued". (A later quote's "fuhr sie fort" goes on with the paragraph's own first.)
    func goesOn(_ p: Int) -> Bool {
        guard let tag = tags[p].first ?? nil, case .pronoun(.gendered) = tag.credit, SpeechVerbs.continuing.contains(tag.verb) else { return false }
        // "Er schwieg einen Augenblick und fuhr dann fort: »…«", or after narration: "“…,” she went on".
        // Not a tag right after another speaker's line, which may go on with the paragraph's own
        // first words ("»… Aber so bist du, Thomas«, fuhr er fort, …").
        return tag.rule == .leadIn || p > 1 && !speaks(p - 1)
    }

    /// Uncredited lines between or after credited ones take turns, where exactly two cast
    /// members are present throughout, both anchors are among them, and the count fits.
    private mutating func takeTurns() {
        for chain in chains() {
            let participants = rules.contains(.exchange) ? participants(chain) : [:]
            var i = 0
            while i < chain.count {
                guard isTurn(chain[i]) else { i += 1; continue }
                var j = i
                while j < chain.count, isTurn(chain[j]) { j += 1 }
                let run = Array(chain[i..<j])
                // A letter read out (`Letters`) keeps its readers in the scene, but turns are not counted across it.
                // A French «-paragraph that goes on with the run's last, not credited yet, is the same turn: no
                // neighbour to count to. (An English one may be the book's unclosed quote before an answer:
                // "“Dost know nothing at all about whaling, I dare say—eh?" then "“Nothing, Sir; …".)
                let left = i > 0 && !letters[chain[i - 1]] ? chain[i - 1] : nil
                let right = j < chain.count && !letters[chain[j]] && !(isOpen(chain[j]) && continuesInGuillemets(chain[j])) ? chain[j] : nil
                if !fillTurns(run, left: left, right: right, pair: nil, rule: .turnTaking) { takeExchangeTurns(run, left: left, right: right, participants) }
                // The lines that go on with the run's last are its speaker's before the next run counts from them.
                var next = run[run.count - 1] + 1
                while continueSpeech(at: next) { next += 1 }
                i = j
            }
        }
    }

    /// Credits `run` by turns from its credited neighbours, between `pair` (else everyone present,
    /// who must be two). Whether it did.
    @discardableResult
    mutating func fillTurns(_ run: [Int], left: Int?, right next: Int?, pair given: Set<String>?, rule: AttributionRule) -> Bool {
        // Turns are not counted back across narration that hands over ("she seized the opportunity
        // of saying,—"): what came before it may be a thought, or another exchange.
        let right = next.flatMap { $0 == run[run.count - 1] + 1 ? $0 : nil }
        // A neighbour in the exchange whose speaker is unknown (or not in the cast) breaks the turns.
        if let left, speaker[left] == nil { return false }
        if let right, speaker[right] == nil { return false }
        let leftKey = left.flatMap { speaker[$0]?.key }, rightKey = right.flatMap { speaker[$0]?.key }
        guard let anchor = leftKey ?? rightKey else { return false }
        // The two: everyone present at some line of the run, with the anchors; nobody else anywhere in it.
        let pair = given ?? run.reduce(into: Set([leftKey, rightKey].compactMap { $0 })) { $0.formUnion(present[$1]) }
        guard pair.count == 2, pair.contains(anchor), [leftKey, rightKey].allSatisfy({ $0.map(pair.contains) ?? true }) else { return false }
        let other = pair.first { $0 != anchor }!
        var assigned: [String] = []
        if leftKey != nil {
            assigned = run.indices.map { $0 % 2 == 0 ? other : anchor }
            if let rightKey, rightKey != (run.count % 2 == 0 ? other : anchor) { return false }
        } else {
            assigned = run.indices.map { (run.count - $0) % 2 == 1 ? other : anchor }
        }
        guard zip(run, assigned).allSatisfy({ p, key in
            maySpeak(key, p) && pronounOpen(p).map { names.genders[key] == $0 && key != narrator && pronounMayBe(key, p, $0) } ?? true
                && (rule == .turnTaking || !spoken(p).contains(key) && !introducedByAThird(p, pair: pair))
        }) else { return false }
        for (p, key) in zip(run, assigned) { setSpeaker(p, key, rule) }
        return true
    }

    /// "“What say you, Mary?”" — the open line right after is Mary's, when she is named or speaking
    /// nearby, the line does not address her itself, and the line after it is somebody else's. Or,
    /// when nobody is known to speak after it, when the question's speaker is known and its
    /// narration names nobody else ("“Has he ever whaled it any?” turning to me.").
    private mutating func answerAddressed() {
        for chain in chains() {
            for (i, p) in chain.enumerated() where isOpen(p) && !continues(p) && !outsider[p] && i > 0 {
                let previous = chain[i - 1], next = i + 1 < chain.count && chain[i + 1] == p + 1 ? chain[i + 1] : nil
                guard previous == p - 1, addressed[previous].count == 1, let key = addressed[previous].first, speaker[previous]?.key != key,
                      seen[p].contains(key), maySpeak(key, p), !spoken(p).contains(key) else { continue }
                let after = next.flatMap { speaker[$0]?.key }
                if let after, after == key { continue }
                if after == nil {
                    guard let asker = speaker[previous]?.key, narrationNames[previous].isSubset(of: [asker, key]) else { continue }
                }
                setSpeaker(p, key, .answer)
            }
        }
    }

    /// "“So I did, Ruth.”" answers Ruth: the uncredited line before it is hers, when she is
    /// present and the turns agree (the lines around it are not hers). And a line answering
    /// a line that names its speaker ("“Come, Darcy,” said Bingley") is Darcy's when Bingley speaks after it.
    private mutating func answerVocatives() {
        for chain in chains() {
            for (i, p) in chain.enumerated() where isOpen(p) && !continues(p) && !outsider[p] {
                // Answers follow each other directly, with no narration between.
                let previous = i > 0 && chain[i - 1] == p - 1 ? chain[i - 1] : nil
                // And the next line is a new turn, not this one's speech going on.
                let next = i + 1 < chain.count && chain[i + 1] == p + 1 && !continues(p + 1) ? chain[i + 1] : nil
                if let next, answering(next).count == 1, let key = answering(next).first,
                   fits(key, at: p, previous: previous, next: next) {
                    setSpeaker(p, key, .vocative)
                } else if let previous, addressed[previous].count == 1, let key = addressed[previous].first, let asker = speaker[previous]?.key,
                          let next, speaker[next]?.key == asker, fits(key, at: p, previous: previous, next: next) {
                    setSpeaker(p, key, .vocative)
                }
            }
        }
    }

    /// "»Danke, Wenzel. Gutes Wetter heute?«" with only Tom and Wenzel present is Tom's: an open
    /// line that addresses one of exactly two cast members present is the other's. Not a summons
    /// ("Monsieur Mouret ! monsieur Mouret !"), nor a name that says who ("your partner, Jacob
    /// Marley", "I, Tom Tulliver"); a name inside a quote the line quotes addresses nobody (`address`).
    private mutating func speakToTheOther() {
        let lines = paragraphs.indices.filter { p in
            isOpen(p) && !continues(p) && !outsider[p] && !summons[p] && addressed[p].count == 1 && explained[p].isEmpty
        }
        guard !lines.isEmpty else { return }
        // Whoever the rules so far credited in an exchange is present throughout it (counted for this
        // rule only: the turn-taking after it keeps the scenes it had).
        let present = Scenes.presence(self, named: narrationNames, addressed: true, at: lines)
        let seen = Scenes.presence(self, named: narrationNames, addressed: false, at: lines)
        // The credits before this rule: a line right before or after that is the other's already
        // makes this one a third person's ("»Verzeih, Thomas, …«" between two of Tony's).
        let credited = speaker
        for p in lines {
            guard let key = addressed[p].first, let present = present[p], let seen = seen[p],
                  present.count == 2, present.contains(key),
                  let other = present.first(where: { $0 != key }), other != Scenes.someoneElse, other != narrator,
                  seen.contains(other), !spoken(p).contains(other),
                  ![p - 1, p + 1].contains(where: { $0 >= 0 && $0 < paragraphs.count && credited[$0]?.key == other }),
                  // Narration right before that quotes a word in passing and does not name them may hand
                  // the line to someone outside the cast: "… den Wirt »Herr Senator« nannte. Siegismund
                  // Gosch aber … ging umher wie ein brüllender Löwe …" then "»Konsul Buddenbrook, meine Herren …«".
                  // (A word in quotation marks, not `speaks`: the quoted word is what this guards against.)
                  p == 0 || quotes[p - 1].isEmpty || opensWithSpeech(p - 1) || narrationNames[p - 1].contains(other),
                  // "elle cria à Denise :" with Baudu and Denise present is neither's.
                  pronoun[p] == nil || names.genders[other].map({ pronoun[p] == .gendered($0) }) == true
            else { continue }
            setSpeaker(p, other, .vocative)
        }
    }

    /// Whom the first speaker of a paragraph addresses: its quotes credited as its first is
    /// ("»So daß …?« … flüsterte Frau Permaneder: »Thomas!…«" — her "Thomas" is not the first line's).
    private func answering(_ p: Int) -> Set<String> {
        // Uncredited, only the first quote is sure to be the answer: "»In der Tat! …« … »Aber um
        // Vergebung …, Frau Konsulin«" turns to somebody else.
        guard let first = credited[p][0]?.key else { return quoteAddressed[p][0] }
        return quotes[p].indices.filter { credited[p][$0]?.key == first }.reduce(into: Set<String>()) { $0.formUnion(quoteAddressed[p][$1]) }
    }

    private func fits(_ key: String, at p: Int, previous: Int?, next: Int) -> Bool {
        // A line that names somebody is seldom theirs ("…, das mußt du zugeben, Tom. Aber …").
        seen[p].contains(key) && maySpeak(key, p) && !spoken(p).contains(key) && previous.flatMap({ speaker[$0]?.key }) != key
            && speaker[next]?.key != key
    }

    /// Why a quote is read by the dialogue voice, for `narrate plan --dialogue`.
    struct ReasonContext {
        let scene: String
        let open: Bool
        let several: Bool
    }

    func reasonContext(_ p: Int) -> ReasonContext {
        ReasonContext(scene: present[p].sorted().joined(separator: ", "), open: isOpen(p), several: Set(credited[p].compactMap { $0?.key }).count > 1)
    }

    func reason(_ p: Int, _ q: Int, _ context: ReasonContext) -> String {
        let scene = context.scene
        switch tags[p][q]?.credit {
        case let .other(name)?: return "\(name) is not in the cast"
        case .pronoun? where outsider[p]: return "the paragraph is about somebody not in the cast"
        case .pronoun(.firstPerson)?: return "“I”, and no first-person narrator in the cast"
        case .pronoun(.plural)?: return "several speakers"
        case let .pronoun(.gendered(gender))?:
            if !present[p].isEmpty, present[p].allSatisfy({ names.genders[$0] == nil }) {
                return "“\(gender == .male ? "he" : "she")”: no gender in the cast for \(scene); add gender: to resolve it"
            }
            let count = present[p].filter { names.genders[$0] == gender }.count
            return "“\(gender == .male ? "he" : "she")” with \(count) \(gender.rawValue) cast member\(count == 1 ? "" : "s") in the scene (\(scene))"
        default: break
        }
        if context.several { return "the paragraph credits several speakers" }
        if sounds[p] { return "a sound, not a line: no turn of anyone's" }
        if letters[p] { return "a letter, read out: no turn of anyone's" }
        if handedOverUnsaid[p] { return "brought in by narration that says nobody the tags can read: no turn of anyone's" }
        if !context.open { return "no speech tag names anyone" }
        return present[p].count == 2 ? "no tag, and no credited turn it fits between (scene: \(scene))" : "no tag, \(present[p].count) cast members in the scene\(scene.isEmpty ? "" : " (\(scene))")"
    }
}
