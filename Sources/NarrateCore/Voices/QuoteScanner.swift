/// Finds quoted speech in a paragraph: “…” and "…" (with ‘…’ nested inside), ‘…’ where a book
/// uses single quotes, «…» and »…«, „…“, and paragraphs opened by a dialogue dash (— or –), as
/// French, Spanish or Russian books mark speech. An unclosed quote runs to the end of the
/// paragraph: the convention for speech that goes on in the next paragraph.
public enum QuoteScanner {
    /// The quotes of each paragraph of a chapter. A paragraph opened by a dash is speech, all of it
    /// with the quotes it holds, unless the chapter opens more of its paragraphs with “…”, „…“, »…«
    /// or ‘…’: there the dash is the writer's pause ("— Und Konsul Hagenström erschien …" in
    /// *Buddenbrooks*). «…» is left out of the count, as French and Italian keep it open over an
    /// exchange whose turns open with dashes; a word quoted here and there is too ("dat heet
    /// "shawl"" in *Max Havelaar*, whose dialogue is dashes).
    public static func quotes(inChapter paragraphs: [[Character]]) -> [[Range<Int>]] {
        let marked = paragraphs.map { quotes(in: $0, dashes: false) }
        let opening = { (text: [Character]) in text.first(where: { !$0.isWhitespace }) }
        let dashed = paragraphs.filter { dialogueDash($0) != nil }.count
        let quoted = zip(paragraphs, marked).filter { text, quotes in
            guard let first = quotes.first, let mark = opening(text) else { return false }
            return text[first.lowerBound] == mark && mark != "«"
        }.count
        guard dashed > 0, quoted <= dashed else { return marked }
        // A line opened by the dash is speech to its end, with whatever it quotes inside it: "– Mais
        // jamais le Vieil Elbeuf … « Voisin, vous pactisez avec les charlatans … »" is all Baudu's.
        return zip(paragraphs, marked).map { text, quotes in
            dialogueDash(text).map { [$0..<text.count] } ?? quotes
        }
    }

    /// Character ranges of the quotes, marks included, in order. `dashes`: whether a paragraph
    /// opened by a dialogue dash is speech.
    public static func quotes(in text: [Character], dashes: Bool = true) -> [Range<Int>] {
        var result: [Range<Int>] = []
        // »…« opens with » only where a « follows somewhere: found once, not at every ».
        let lastLeftGuillemet = text.lastIndex(of: "«")
        var i = 0
        while i < text.count {
            guard let closers = closers(opening: text, at: i, lastLeftGuillemet: lastLeftGuillemet) else { i += 1; continue }
            var end = i + 1
            while end < text.count, !isCloser(text, at: end, closers: closers) { end += 1 }
            end = min(end + 1, text.count)
            result.append(i..<end)
            i = end
        }
        if dashes, result.isEmpty, let dash = dialogueDash(text) { result.append(dash..<text.count) }
        return result
    }

    /// Whether the paragraph holds nothing but its quotes: no word of narration between or around them.
    static func isOnlyQuotes(_ text: [Character], _ quotes: [Range<Int>]) -> Bool {
        guard !quotes.isEmpty else { return false }
        var cursor = 0
        for quote in quotes {
            if text[cursor..<quote.lowerBound].contains(where: \.isLetter) { return false }
            cursor = quote.upperBound
        }
        return !text[cursor...].contains(where: \.isLetter)
    }

    /// Whether the paragraph's last quote runs on into the next paragraph: no closing mark (a
    /// paragraph opened by a dialogue dash has none to leave out).
    static func runsOn(_ text: [Character], _ quotes: [Range<Int>]) -> Bool {
        guard let last = quotes.last, last.upperBound == text.count, let mark = text.last else { return false }
        return !"”’\"»«“".contains(mark) && !(quotes.count == 1 && "—–―".contains(text[last.lowerBound]))
    }

    /// The marks that may open a quote, as Unicode scalars: most characters are passed over by
    /// comparing one number, not a `Character` (which compares like a string).
    private static let openers: Set<UInt32> = Set("“„«»\"‘".unicodeScalars.map(\.value))

    /// The marks that close a quote opened at `i`, or nil when `text[i]` opens none.
    private static func closers(opening text: [Character], at i: Int, lastLeftGuillemet: Int?) -> Set<Character>? {
        guard let scalar = text[i].unicodeScalars.first, openers.contains(scalar.value) else { return nil }
        let before: Character? = i > 0 ? text[i - 1] : nil
        let openingContext = before.map { $0.isWhitespace || "([—–-:;".contains($0) } ?? true
        switch text[i] {
        case "“": return ["”"]
        case "„": return ["“", "”"]
        case "«": return ["»"]
        case "»": return lastLeftGuillemet.map { $0 > i } == true && openingContext ? ["«"] : nil
        case "\"": return openingContext ? ["\""] : nil
        case "‘":
            // Single quotes as the book's main quotes (Alice): only where a word can start.
            guard openingContext, i + 1 < text.count, !text[i + 1].isWhitespace else { return nil }
            return ["’"]
        default: return nil
        }
    }

    /// A closing mark: for ’ only where no letter follows (not the apostrophe of "don’t").
    private static func isCloser(_ text: [Character], at i: Int, closers: Set<Character>) -> Bool {
        guard let scalar = text[i].unicodeScalars.first, closingScalars.contains(scalar.value), closers.contains(text[i]) else { return false }
        if text[i] == "’" || text[i] == "\"" {
            let next: Character? = i + 1 < text.count ? text[i + 1] : nil
            return !(next?.isLetter ?? false)
        }
        return true
    }

    /// Every mark that closes a quote, as Unicode scalars.
    private static let closingScalars: Set<UInt32> = Set("”“»«\"’".unicodeScalars.map(\.value))

    /// Where the speech starts when the paragraph opens with a dialogue dash.
    private static func dialogueDash(_ text: [Character]) -> Int? {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }), "—–―".contains(text[first]),
              first + 1 < text.count, text[(first + 1)...].contains(where: \.isLetter) else { return nil }
        return first
    }
}
