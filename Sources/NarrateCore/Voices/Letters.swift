/// Letters set into the text as quoted paragraphs: a salutation on a paragraph of its own
/// (`“My dear Harriet,`, `«Mon cher Maximilien,`), perhaps after a heading (`“Hunsford, near
/// Westerham, Kent, 15th October.`), then the body, each paragraph opening the quote again and
/// holding nothing but the letter, to a short paragraph that closes it: a signature or a closing
/// formula (`“LYDIA BENNET.”`, `“Yours, etc.”`). A letter is read out, not said in turn: none of
/// its paragraphs is a line of an exchange, and narration that hands over to it ("These were the
/// contents:—") hands over to the letter, not to the next speaker.
///
/// A speech that opens with an address on a line of its own (`“Ladies and gentlemen,`) is no
/// letter: narration with a speech tag brings it in ("Mr. Collins then rose, and said:"), or it
/// ends in a long paragraph, or an exclamation (`“Your health, gentlemen!”`).
enum Letters {
    /// Whether each paragraph of a chapter belongs to a letter. `bringsInSpeech`: whether a
    /// narration paragraph leads into a speaker's words ("… rose, and said:"); `readsOut`: whether
    /// a paragraph's own narration before its quote reads it out ("Elizabeth read on:").
    static func paragraphs(_ paragraphs: [[Character]], quotes: [[Range<Int>]], bringsInSpeech: (Int) -> Bool,
                           readsOut: (Int) -> Bool = { _ in false }) -> [Bool] {
        let lines = zip(paragraphs, quotes).map { Line(text: $0, quotes: $1) }
        var letter = paragraphs.map { _ in false }
        var p = 0
        while p < lines.count {
            guard lines[p].isSalutation, p + 1 < lines.count, lines[p + 1].isLetterLine else { p += 1; continue }
            // The heading above the salutation: a place, a date.
            var first = p
            while first > 0, !letter[first - 1], lines[first - 1].isHeading { first -= 1 }
            var last = p + 1
            while last < lines.count, lines[last].isLetterLine, lines[last].runsOn { last += 1 }
            guard last < lines.count, lines[last].isLetterLine, lines[last].isClosing,
                  !(first > 0 && quotes[first - 1].isEmpty && bringsInSpeech(first - 1)) else {
                p += 1
                continue
            }
            for i in first...last { letter[i] = true }
            p = last + 1
        }
        markLettersByTheirFoot(lines, &letter)
        // "Elizabeth read on: “I have seen them both. … Yours, etc." over "“EDW. GARDINER.”": what a
        // reader reads out, to the signature, is the letter's, not the reader's.
        for p in lines.indices.dropLast() where !letter[p] && lines[p].runsOn && lines[p + 1].isSignatureLine && readsOut(p) {
            letter[p] = true
            letter[p + 1] = true
        }
        return letter
    }

    /// A letter known by its foot: a closing formula ending in a comma ("«Votre mari bien dévoué,")
    /// over a name alone ("«BARON DANGLARS.»"), after paragraphs that each open the quote again,
    /// back to the narration that brings them in ("Debray continua:"). Its salutation may stand
    /// apart, before the reader is interrupted ("«Madame et très fidèle épouse.»" … "«Lisez», dit-elle.").
    private static func markLettersByTheirFoot(_ lines: [Line], _ letter: inout [Bool]) {
        for p in lines.indices.dropFirst(2) where !letter[p] && lines[p].isSignatureLine && lines[p - 1].isFormula && !letter[p - 1] {
            var first = p - 1
            // Back to the narration, or to the reader's own line that brings it in ("«Voici ce que votre mari vous écrit:").
            while first > 0, !letter[first - 1], lines[first - 1].isLetterLine, lines[first - 1].runsOn, !lines[first - 1].bringsInALetter { first -= 1 }
            // A body before the formula; narration or a hand-over before the body; and a letter the text speaks of
            // just before: not a toast ("«Je bois à notre hôte," / "«Monsieur le Baron Danglars.»") nor an introduction.
            guard first < p - 1, first > 0, lines[first - 1].quotes.isEmpty || lines[first - 1].bringsInALetter,
                  lines[max(0, first - 6)..<first].contains(where: \.speaksOfALetter) else { continue }
            for i in first...p { letter[i] = true }
        }
    }

