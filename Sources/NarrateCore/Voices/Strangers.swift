/// Speakers the cast does not know, told by the narration's subject: "Der dicke Lüders stand
/// auf. … und antwortete einfach: »…«". Their lines are nobody's turn in the cast, and no cast member's "he".
extension ChapterAttribution {
    /// A paragraph nobody in the cast is credited with is somebody else's when it opens with a
    /// stranger as its subject. Not the "»…«, sagte er" after narration that does: "Mary wished to
    /// say something very sensible, but knew not how." then "“…,” he continued" is her father's.
    mutating func markStrangers() {
        // Each paragraph's opening subject first, then one pass over the chapter for those words only.
        var openings: [(p: Int, word: String)] = []
        for p in paragraphs.indices where !quotes[p].isEmpty && speaker[p] == nil {
            // Not when the narration goes on to a cast member: "Die gute Ida war schon ganz grau, … Tony …"
            if let first = quotes[p].first, first.lowerBound > 0, let word = openingStranger(p, before: first.lowerBound),
               namedInNarration(p, before: first.lowerBound).isEmpty {
                openings.append((p, word))
            }
        }
        guard !openings.isEmpty else { return }
        let names = capitalisedInsideSentences(Set(openings.map(\.word)))
        for opening in openings where names.contains(opening.word) { outsider[opening.p] = true }
    }

    /// The word paragraph `p` opens with as its subject, if it may be a name outside the cast:
    /// capitalised, no cast name, pronoun or title, alone or after an article and an epithet
    /// ("Der dicke Lüders", "le petit Jean"), with more words after it (its verb: "Heinricy war", "Lüders setzte sich").
    private func openingStranger(_ p: Int, before end: Int) -> String? {
        let text = paragraphs[p]
        let words = SpeechTags.words(text, from: 0, to: min(end, 80))
        guard var index = words.indices.first else { return nil }
        let first = String(text[words[index]])
        if Self.articles.contains(first.lowercased()) {
            index += 1
            var epithets = 0
            while index < words.count, text[words[index].lowerBound].isLowercase, epithets < 2 { index += 1; epithets += 1 }
            guard epithets > 0 else { return nil }
        }
        guard index + 1 < words.count else { return nil }
        let word = String(text[words[index]])
        // Nor the last word of a cast name or description: "The old Squire rose" is the Squire.
        guard word.first?.isUppercase == true, Pronouns.gender(of: word) == nil, !SpeechTags.titles.contains(word.lowercased()),
              names.match(text, at: words[index].lowerBound) == nil, !names.lastWords.contains(word.lowercased()) else { return nil }
        return word
    }

    /// Singular articles a stranger's epithet may follow. Not `CastNames.articles`: "das" is also
    /// "that" ("Das war ein Freitag."), and "les" opens a plural, which no "he said" follows.
    static let articles: Set<String> = ["der", "die", "the", "le", "la"]

    /// Which of `words` the chapter writes capitalised inside a sentence (after a letter or a comma):
    /// a name, or in German a noun, rather than a word capitalised for opening a sentence ("Plötzlich").
    private func capitalisedInsideSentences(_ words: Set<String>) -> Set<String> {
        let initials = Set(words.compactMap(\.first))
        var found = Set<String>()
        for text in paragraphs {
            var i = 1
            while i < text.count {
                defer { i += 1 }
                guard initials.contains(text[i]), !text[i - 1].isLetter else { continue }
                guard let before = text[..<i].lastIndex(where: { !$0.isWhitespace }), text[before].isLetter || text[before] == "," else { continue }
                var end = i
                while end < text.count, text[end].isLetter { end += 1 }
                let word = String(text[i..<end])
                if words.contains(word) { found.insert(word) }
            }
        }
        return found
    }
}
