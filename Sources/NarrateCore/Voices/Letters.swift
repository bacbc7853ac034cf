/// Letters set into the text as quoted paragraphs: a salutation on a paragraph of its own
/// (`“My dear Harriet,`, `«Mon cher Maximilien,`), perhaps after a heading (`“Hunsford, near
/// Westerham, Kent, 15th October.`), then the body, each paragraph opening the quote again, to
/// the paragraph that closes it (`“LYDIA BENNET.”`). A letter is read out, not said in turn: none
/// of its paragraphs is a line of an exchange, and narration that hands over to it ("These were
/// the contents:—") hands over to the letter, not to the next speaker.
enum Letters {
    /// Whether each paragraph of a chapter belongs to a letter.
    static func paragraphs(_ paragraphs: [[Character]], quotes: [[Range<Int>]]) -> [Bool] {
        var letter = paragraphs.map { _ in false }
        var p = 0
        while p < paragraphs.count {
            guard isSalutation(paragraphs[p], quotes[p]), p + 1 < paragraphs.count, opensQuote(paragraphs[p + 1], quotes[p + 1]) else {
                p += 1
                continue
            }
            // The heading above the salutation: a place, a date.
            var first = p
            while first > 0, !letter[first - 1], isHeading(paragraphs[first - 1], quotes[first - 1]) { first -= 1 }
            var last = p + 1
            while last < paragraphs.count, opensQuote(paragraphs[last], quotes[last]), runsOn(paragraphs[last], quotes[last]) {
                last += 1
            }
            // The paragraph that closes the letter is the letter's too, if it opens as its paragraphs do.
            if last < paragraphs.count, !opensQuote(paragraphs[last], quotes[last]) { last -= 1 }
            for i in first...min(last, paragraphs.count - 1) { letter[i] = true }
            p = last + 1
        }
        return letter
    }

    /// The paragraphs of each letter, in order.
    static func spans(_ letters: [Bool]) -> [ClosedRange<Int>] {
        var spans: [ClosedRange<Int>] = []
        var p = 0
        while p < letters.count {
            guard letters[p] else { p += 1; continue }
            var end = p
            while end + 1 < letters.count, letters[end + 1] { end += 1 }
            spans.append(p...end)
            p = end + 1
        }
        return spans
    }

    /// Where a letter's signature may be: its last paragraph, and the short ones just before it
    /// ("«EDMOND DANTES" / "«Comte de MONTE-CRISTO.»"), never its salutation. Words in capitals
    /// are set as names are written ("LYDIA BENNET." reads "Lydia Bennet."), for the cast's names to match.
    static func signature(_ paragraphs: [[Character]], _ span: ClosedRange<Int>) -> [[Character]] {
        var first = span.upperBound
        while first - 1 > span.lowerBound + 1, SpeechTags.words(paragraphs[first - 1], from: 0, to: paragraphs[first - 1].count).count <= 5 {
            first -= 1
        }
        // A name at the foot of a long paragraph is somebody the letter speaks to or of ("Vous êtes un homme généreux, Albert, …").
        guard first > span.lowerBound, SpeechTags.words(paragraphs[span.upperBound], from: 0, to: paragraphs[span.upperBound].count).count <= 5
        else { return [] }
        return paragraphs[first...span.upperBound].filter(isNameShaped).map(namesFromCapitals)
    }

    /// A line a name may be alone on: every word capitalised but a name's particles ("Comte de
    /// MONTE-CRISTO.", "M. GARDINER."). Not "“Come home, Ned.", whose name is whom it speaks to.
    static func isNameShaped(_ text: [Character]) -> Bool {
        let words = SpeechTags.words(text, from: 0, to: text.count).map { String(text[$0]) }
        return !words.isEmpty && words.allSatisfy { $0.first?.isUppercase == true || particles.contains($0) }
    }

    /// The small words inside names: "Comte de Monte-Cristo", "Ludwig van Beethoven".
    static let particles: Set<String> = ["de", "du", "des", "d", "la", "le", "von", "van", "der", "den", "zu", "di", "da", "del"]

    /// "MONTE-CRISTO" → "Monte-Cristo": each word of two or more capitals, the rest of it in lower case.
    static func namesFromCapitals(_ text: [Character]) -> [Character] {
        var result = text
        var i = 0
        while i < text.count {
            guard text[i].isLetter else { i += 1; continue }
            var end = i
            while end < text.count, text[end].isLetter { end += 1 }
            if end - i > 1, text[i..<end].allSatisfy(\.isUppercase) {
                for j in (i + 1)..<end { result[j] = Character(text[j].lowercased()) }
            }
            i = end
        }
        return result
    }

    /// A paragraph that is an open quote and nothing else, of one to five words ending in a comma:
    /// "“Dear Sir,", "«Albert,". Speech that goes on over paragraphs seldom breaks after so few words.
    static func isSalutation(_ text: [Character], _ quotes: [Range<Int>]) -> Bool {
        guard quotes.count == 1, opensQuote(text, quotes), runsOn(text, quotes),
              text.last(where: { !$0.isWhitespace }) == "," else { return false }
        let words = SpeechTags.words(text, from: quotes[0].lowerBound, to: text.count).count
        return (1...5).contains(words)
    }

    /// A short open quote alone before a salutation, ending in a full stop: where and when the letter was written.
    private static func isHeading(_ text: [Character], _ quotes: [Range<Int>]) -> Bool {
        guard quotes.count == 1, opensQuote(text, quotes), runsOn(text, quotes),
              text.last(where: { !$0.isWhitespace }) == "." else { return false }
        return SpeechTags.words(text, from: quotes[0].lowerBound, to: text.count).count <= 12
    }

    /// The paragraph opens with a quote mark (not a dialogue dash).
    private static func opensQuote(_ text: [Character], _ quotes: [Range<Int>]) -> Bool {
        guard let first = quotes.first, let start = text.firstIndex(where: { !$0.isWhitespace }) else { return false }
        return first.lowerBound == start && !"—–―".contains(text[start])
    }

    /// The paragraph's last quote is left open, to go on in the next paragraph.
    private static func runsOn(_ text: [Character], _ quotes: [Range<Int>]) -> Bool {
        guard let last = quotes.last, last.upperBound == text.count, let mark = text.last(where: { !$0.isWhitespace }) else { return false }
        return !"”’\"»«“".contains(mark)
    }
}
