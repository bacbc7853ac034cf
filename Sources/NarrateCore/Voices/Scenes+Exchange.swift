/// The `exchange` rule: lines of an exchange whose credited lines and addresses name exactly two
/// people take turns between them, though others are present; inside a long exchange that passes
/// from one pair to another, the two around the untagged lines, on strict conditions.
extension ChapterAttribution {
    /// Everyone an exchange credits or addresses by name, and somebody outside the cast if one
    /// speaks: people only named in the narration are present but silent.
    /// The exchange's own two take turns, counted only between lines with no narration between,
    /// since narration that hands over may report speech ("desired he would tell her").
    mutating func takeExchangeTurns(_ run: [Int], left: Int?, right: Int?, _ participants: [Int: Set<String>]) {
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
            // The two lines a following piece goes on from count too ("Man muß gestehen, Christian, …").
            let around = piece + anchors + (following ? [piece[0] - 2] : [])
            let toEachOther = around.contains { !addressed[$0].isDisjoint(with: pair) }
            // Somebody outside the cast may be several people: only two of the cast make a pair.
            guard pair.count == 2, !pair.contains(Scenes.someoneElse), !wide || tagged && quiet && toEachOther,
                  sandwiched || following || alternates(around: piece[0], pair),
                  piece.allSatisfy({ addressed[$0].isSubset(of: pair) }) else { continue }
            fillTurns(piece, left: left, right: right, pair: pair, rule: .exchange)
        }
    }

    /// The speakers of the two tagged paragraphs right before `p`, with no narration or open line between.
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
        while start > 0, speaks(start - 1) { start -= 1 }
        while end + 1 < paragraphs.count, speaks(end + 1) { end += 1 }
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
    func spoken(_ p: Int) -> Set<String> { spokenNames[p] }

    /// The exchange is the chain, cut where narration hands over to a new speaker without answering.
    func participants(_ chain: [Int]) -> [Int: Set<String>] {
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

    /// The last sentence of the narration paragraph right before opens with a cast member outside
    /// the pair ("L’émotion gagnait toute la famille. Geneviève se permit de prendre la parole."):
    /// the line may be theirs.
    func introducedByAThird(_ p: Int, pair: Set<String>) -> Bool {
        guard let subject = subjectBefore(p) else { return false }
        return !pair.contains(subject)
    }

    /// The cast member the last sentence of the narration paragraph right before `p` opens with
    /// (its subject, as a rule).
    private func subjectBefore(_ p: Int) -> String? {
        guard p > 0, !speaks(p - 1) else { return nil }
        let text = paragraphs[p - 1]
        guard let last = text.lastIndex(where: { !$0.isWhitespace }) else { return nil }
        var end = last
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
        guard let hit = names.match(text, at: start), !hit.possessive else { return nil }
        return hit.key
    }
}