    /// Words that say a letter is there, or is read: "Voici ce que contenait ce billet", "car il lut", "«Lisez»".
    static let letterWords: Set<String> = [
        "letter", "letters", "note", "read", "reads", "reading", "wrote", "writes", "written",
        "lettre", "lettres", "billet", "lut", "lire", "lisez", "lisait", "écrit", "écrivait", "écrivit",
        "brief", "briefe", "briefes", "zeilen", "las", "lesen", "lies", "schrieb", "geschrieben",
    ]

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

    /// The one cast member who signs the letter at its foot, if any: its last paragraph, and the
    /// short ones just before it (`«EDMOND DANTES` / `«Comte de MONTE-CRISTO.»`), never its
    /// salutation. A signature is a name alone on its line, perhaps after a rank (`BARON DANGLARS.`):
    /// not `“Adieu, Lizzy.”`, `“Poor Lydia!”` or `“To Miss Elizabeth Bennet.”`, which name whom the
    /// letter speaks to, nor `“CHARLOTTE COLLINS.”` for a cast that knows only "Collins".
    static func signer(_ paragraphs: [[Character]], _ span: ClosedRange<Int>, names: CastNames) -> String? {
        let words = { (p: Int) in SpeechTags.words(paragraphs[p], from: 0, to: paragraphs[p].count) }
        guard words(span.upperBound).count <= 5 else { return nil }
        var first = span.upperBound
        while first - 1 > span.lowerBound + 1, words(first - 1).count <= 5 { first -= 1 }
        let signers = paragraphs[first...span.upperBound].compactMap { signature(namesFromCapitals($0), names: names) }
        return Set(signers).count == 1 ? signers.first : nil
    }

    /// The cast member a line signs for: a name alone, perhaps after a rank and a particle.
    static func signature(_ text: [Character], names: CastNames) -> String? {
        guard isNameShaped(text), !text.contains(","), !text.contains(where: { "!?".contains($0) }) else { return nil }
        let words = SpeechTags.words(text, from: 0, to: text.count)
        var w = 0
        // "Comte de Monte-Cristo", "Baron Danglars": not an initial ("M. GARDINER." is Mrs. Gardiner's).
        if w < words.count, words[w].count > 1, ranks.contains(String(text[words[w]]).lowercased()) { w += 1 }
        while w < words.count, particles.contains(String(text[words[w]])) { w += 1 }
        guard w < words.count, let hit = names.match(text, at: words[w].lowerBound) else { return nil }
        // Nothing after the name but more of it (a surname the cast leaves out: "LYDIA BENNET.").
        return words.allSatisfy { $0.lowerBound < hit.end || text[$0].first?.isUppercase == true } ? hit.key : nil
    }

    /// A line a name may be alone on: every word capitalised but a name's particles ("Comte de
    /// MONTE-CRISTO.", "M. GARDINER."). Not "“Come home, Ned.", whose name is whom it speaks to.
    static func isNameShaped(_ text: [Character]) -> Bool {
        let words = SpeechTags.words(text, from: 0, to: text.count).map { String(text[$0]) }
        return !words.isEmpty && words.allSatisfy { $0.first?.isUppercase == true || particles.contains($0) }
    }

    /// The first words of a letter's greeting, in the languages covered.
    static let greetings: Set<String> = [
        "dear", "dearest", "my", "madam", "sir", "mon", "ma", "mes", "cher", "chère", "chers", "madame", "monsieur",
        "lieber", "liebe", "lieben", "liebster", "liebste", "geehrter", "geehrte", "verehrter", "verehrte", "hochverehrter", "sehr", "mein", "meine",
    ]

    /// The first words of a letter's closing formula: "Yours sincerely,", "Your affectionate friend,",
    /// "I am, dear sir,", "Votre ami.", "Dein treuer Bruder".
    static let closings: Set<String> = [
        "yours", "your", "ever", "i", "believe", "affectionately", "sincerely", "faithfully", "truly",
        "votre", "vos", "ton", "ta", "tout", "toute", "je", "adieu",
        "dein", "deine", "ihr", "ihre", "euer", "eure", "in", "mit",
    ]

