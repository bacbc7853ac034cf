/// A stretch of a paragraph and who speaks it.
public struct SpeechPiece: Sendable, Equatable {
    /// Character offsets into the paragraph's text.
    public var range: Range<Int>
    public var speaker: Speaker

    public init(range: Range<Int>, speaker: Speaker) {
        self.range = range
        self.speaker = speaker
    }
}

/// Decides who speaks each quote of a chapter, preferring precision to recall: a quote goes to
/// a character only when a speech verb next to it names them ("said Darcy", "Mr. Bennet
/// replied"); when another quote in the same paragraph is credited to them and nobody else;
/// when it is pure speech right after narration that hands over to them ("Darcy replied,—");
/// or, in a two-person exchange, when an uncredited paragraph of pure speech takes its turn
/// between or after lines by the two. Everything else is read by the dialogue voice, never by a
/// guessed character. Docs/voices.md has the rules and the measured precision and recall.
public struct Attributor: Sendable {
    /// (name as written, character key), longest names first so "Mrs. Bennet" beats "Bennet".
    private let names: [(name: [Character], key: String)]

    public init(cast: Cast) {
        names = cast.characters.flatMap { character in character.names.map { (Array($0), character.key) } }
            .sorted { $0.name.count > $1.name.count }
    }

    /// Verbs of speech in the languages narrate's voices cover best; lower-case.
    static let verbs: Set<String> = [
        "said", "says", "say", "asked", "asks", "replied", "replies", "cried", "cries", "answered", "answers",
        "returned", "continued", "added", "exclaimed", "observed", "whispered", "shouted", "called", "remarked",
        "rejoined", "repeated", "interrupted", "began", "resumed", "muttered", "murmured", "declared", "inquired",
        "enquired", "screamed", "pleaded", "insisted", "protested", "explained", "retorted", "responded",
        "demanded", "urged", "suggested", "admitted", "agreed", "persisted", "sighed", "laughed", "shrieked",
        "growled", "snapped", "stammered", "sobbed", "yelled", "thought",
        // French, German
        "dit", "répondit", "demanda", "cria", "reprit", "continua", "murmura", "ajouta", "s'écria", "s’écria",
        "sagte", "fragte", "rief", "antwortete", "erwiderte", "flüsterte",
    ]

    static let pronouns: Set<String> = ["he", "she", "i", "they", "we", "il", "elle", "er", "sie"]

    /// Who a speech verb names.
    enum Credit: Hashable {
        case character(String)
        /// A name not in the cast ("said Mr. Collins" with no Collins): the dialogue voice.
        case other(String)
        /// "said he": somebody, but not certainly anybody.
        case pronoun
    }

    /// The pieces of every paragraph of a chapter, in order.
    public func pieces(chapter paragraphs: [[Character]]) -> [[SpeechPiece]] {
        let quotes = paragraphs.map(QuoteScanner.quotes(in:))
        var speakers = zip(paragraphs, quotes).map { credits($0, quotes: $1) }
        // Who each paragraph is credited to: one named speaker, or nil (none, or several).
        var single: [Credit?] = speakers.map { credits in
            let named = Set(credits.compactMap { credit -> Credit? in
                if case .pronoun? = credit { return nil }
                return credit
            })
            return named.count == 1 ? named.first : nil
        }
        // Uncredited paragraphs of pure speech: the ones whose speaker the context may tell.
        let open = paragraphs.indices.map { p in
            !quotes[p].isEmpty && single[p] == nil && isPureSpeech(paragraphs[p], quotes: quotes[p])
        }
        // Narration that ends introducing speech ("Mr. Darcy replied, with great intrepidity,—")
        // credits the next paragraph when it is pure speech.
        for p in paragraphs.indices.dropLast() where quotes[p].isEmpty && open[p + 1] {
            if case let .character(key)? = introduction(paragraphs[p]) { single[p + 1] = .character(key) }
        }
        // An exchange bracketed by two characters, with only uncredited speech between: the
        // turns alternate, and the count between them must fit (A, B, A, B).
        var p = 0
        while p < paragraphs.count {
            guard case let .character(a)? = single[p] else { p += 1; continue }
            var q = p + 1
            while q < paragraphs.count, open[q] { q += 1 }
            if q < paragraphs.count, q > p + 1, case let .character(b)? = single[q], a != b, (q - p) % 2 == 1 {
                for r in (p + 1)..<q { single[r] = .character((r - p) % 2 == 1 ? b : a) }
            }
            p = q
        }
        // Two characters in turn, then uncredited speech: the turn comes back.
        for p in paragraphs.indices where p >= 2 && open[p] && single[p] == nil && !quotes[p - 1].isEmpty && !quotes[p - 2].isEmpty {
            if case let .character(a)? = single[p - 2], case let .character(b)? = single[p - 1], a != b {
                single[p] = .character(a)
            }
        }
        for p in paragraphs.indices {
            // Continuing quotes in the same paragraph share its one credited speaker.
            if let only = single[p] { speakers[p] = speakers[p].map { _ in only } }
        }
        return paragraphs.indices.map { p in
            quotes[p].isEmpty
                ? (paragraphs[p].isEmpty ? [] : [SpeechPiece(range: 0..<paragraphs[p].count, speaker: .narrator)])
                : assemble(paragraphs[p], quotes: quotes[p], speakers: speakers[p])
        }
    }

