/// Speakers the cast does not know, told by the narration's subject: "Der dicke Lüders stand
/// auf. … und antwortete einfach: »…«". Their lines are nobody's turn in the cast, and no cast member's "he".
extension ChapterAttribution {
    /// A paragraph nobody in the cast is credited with is somebody else's when it opens with a
    /// stranger as its subject. Not the "»…«, sagte er" after narration that does: "Mary wished to
    /// say something very sensible, but knew not how." then "“…,” he continued" is her father's.
    mutating func markStrangers() {
        let capitals = capitalsInsideSentences()
        for p in paragraphs.indices where !quotes[p].isEmpty && speaker[p] == nil {
            // Not when the narration goes on to a cast member: "Die gute Ida war schon ganz grau, … Tony …"
            if let first = quotes[p].first, first.lowerBound > 0, opensWithStranger(p, before: first.lowerBound, capitals),
               namedInNarration(p, before: first.lowerBound).isEmpty {
                outsider[p] = true
            }
        }
    }

    /// Whether paragraph `p` opens with a name outside the cast as its subject: a word the
    /// chapter capitalises inside sentences (a name; in German, a noun), alone or after an
    /// article and an epithet ("Der dicke Lüders").
    private func opensWithStranger(_ p: Int, before end: Int, _ capitals: Set<String>) -> Bool {
        let text = paragraphs[p]
        let words = SpeechTags.words(text, from: 0, to: min(end, 80))
        guard var index = words.indices.first else { return false }
        let first = String(text[words[index]])
        if Self.articles.contains(first.lowercased()) {
            index += 1
            var epithets = 0
            while index < words.count, text[words[index].lowerBound].isLowercase, epithets < 2 { index += 1; epithets += 1 }
            guard epithets > 0 else { return false }
        }
        guard index < words.count else { return false }
        let word = String(text[words[index]])
        guard word.first?.isUppercase == true, capitals.contains(word), Pronouns.gender(of: word) == nil,
              !SpeechTags.titles.contains(word.lowercased()), names.match(text, at: words[index].lowerBound) == nil else { return false }
        // The name is the subject: a verb follows it ("Heinricy war", "Lüders setzte sich").
        return index + 1 < words.count
    }

    /// Articles a stranger's epithet may follow: "Der dicke Lüders", "the fat boy", "le petit Jean".
    static let articles: Set<String> = ["der", "die", "the", "le", "la"]

    /// Words written capitalised after a letter, comma or space inside a sentence, anywhere in the chapter.
    private func capitalsInsideSentences() -> Set<String> {
        var found = Set<String>()
        for text in paragraphs {
            for word in SpeechTags.words(text, from: 0, to: text.count) where word.lowerBound > 0 && text[word.lowerBound].isUppercase {
                guard let before = text[..<word.lowerBound].lastIndex(where: { !$0.isWhitespace }) else { continue }
                if text[before].isLetter || text[before] == "," { found.insert(String(text[word])) }
            }
        }
        return found
    }
}
