/// Words of address that name nobody but say whom a line answers: "“Is your master much at
/// Pemberley in the course of the year?”" then "“Not so much as I could wish, sir: …”", with Mr.
/// Gardiner the one man who has spoken lately, is his question.
extension ChapterAttribution {
    /// Lowercase words that address a man or a woman when set off ("Yes, sir;", "Oui, madame.").
    static let honorifics: [String: Gender] = [
        "sir": .male, "ma’am": .female, "ma'am": .female, "madam": .female,
        "monsieur": .male, "madame": .female,
    ]

    /// How far back a speaker still counts as having spoken lately, in paragraphs.
    private static let lately = 8

    /// The untagged line right before a line with an honorific is the one cast member of that
    /// gender in the scene, when they spoke a line of the last few paragraphs and nobody else of
    /// that gender did. Only credits the question: the honorific's own line may be anyone's, and
    /// who is called "sir" may be somebody outside the cast (a steward, a judge).
    mutating func answerHonorifics() {
        for chain in chains() {
            for (i, p) in chain.enumerated() where i > 0 && chain[i - 1] == p - 1 {
                let question = p - 1
                // The question is speech and nothing else (`isOpen`: no tag, no narration naming its speaker),
                // and opens the talk or follows a line whose speaker is known: inside a run of lines nobody
                // tags ("“But my father cannot.”" / "“Oh, your father, of course, may spare you …”" /
                // "“You are all kindness, madam; …”"), the one who asks may be outside the cast.
                guard isOpen(question), !continues(question), !outsider[question],
                      question == 0 || !isOpen(question - 1) || speaker[question - 1] != nil,
                      !continues(p), addressed[p].isEmpty,
                      let first = quotes[p].first, let gender = honorific(in: paragraphs[p], quote: first) else { continue }
                let candidates = seen[question].filter { $0 != Scenes.someoneElse && $0 != narrator && names.genders[$0] == gender }
                let spokeLately = Set((max(0, question - Self.lately)..<question).compactMap { speaker[$0]?.key })
                    .filter { names.genders[$0] == gender }
                // Nobody outside the cast speaks lately ("—De M. Beauchamp, répondit Florentin." after
                // Albert's "demanda vivement Albert", neither cast): the question may be theirs.
                let strangers = (max(0, question - Self.lately)...p).contains { q in
                    outsider[q] || tags[q].contains { if case .other? = $0?.credit { return true } else { return false } }
                }
                guard !strangers, candidates.count == 1, let key = candidates.first, spokeLately == [key],
                      maySpeak(key, question), !spoken(question).contains(key), speaker[p]?.key != key,
                      question == 0 || speaker[question - 1]?.key != key,
                      // Nor narration since their last line that brings somebody in: "The doctor shook his head slowly."
                      !bringsSomebodyIn(from: (max(0, question - Self.lately)..<question).last { speaker[$0]?.key == key } ?? question, to: question)
                else { continue }
                setSpeaker(question, key, .vocative)
                // The line with the honorific is often a servant's or a stranger's: no turn counts it.
                answersWithHonorific[p] = true
            }
        }
    }

    /// Whether a narration paragraph from `start` up to `end` opens with somebody the cast does not
    /// name: an article and a lower-case word ("The doctor shook his head", "Le notaire rangeait ses
    /// papiers", "A man was standing in the shadow"), after a conjunction if any.
    private func bringsSomebodyIn(from start: Int, to end: Int) -> Bool {
        (start..<end).contains { q in
            guard !speaks(q) else { return false }
            let words = SpeechTags.words(paragraphs[q], from: 0, to: min(paragraphs[q].count, 60)).map { String(paragraphs[q][$0]) }
            var i = 0
            if i < words.count, ["and", "but", "then", "et", "mais", "puis", "und", "aber", "da", "dann"].contains(words[i].lowercased()) { i += 1 }
            return i + 1 < words.count && Self.openingArticles.contains(words[i].lowercased()) && words[i + 1].first?.isLowercase == true
        }
    }

    private static let openingArticles: Set<String> = ["the", "a", "an", "le", "la", "l", "un", "une", "der", "die", "das", "ein", "eine"]

    /// The gender an honorific set off by punctuation inside `quote` addresses, if one does.
    private func honorific(in text: [Character], quote: Range<Int>) -> Gender? {
        let inner = (quote.lowerBound + 1)..<max(quote.lowerBound + 1, quote.upperBound)
        for word in SpeechTags.words(text, from: inner.lowerBound, to: inner.upperBound) {
            guard let gender = Self.honorifics[String(text[word])] else { continue }
            let before = text[inner.lowerBound..<word.lowerBound].last(where: { !$0.isWhitespace })
            let after = text[word.upperBound..<inner.upperBound].first(where: { !$0.isWhitespace && $0 != "\u{00A0}" && $0 != "\u{202F}" })
            guard before.map({ ",!?;—–".contains($0) }) ?? true, after.map({ ",!?.;:—–”’\"»".contains($0) }) ?? true else { continue }
            return gender
        }
        return nil
    }
}