    /// The speaker a narration paragraph hands over to: it ends with a colon or a dash, and its
    /// last sentence has exactly one speech verb naming somebody.
    func introduction(_ text: [Character]) -> Credit? {
        var end = text.count
        while end > 0, text[end - 1].isWhitespace { end -= 1 }
        guard end > 0, ":—–".contains(text[end - 1]) else { return nil }
        let start = text[..<end].lastIndex { ".!?".contains($0) }.map { $0 + 1 } ?? 0
        let sentence = Array(text[start..<end])
        var found: Set<Credit> = []
        var i = 0
        while i < sentence.count {
            guard sentence[i].isLetter, i == 0 || !sentence[i - 1].isLetter else { i += 1; continue }
            var words = Words(sentence)
            words.position = i
            guard let word = words.peekWord() else { i += 1; continue }
            if Self.verbs.contains(word.lowercased()) {
                if let before = creditAtEnd(Array(sentence[..<(i + word.count)])) { found.insert(before) }
                if let after = creditAtStart(Array(sentence[i...])) { found.insert(after) }
            }
            i += word.count
        }
        found.remove(.pronoun)
        return found.count == 1 ? found.first : nil
    }

    private func assemble(_ text: [Character], quotes: [Range<Int>], speakers: [Credit?]) -> [SpeechPiece] {
        var pieces: [SpeechPiece] = []
        var cursor = 0
        for (quote, credit) in zip(quotes, speakers) {
            if quote.lowerBound > cursor { pieces.append(SpeechPiece(range: cursor..<quote.lowerBound, speaker: .narrator)) }
            let speaker: Speaker = if case let .character(key)? = credit { .character(key) } else { .dialogue }
            pieces.append(SpeechPiece(range: quote, speaker: speaker))
            cursor = quote.upperBound
        }
        if cursor < text.count { pieces.append(SpeechPiece(range: cursor..<text.count, speaker: .narrator)) }
        return pieces
    }

    /// A paragraph that is only speech (nothing but punctuation outside its quotes).
    private func isPureSpeech(_ text: [Character], quotes: [Range<Int>]) -> Bool {
        var cursor = 0
        for quote in quotes {
            if text[cursor..<quote.lowerBound].contains(where: \.isLetter) { return false }
            cursor = quote.upperBound
        }
        return !text[cursor...].contains(where: \.isLetter)
    }

    /// For each quote, the speaker named by a speech verb right after it or right before it.
    func credits(_ text: [Character], quotes: [Range<Int>]) -> [Credit?] {
        quotes.enumerated().map { index, quote in
            let afterEnd = index + 1 < quotes.count ? quotes[index + 1].lowerBound : text.count
            let beforeStart = index > 0 ? quotes[index - 1].upperBound : 0
            return creditAtStart(Array(text[quote.upperBound..<afterEnd]))
                ?? creditAtEnd(Array(text[beforeStart..<quote.lowerBound]))
        }
    }

    /// "…,” said Darcy" / "…,” Darcy said" / "…,” said he": the narration right after a quote.
    func creditAtStart(_ chunk: [Character]) -> Credit? {
        var words = Words(chunk)
        words.skipPunctuation()
        if let verb = words.peekWord(), Self.verbs.contains(verb.lowercased()) {
            words.advance(past: verb)
            words.skipSpaces()
            return name(at: &words)
        }
        if let credit = name(at: &words) {
            words.skipSpaces()
            if let verb = words.peekWord(), Self.verbs.contains(verb.lowercased()) { return credit }
        }
        return nil
    }