    /// The small words inside names: "Comte de Monte-Cristo", "Ludwig van Beethoven".
    static let particles: Set<String> = ["de", "du", "des", "d", "la", "le", "von", "van", "der", "den", "zu", "di", "da", "del"]

    /// Titles and ranks a signature may open with.
    static let ranks = SpeechTags.titles.union([
        "comte", "comtesse", "vicomte", "vicomtesse", "baron", "baronne", "marquis", "marquise", "duc", "duchesse",
        "graf", "gräfin", "freiherr", "count", "countess", "baroness", "duke", "duchess",
    ])

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
}

/// One paragraph, as the letter rules read it.
private struct Line {
    let text: [Character]
    let quotes: [Range<Int>]
    // Worked out on demand, cheap checks first: most paragraphs of a book are no salutation.

    /// Its words (a letter's line holds nothing but its quote, so these are the quote's).
    private var words: [Range<Int>] { SpeechTags.words(text, from: 0, to: text.count) }

    /// It opens with a quote mark (not a dialogue dash) and holds nothing outside its quotes.
    var isLetterLine: Bool {
        guard let start = text.firstIndex(where: { !$0.isWhitespace }), quotes.first?.lowerBound == start, !"—–―".contains(text[start])
        else { return false }
        return QuoteScanner.isOnlyQuotes(text, quotes)
    }

    /// Its last quote is left open, to go on in the next paragraph.
    var runsOn: Bool { QuoteScanner.runsOn(text, quotes) }

    private var lastMark: Character? { text.last { !$0.isWhitespace && !"”’\"»«“".contains($0) } }

    /// An open quote alone, of one to five words ending in a comma, that greets as letters do
    /// ("“Dear Sir,", "“My dear Harriet,", "«Mon cher Maximilien,") or is a name ("«Albert,").
    /// Not "“Well, Lizzy," opening a story, nor "“Ladies and gentlemen," opening a speech.
    var isSalutation: Bool {
        guard quotes.count == 1, lastMark == ",", runsOn, isLetterLine else { return false }
        let words = words
        guard (1...5).contains(words.count) else { return false }
        // A name alone, with no word before it: "«Albert,", not "“Well, Lizzy,".
        return Letters.greetings.contains(String(text[words[0]]).lowercased()) || Letters.isNameShaped(text) && text.filter { $0 == "," }.count == 1
    }

    /// A short open quote alone before a salutation, with a date in it: "“Gracechurch Street, Sept. 6."
    /// (Not the reader's own "“It is from Lydia. Hear what she says.")
    var isHeading: Bool {
        quotes.count == 1 && lastMark == "." && runsOn && isLetterLine && text.contains(where: \.isNumber) && words.count <= 12
    }

    /// It speaks of a letter and ends in a colon: the letter follows ("«Voici ce que votre mari vous écrit:"),
    /// not a line of the letter's own ("«Écoutez donc:").
    var bringsInALetter: Bool { lastMark == ":" && speaksOfALetter }

    /// It names a letter, or reading or writing one.
    var speaksOfALetter: Bool { words.contains { Letters.letterWords.contains(String(text[$0]).lowercased()) } }

    /// A closing formula left open over the signature: "«Votre mari bien dévoué,", "“Your affectionate brother,".
    var isFormula: Bool {
        guard quotes.count == 1, lastMark == ",", runsOn, isLetterLine else { return false }
        let words = words
        return (1...8).contains(words.count) && Letters.closings.contains(String(text[words[0]]).lowercased())
    }

    /// A name alone that closes the letter's quote: "«BARON DANGLARS.»", "“LYDIA BENNET.”".
    var isSignatureLine: Bool {
        guard quotes.count == 1, isLetterLine, !runsOn, let mark = lastMark, !"!?,".contains(mark) else { return false }
        return (1...5).contains(words.count) && Letters.isNameShaped(text)
    }

    /// A short paragraph that ends the letter: a signature, or a closing formula ("“Yours, etc.”",
    /// "«Votre mari bien dévoué,"); not "“That is all, I assure you.”", nor an exclamation.
    var isClosing: Bool {
        let words = words
        guard (1...8).contains(words.count), let mark = lastMark, !"!?".contains(mark) else { return false }
        return Letters.closings.contains(String(text[words[0]]).lowercased()) || Letters.isNameShaped(text)
    }
}
