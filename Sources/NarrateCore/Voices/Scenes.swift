/// Who is in the scene, and what it tells: a pronoun's speaker when one cast member of that
/// gender is present; turns when exactly two are present; the speaker of a line that another
/// line answers by name. A line is never credited to someone who is not present.
enum Scenes {

    /// Per paragraph: the cast members named in the narration of the last `sceneWindow` paragraphs,
    /// credited (or, with `addressed`, addressed by name) there, and everyone credited in the
    /// same unbroken exchange. Turn-taking counts the addressed, so that a third person spoken
    /// to stops it; crediting somebody (a pronoun, an answer) needs them named or speaking,
    /// since a name set off by commas may be an apposition ("my nephew, Mr. Darcy.").
    static func presence(_ chapter: ChapterAttribution, named: [Set<String>], addressed: Bool) -> [Set<String>] {
        let mentions = chapter.paragraphs.indices.map { p -> Set<String> in
            var found = named[p].union(chapter.credited[p].compactMap { $0?.key }).union(addressed ? chapter.addressed[p] : [])
            // Somebody outside the cast speaking ("said the vicar") is a third person for turn-taking.
            if chapter.tags[p].contains(where: { if case .other? = $0?.credit { return true } else { return false } }) { found.insert(someoneElse) }
            return found
        }
        var present = chapter.paragraphs.indices.map { p in
            mentions[max(0, p - chapter.attributor.sceneWindow + 1)...p].reduce(into: Set<String>()) { $0.formUnion($1) }
        }
        // Whoever speaks in an unbroken exchange is present throughout it.
        for chain in chapter.chains() {
            let speakers = chain.reduce(into: Set<String>()) { $0.formUnion(chapter.credited[$1].compactMap { $0?.key }) }
            for p in chain { present[p].formUnion(speakers) }
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
                    ["I", "me", "je", "moi", "ich", "mich", "mir"].contains(String(paragraphs[p][word]))
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
        continueSpeech()
        if rules.contains(.turnTaking) { takeTurns() }
        if rules.contains(.vocative) { answerVocatives() }
        if rules.contains(.answer) { answerAddressed() }
        if rules.contains(.vocative) || rules.contains(.answer), rules.contains(.turnTaking) { takeTurns() }
        continueSpeech()
    }

    /// "said she": the one cast member of that gender present, not addressed by the line.
    private mutating func resolvePronouns() {
        for p in paragraphs.indices where speaker[p] == nil && !outsider[p] {
            guard case let .gendered(gender)? = pronoun[p] else { continue }
            // A first-person narrator is "I", never "he".
            var candidates = seen[p].filter { names.genders[$0] == gender && !addressed[p].contains($0) && $0 != narrator }
            // "– C'est bien, mon oncle, finit-elle": of the women present, the one described as his niece.
            if candidates.count > 1, !kinSpeakers[p].isEmpty { candidates.formIntersection(kinSpeakers[p]) }
            if candidates.count == 1, let key = candidates.first { setSpeaker(p, key, .pronoun) }
        }
    }

    /// A quote left open at the end of a paragraph goes on in the next.
    private mutating func continueSpeech() {
        guard rules.contains(.continued) else { return }
        for p in paragraphs.indices.dropFirst() where isOpen(p) && continues(p) {
            if let previous = speaker[p - 1] { setSpeaker(p, previous.key, .continued) }
        }
    }

    /// Runs of consecutive quoted paragraphs: a narration paragraph ends an exchange, unless it
    /// only hands over to the next line ("she could not but say,—").
    func chains() -> [[Int]] {
        var chains: [[Int]] = []
        var current: [Int] = []
        for p in paragraphs.indices {
            if quotes[p].isEmpty {
                let handsOver = p + 1 < paragraphs.count && !quotes[p + 1].isEmpty
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
    private func isTurn(_ p: Int) -> Bool { (isOpen(p) || pronounOpen(p) != nil) && !continues(p) && !outsider[p] }

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
                let run = Array(chain[i..<j]), left = i > 0 ? chain[i - 1] : nil, right = j < chain.count ? chain[j] : nil
                if !fillTurns(run, left: left, right: right, pair: nil, rule: .turnTaking) { takeExchangeTurns(run, left: left, right: right, participants) }
                i = j
            }
        }
    }

    /// Everyone an exchange credits or addresses by name, and somebody outside the cast if one
    /// speaks: people only named in the narration are present but silent.
    /// The exchange's own two take turns, counted only between lines with no narration between,
    /// since narration that hands over may report speech ("desired he would tell her").
    private mutating func takeExchangeTurns(_ run: [Int], left: Int?, right: Int?, _ participants: [Int: Set<String>]) {
        var start = 0
        for end in run.indices where end + 1 == run.count || run[end + 1] != run[end] + 1 {
            let piece = Array(run[start...end])
            start = end + 1
            let left = left == piece[0] - 1 ? left : nil, right = right == piece[piece.count - 1] + 1 ? right : nil
            guard var pair = participants[piece[0]] else { continue }
            // A long exchange may pass from one pair to another (Thomas and Christian quarrel; Tony
            // put in a word before): then the two around the piece, if its lines address nobody else,
            // with anchors credited by what the text says next to them (a tag, a lead-in), not by a
            // pronoun or a count, or one wrong credit would run on. Between two such lines whose
            // count fits (fillTurns checks it), or after two of the two with nothing between, that is
            // enough; otherwise the whole stretch of speech must alternate.
            let wide = pair.count > 2
            if wide { pair = localPair(piece, left: left, right: right) }
            let anchors = [left, right].compactMap { $0 }
            let tagged = anchors.allSatisfy(isTagged)
            let sandwiched = wide && tagged && anchors.count == 2
            let lastTwo = lastTwo(before: piece[0])
            let following = wide && left != nil && right == nil && lastTwo.count == 2 && lastTwo.isSuperset(of: pair)
            if following { pair = lastTwo }
            // Anchors whose narration names a third person ("turning to me") hand the word on; and
            // with a third present, the two must speak to each other by name somewhere in it.
            let quiet = anchors.allSatisfy { narrationNames[$0].isSubset(of: pair) }
            let toEachOther = (piece + anchors).contains { !addressed[$0].isDisjoint(with: pair) }
            // Somebody outside the cast may be several people: only two of the cast make a pair.
            guard pair.count == 2, !pair.contains(Scenes.someoneElse), !wide || tagged && quiet && toEachOther,
                  sandwiched || following || alternates(around: piece[0], pair),
                  piece.allSatisfy({ addressed[$0].isSubset(of: pair) }) else { continue }
            fillTurns(piece, left: left, right: right, pair: pair, rule: .exchange)
        }
    }

    /// The speakers of the two credited paragraphs right before `p`, with no narration or open line between.
    private func lastTwo(before p: Int) -> Set<String> {
        guard p >= 2, isTagged(p - 1), isTagged(p - 2), let a = speaker[p - 1]?.key, let b = speaker[p - 2]?.key, a != b else { return [] }
        return [a, b]
    }

    /// Credited by what the text says next to the quote: a tag, a lead-in, an introduction.
    private func isTagged(_ p: Int) -> Bool {
        guard let rule = speaker[p]?.rule else { return false }
        return [.verb, .leadIn, .paragraph, .introduction, .firstPerson].contains(rule)
    }

    /// Who speaks in the credited lines around a piece and who its lines address.
    private func localPair(_ piece: [Int], left: Int?, right: Int?) -> Set<String> {
        var found = Set([left, right].compactMap { $0.flatMap { speaker[$0]?.key } })
        for p in piece + [left, right].compactMap({ $0 }) { found.formUnion(addressed[p]) }
        return found
    }

    /// Whether the credited lines of the stretch of speech holding `p` (no narration between)
    /// alternate between the two, A, B, A, B, with nothing but open lines between them: a
    /// third voice anywhere in it, tagged or not, breaks the count.
    private func alternates(around p: Int, _ pair: Set<String>) -> Bool {
        var start = p, end = p
        while start > 0, !quotes[start - 1].isEmpty { start -= 1 }
        while end + 1 < paragraphs.count, !quotes[end + 1].isEmpty { end += 1 }
        var expected: [Int: String] = [:]  // parity → key
        for q in start...end {
            if let key = speaker[q]?.key {
                guard pair.contains(key), expected[q % 2, default: key] == key, expected[(q + 1) % 2] != key else { return false }
                expected[q % 2] = key
            } else if !isTurn(q) {
                return false
            }
        }
        guard expected.count == 2 || expected.count == 1 else { return false }
        let other = pair.subtracting(expected.values)
        let keys = [0, 1].map { expected[$0] ?? other.first! }
        // An open line in someone's place that speaks to them or of them is somebody else's.
        return (start...end).allSatisfy { q in speaker[q] != nil || !addressed[q].contains(keys[q % 2]) && !spoken(q).contains(keys[q % 2]) }
    }

    /// The cast members a paragraph's quotes name (a line does not name its own speaker: "put it into Lizzy’s head").
    func spoken(_ p: Int) -> Set<String> {
        quotes[p].reduce(into: Set<String>()) { $0.formUnion(names.mentions(paragraphs[p], in: $1)) }
    }

    /// The exchange is the chain, cut where narration hands over to a new speaker without answering.
    private func participants(_ chain: [Int]) -> [Int: Set<String>] {
        var result: [Int: Set<String>] = [:]
        var exchange: [Int] = []
        for p in chain + [-1] {
            if p < 0 || opensExchange[p] && !exchange.isEmpty {
                let found = exchange.reduce(into: Set<String>()) { found, p in
                    found.formUnion(credited[p].compactMap { $0?.key })
                    found.formUnion(addressed[p])
                    if outsider[p] || tags[p].contains(where: { if case .other? = $0?.credit { return true } else { return false } }) {
                        found.insert(Scenes.someoneElse)
                    }
                }
                for q in exchange { result[q] = found }
                exchange = []
            }
            if p >= 0 { exchange.append(p) }
        }
        return result
    }

    /// Credits `run` by turns from its credited neighbours, between `pair` (else everyone present,
    /// who must be two). Whether it did.
    @discardableResult
    private mutating func fillTurns(_ run: [Int], left: Int?, right given0: Int?, pair given: Set<String>?, rule: AttributionRule) -> Bool {
        // Turns are not counted back across narration that hands over ("she seized the opportunity
        // of saying,—"): what came before it may be a thought, or another exchange.
        let right = given0.flatMap { $0 == run[run.count - 1] + 1 ? $0 : nil }
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
            !addressed[p].contains(key) && pronounOpen(p).map { names.genders[key] == $0 && key != narrator } ?? true
                && (rule == .turnTaking || !spoken(p).contains(key) && !introducedByAThird(p, pair: pair))
        }) else { return false }
        for (p, key) in zip(run, assigned) { setSpeaker(p, key, rule) }
        return true
    }

    /// The last sentence of the narration paragraph right before opens with a cast member outside
    /// the pair ("L’émotion gagnait toute la famille. Geneviève se permit de prendre la parole."):
    /// the line may be theirs.
    private func introducedByAThird(_ p: Int, pair: Set<String>) -> Bool {
        guard p > 0, quotes[p - 1].isEmpty else { return false }
        let text = paragraphs[p - 1]
        guard var end = text.lastIndex(where: { !$0.isWhitespace }) else { return false }
        if ".!?".contains(text[end]) { end -= 1 }
        var start = end
        // Back to the sentence's start; a title's dot ("Mr.") does not end one.
        while start > 0 {
            guard ".!?".contains(text[start - 1]) else { start -= 1; continue }
            let wordStart = text[..<(start - 1)].lastIndex { !$0.isLetter }.map { $0 + 1 } ?? 0
            let word = String(text[wordStart..<(start - 1)]).lowercased()
            guard text[start - 1] == ".", SpeechTags.titles.contains(word) else { break }
            start -= 1
        }
        while start < end, text[start].isWhitespace { start += 1 }
        guard let hit = names.match(text, at: start), !hit.possessive else { return false }
        return !pair.contains(hit.key)
    }

    /// "“What say you, Mary?”" — the open line right after is Mary's, when she is named or speaking
    /// nearby, the line does not address her itself, and the line after it is somebody else's.
    private mutating func answerAddressed() {
        for chain in chains() {
            for (i, p) in chain.enumerated() where isOpen(p) && !continues(p) && !outsider[p] && i > 0 && i + 1 < chain.count {
                let previous = chain[i - 1], next = chain[i + 1]
                guard previous == p - 1, next == p + 1, addressed[previous].count == 1, let key = addressed[previous].first,
                      let after = speaker[next]?.key, after != key, speaker[previous]?.key != key,
                      seen[p].contains(key), !addressed[p].contains(key), !spoken(p).contains(key) else { continue }
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

    /// Whom the first speaker of a paragraph addresses: its quotes credited as its first is
    /// ("»So daß …?« … flüsterte Frau Permaneder: »Thomas!…«" — her "Thomas" is not the first line's).
    private func answering(_ p: Int) -> Set<String> {
        // Uncredited, only the first quote is sure to be the answer: "»In der Tat! …« … »Aber um
        // Vergebung …, Frau Konsulin«" turns to somebody else.
        guard let first = credited[p][0]?.key else { return quoteAddressed[p][0] }
        return quotes[p].indices.filter { credited[p][$0]?.key == first }.reduce(into: Set<String>()) { $0.formUnion(quoteAddressed[p][$1]) }
    }

    private func fits(_ key: String, at p: Int, previous: Int?, next: Int) -> Bool {
        seen[p].contains(key) && !addressed[p].contains(key) && previous.flatMap({ speaker[$0]?.key }) != key
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
        if !context.open { return "no speech tag names anyone" }
        return present[p].count == 2 ? "no tag, and no credited turn it fits between (scene: \(scene))" : "no tag, \(present[p].count) cast members in the scene\(scene.isEmpty ? "" : " (\(scene))")"
    }
}