    /// "Darcy said, “…" / "said Darcy: “…": the narration right before a quote ends with the credit.
    func creditAtEnd(_ chunk: [Character]) -> Credit? {
        var end = chunk.count
        while end > 0, chunk[end - 1].isWhitespace || ",:—–-".contains(chunk[end - 1]) { end -= 1 }
        guard end > 0, end < chunk.count || chunk.count > 0 else { return nil }
        let body = Array(chunk[..<end])
        // The last word is a verb: the name must end right before it.
        let lastWordStart = body.lastIndex(where: { !$0.isLetter && $0 != "’" && $0 != "'" }).map { $0 + 1 } ?? 0
        let lastWord = String(body[lastWordStart...])
        if Self.verbs.contains(lastWord.lowercased()) {
            var nameEnd = lastWordStart
            while nameEnd > 0, body[nameEnd - 1] == " " { nameEnd -= 1 }
            for candidate in names where candidate.name.count <= nameEnd {
                let start = nameEnd - candidate.name.count
                if Array(body[start..<nameEnd]) == candidate.name, startsClause(body, at: start) { return .character(candidate.key) }
            }
            return nil
        }
        // Or the chunk ends with verb + name: "…and then said Darcy:"
        for candidate in names where candidate.name.count <= body.count {
            let start = body.count - candidate.name.count
            guard Array(body[start...]) == candidate.name else { continue }
            var verbEnd = start
            while verbEnd > 0, body[verbEnd - 1] == " " { verbEnd -= 1 }
            let verbStart = body[..<verbEnd].lastIndex(where: { !$0.isLetter }).map { $0 + 1 } ?? 0
            if verbEnd > verbStart, Self.verbs.contains(String(body[verbStart..<verbEnd]).lowercased()) { return .character(candidate.key) }
        }
        return nil
    }

    /// A name may open a clause: at the start, or after punctuation or a lower-case word, never
    /// after another capitalised word ("Mrs. Bennet" is not "Bennet").
    private func startsClause(_ text: [Character], at start: Int) -> Bool {
        var i = start
        while i > 0, text[i - 1] == " " { i -= 1 }
        guard i > 0, i < start else { return start == 0 || i == 0 }
        let previous = text[i - 1]
        if !previous.isLetter && previous != "." { return true }
        let wordStart = text[..<i].lastIndex(where: { !$0.isLetter && $0 != "." }).map { $0 + 1 } ?? 0
        return text[wordStart].isLowercase
    }

    /// The cast character whose name starts here, else another capitalised name, else a pronoun.
    private func name(at words: inout Words) -> Credit? {
        for candidate in names where words.hasPrefix(candidate.name) {
            words.position += candidate.name.count
            guard !words.nextIsLetter else { words.position -= candidate.name.count; continue }
            return .character(candidate.key)
        }
        guard let word = words.peekWord() else { return nil }
        if Self.pronouns.contains(word.lowercased()) {
            words.advance(past: word)
            return .pronoun
        }
        guard word.first?.isUppercase == true else { return nil }
        var name = word
        words.advance(past: word)
        // Titles: "Mr. Collins", "Sir William", "Lady Catherine".
        if ["mr", "mrs", "miss", "ms", "dr", "sir", "lady", "lord", "colonel", "captain"].contains(word.lowercased()) {
            words.skipPunctuation()
            if let next = words.peekWord(), next.first?.isUppercase == true { name += " " + next }
        }
        return .other(name)
    }
}

/// A cursor over a paragraph's characters, for the patterns above.
struct Words {
    let text: [Character]
    var position = 0

    init(_ text: [Character]) { self.text = text }

    mutating func skipPunctuation() {
        while position < text.count, !text[position].isLetter, !text[position].isNumber { position += 1 }
    }

    mutating func skipSpaces() {
        while position < text.count, text[position].isWhitespace { position += 1 }
    }

    func peekWord() -> String? {
        var end = position
        while end < text.count, text[end].isLetter || ((text[end] == "’" || text[end] == "'") && end + 1 < text.count && text[end + 1].isLetter) { end += 1 }
        return end > position ? String(text[position..<end]) : nil
    }

    mutating func advance(past word: String) { position += word.count }

    func hasPrefix(_ name: [Character]) -> Bool {
        position + name.count <= text.count && Array(text[position..<(position + name.count)]) == name
    }

    var nextIsLetter: Bool { position < text.count && text[position].isLetter }
}
