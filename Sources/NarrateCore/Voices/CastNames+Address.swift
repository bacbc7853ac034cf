/// Whom a quote addresses: names, kinship words and ranks set off as one speaks to someone,
/// calls ("»Ida?«"), and what they tell of who is present and who may be speaking.
extension CastNames {
    /// Whom a quote addresses, and what else its words of address tell.
    struct Address {
        /// Everyone it addresses by name or kinship word: "Come, Darcy,", "Miss Bennet, I am
        /// shocked", "I hope so, Lizzy." — a name set off by punctuation, not the subject of a
        /// sentence. A quote that is nothing but a name answers a question ("“Bingley.”"),
        /// unless it calls them ("»Ida?«").
        var keys: Set<String> = []
        /// Those addressed where an apposition is unlikely: in its first two words ("Ja, Tom"),
        /// after a word of address ("liebe Tony"), or in a line that asks or cries ("»Ida?«",
        /// "What a delightful library you have at Pemberley, Mr. Darcy!"). They are in the scene.
        var sure: Set<String> = []
        /// Who may be speaking, by the kinship words it addresses with ("mon oncle": his niece).
        var kinSpeakers: Set<String> = []
        /// Those whose name it cries after the line before spoke of them ("«M. de Monte-Cristo!
        /// s'écria-t-elle, …»"): not its speaker, but not spoken to either, so no answer is theirs.
        var echoed: Set<String> = []
        /// Those it names after a phrase that may say who they are ("your partner, Jacob Marley", "I,
        /// Tom Tulliver"): perhaps addressed ("à votre service, monsieur Baudu"), perhaps explained.
        var explained: Set<String> = []
        /// Whether it cries one name twice ("Monsieur Mouret ! monsieur Mouret !"): a summons, often
        /// from someone arriving, not a turn in the talk of those present.
        var summons = false
        /// Whether it is nothing but a name that calls ("»Ida?«", "“Spirit!”"): it turns to them.
        var isCall = false
    }

    /// `echoing`: those the line before named, whose name cried here repeats it ("“Miss Elizabeth Bennet!”").
    func address(_ text: [Character], quote: Range<Int>, echoing: Set<String> = []) -> Address {
        var found = Address()
        var cried: Set<String> = []
        let inner = quote.lowerBound + 1..<max(quote.lowerBound + 1, quote.upperBound)
        let letters = text[inner].filter(\.isLetter).count
        // A quote inside the line speaks to somebody else: "“Aunt Glegg … said, ‘You’ll come to no
        // good, Maggie.’”". Found once a name is, as most lines name nobody.
        var nested: [Range<Int>]?
        var i = inner.lowerBound
        while i < inner.upperBound {
            let named = match(text, at: i)
            let kinWord = named == nil ? kinship(text, at: i) : nil
            // A rank the cast describes one person by ("le comte": "Allons, comte, allons!").
            let form = named == nil && kinWord == nil ? addressForm(text, at: i) ?? titledForm(text, at: i) : nil
            let name = named ?? form
            guard let end = name?.end ?? kinWord?.end, name?.possessive != true, end <= inner.upperBound else { i += 1; continue }
            if nested == nil {
                nested = QuoteScanner.quotes(in: Array(text[inner]), dashes: false).map { ($0.lowerBound + inner.lowerBound)..<($0.upperBound + inner.lowerBound) }
            }
            if let inside = nested?.first(where: { $0.contains(i) }) { i = inside.upperBound; continue }
            let nameLetters = text[i..<end].filter(\.isLetter).count
            // Where people are addressed: the opening words, or the closing ones ("So I did, Ruth.").
            // Or a sentence's last words after words of address that open a phrase: "…, meine liebe
            // Tony. Ist Herr Kesselmeyer hier?" — not "thinking of my dear Wickham."
            let placed = i - inner.lowerBound <= 60 || quote.upperBound - end <= 15
                || end < text.count && ".!?".contains(text[end]) && addressPhrase(text, at: i, from: inner.lowerBound)
            // "Is my father in town?", "my mother—how is she?" speak of them: a kinship word addresses
            // only set off, or after a word of address that is not the English "my" ("ma mère", "dear father").
            let kinSetOff = named != nil || setOffBefore(text, at: i, from: inner.lowerBound) && !precededBy(["my"], text, at: i, from: inner.lowerBound)
            // "«M. de Monte-Cristo! s'écria-t-elle»" after a line that spoke of him repeats the name.
            let echo = name.map { echoing.contains($0.key) } == true && exclaims(text, at: end, to: inner.upperBound)
                && !text[inner.lowerBound..<i].contains(where: \.isLetter)
            // A line that cries or asks, not one that ends as an answer does.
            let cries = name != nil && !echo && calls(text, inner)
            // Nothing but the name, so: a call.
            let called = cries && letters == nameLetters
            if letters > nameLetters || called || echo, placed, kinSetOff, setOffBefore(text, at: i, from: inner.lowerBound), setOffAfter(text, at: end, to: quote.upperBound) {
                if let name, exclaims(text, at: end, to: inner.upperBound) {
                    found.summons = found.summons || cried.contains(name.key)
                    cried.insert(name.key)
                }
                if let name, echo {
                    found.echoed.insert(name.key)
                } else if let name {
                    found.keys.insert(name.key)
                    if appositive(text, at: i, from: inner.lowerBound) { found.explained.insert(name.key) }
                    found.isCall = found.isCall || called
                    if cries || Self.wordsBefore(text, i, from: inner.lowerBound, atMost: 2) <= 1 || afterWordOfAddress(text, at: i, from: inner.lowerBound) {
                        found.sure.insert(name.key)
                    }
                }
                if let word = kinWord?.word {
                    if let key = kin[word] { found.keys.insert(key) }
                    found.kinSpeakers.formUnion(kinSpeakers[word] ?? [])
                }
            }
            i = end
        }
        return found
    }

    /// How many words stand between `start` and `i`, counted up to `limit` (a name deep in a
    /// long quote is not walked back to its start).
    private static func wordsBefore(_ text: [Character], _ i: Int, from start: Int, atMost limit: Int) -> Int {
        var count = 0, j = i
        while j > start, count <= limit {
            while j > start, !isWordCharacter(text[j - 1]) { j -= 1 }
            guard j > start else { break }
            while j > start, isWordCharacter(text[j - 1]) { j -= 1 }
            count += 1
        }
        return count
    }

    /// Whether a "!" or "?" follows `end` (spaces aside).
    private func exclaims(_ text: [Character], at end: Int, to limit: Int) -> Bool {
        var end = end
        while end < limit, text[end] == " " || text[end] == "\u{00A0}" || text[end] == "\u{202F}" { end += 1 }
        return end < limit && "!?".contains(text[end])
    }

    /// A quote that is nothing but a name calls that person unless it ends as an answer does
    /// ("“Bingley.”"): "»Ida?«", "“Alice!”", "»Thomas«, sagte sie, »was …«".
    private func calls(_ text: [Character], _ inner: Range<Int>) -> Bool {
        guard let last = text[inner].lastIndex(where: { !$0.isWhitespace && !"”’\"»«“".contains($0) }) else { return false }
        return !".…".contains(text[last])
    }

    private func setOffBefore(_ text: [Character], at i: Int, from start: Int) -> Bool {
        var j = i
        while j > start, text[j - 1] == " " { j -= 1 }
        if j == start { return true }
        if ",!?;—–(".contains(text[j - 1]) { return true }
        return afterWordOfAddress(text, at: i, from: start)
    }

    static let wordsOfAddress: Set<String> = ["dear", "my", "oh", "o", "ah", "mon", "ma", "cher", "chère", "mein", "meine", "lieber", "liebe", "mio", "mia", "mi"]

    /// "My dear Mr. Bennet", "oh, Jane", "O Marley", "meine liebe Tony", "mon cher Albert".
    private func afterWordOfAddress(_ text: [Character], at i: Int, from start: Int) -> Bool {
        precededBy(Self.wordsOfAddress, text, at: i, from: start)
    }

    /// Whether the word before `i` is one of `words` (any case).
    private func precededBy(_ words: Set<String>, _ text: [Character], at i: Int, from start: Int) -> Bool {
        var j = i
        while j > start, text[j - 1] == " " { j -= 1 }
        let wordStart = text[start..<j].lastIndex { !$0.isLetter }.map { $0 + 1 } ?? start
        return words.contains(String(text[wordStart..<j]).lowercased())
    }

    /// Words of address before `i` that open a phrase: after punctuation or the start ("…, meine liebe Tony").
    private func addressPhrase(_ text: [Character], at i: Int, from start: Int) -> Bool {
        var j = i
        var words = 0
        for _ in 0..<2 {
            var end = j
            while end > start, text[end - 1] == " " { end -= 1 }
            let wordStart = text[start..<end].lastIndex { !$0.isLetter }.map { $0 + 1 } ?? start
            guard wordStart < end, Self.wordsOfAddress.contains(String(text[wordStart..<end]).lowercased()) else { break }
            j = wordStart
            words += 1
        }
        guard words > 0 else { return false }
        while j > start, text[j - 1] == " " { j -= 1 }
        return j == start || ",!?;:—–(".contains(text[j - 1])
    }

    /// A rank's form of address at `i` ("comte"), as a match.
    private func addressForm(_ text: [Character], at i: Int) -> (key: String, end: Int, possessive: Bool)? {
        guard i < text.count, i == 0 || !Self.isWordCharacter(text[i - 1]),
              let first = text[i].lowercased().first, let candidates = addressForms[first] else { return nil }
        for (form, key) in candidates {
            let end = i + form.count
            guard end <= text.count, zip(text[i..<end], form).allSatisfy({ $0 == $1 || $0.lowercased() == String($1) }),
                  end == text.count || !Self.isWordCharacter(text[end]) else { continue }
            return (key, end, false)
        }
        return nil
    }

    /// Possessives that open a noun phrase a name after a comma explains: "your partner, Jacob Marley".
    static let possessives: Set<String> = [
        "my", "your", "his", "her", "our", "their",
        "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "votre", "nos", "vos", "leur", "leurs",
        "mein", "meine", "meinen", "meinem", "meiner", "dein", "deine", "deinen", "deinem", "deiner",
        "sein", "seine", "seinen", "seinem", "seiner", "ihr", "ihre", "ihren", "ihrem", "ihrer",
        "unser", "unsere", "unseren", "unserem", "unserer", "euer", "eure", "euren", "eurem", "eurer",
    ]

    /// Nouns for a person a name after them may explain: "your partner, Jacob Marley".
    static let personNouns: Set<String> = Set(Kinship.relations.joined()).union([
        "partner", "friend", "brother", "sister", "cousin", "husband", "wife", "master", "servant", "clerk",
        "ami", "amie", "frère", "sœur", "cousine", "mari", "femme", "maître", "associé",
        "freund", "freundin", "bruder", "schwester", "vetter", "mann", "frau", "gatte", "gattin", "teilhaber",
    ])

    /// Whether the name at `i` follows a comma after a possessive and a noun for a person, perhaps
    /// with an epithet between, or after "I": "In life I was your (old) partner, Jacob Marley.", "It
    /// is I, Jacob Marley." explain who; "Was ist mit meiner Musik, Kai?" addresses.
    private func appositive(_ text: [Character], at i: Int, from start: Int) -> Bool {
        var j = i
        while j > start, text[j - 1] == " " { j -= 1 }
        guard j > start, text[j - 1] == "," else { return false }
        j -= 1
        var words: [String] = []
        for _ in 0..<3 {
            while j > start, text[j - 1] == " " { j -= 1 }
            let wordStart = text[start..<j].lastIndex { !$0.isLetter }.map { $0 + 1 } ?? start
            guard wordStart < j else { break }
            words.append(String(text[wordStart..<j]).lowercased())
            j = wordStart
        }
        if let last = words.first, ["i", "je", "moi", "ich"].contains(last) { return true }
        return words.count >= 2 && Self.personNouns.contains(words[0]) && words.dropFirst().contains(where: Self.possessives.contains)
    }

    /// Titles said before a rank in address: "Herr Konsul", "Frau Konsulin", "monsieur le comte".
    static let honorifics: [String: Gender] = [
        "herr": .male, "monsieur": .male, "frau": .female, "fräulein": .female, "madame": .female, "mademoiselle": .female,
    ]

    /// A rank's form of address, or a name, after a title at `i` ("Herr Konsul", "monsieur le
    /// comte", "monsieur le président"), as one match. Not someone of the other gender:
    /// "mademoiselle Baudu" is not her uncle Baudu, "Frau Konsul" not the Konsul.
    private func titledForm(_ text: [Character], at i: Int) -> (key: String, end: Int, possessive: Bool)? {
        guard i < text.count, "hHfFmM".contains(text[i]), i == 0 || !Self.isWordCharacter(text[i - 1]) else { return nil }
        var j = i
        while j < text.count, text[j].isLetter { j += 1 }
        guard let gender = Self.honorifics[String(text[i..<j]).lowercased()] else { return nil }
        while j < text.count, text[j] == " " || text[j] == "\u{00A0}" { j += 1 }
        // A name that holds its article: "monsieur le président".
        var found = match(text, at: j).flatMap { $0.possessive ? nil : $0 }
        if found == nil {
            // French puts the article between: "monsieur le comte", "madame la comtesse".
            var k = j
            while k < text.count, text[k].isLetter { k += 1 }
            if ["le", "la"].contains(String(text[j..<k]).lowercased()), k < text.count, text[k] == " " { j = k + 1 }
            found = addressForm(text, at: j)
        }
        guard let found, genders[found.key].map({ $0 == gender }) ?? true else { return nil }
        return found
    }

    /// A kinship word at `i` that stands for a cast member or tells who may speak ("Papa", "mon oncle"), lowercased.
    private func kinship(_ text: [Character], at i: Int) -> (word: String, end: Int)? {
        guard i < text.count, let first = text[i].lowercased().first, kinInitials.contains(first),
              i == 0 || !Self.isWordCharacter(text[i - 1]) else { return nil }
        var end = i
        while end < text.count, text[end].isLetter || text[end] == "-" { end += 1 }
        // "ma’am" is not "ma".
        if end + 1 < text.count, "’'".contains(text[end]), text[end + 1].isLetter { return nil }
        let word = String(text[i..<end]).lowercased()
        return kin[word] != nil || kinSpeakers[word] != nil ? (word, end) : nil
    }

    private func setOffAfter(_ text: [Character], at end: Int, to quoteEnd: Int) -> Bool {
        // French sets a space before ? ! : ; and »: "monsieur Baudu ?".
        var end = end
        while end < quoteEnd, text[end] == " " || text[end] == "\u{00A0}" || text[end] == "\u{202F}" { end += 1 }
        guard end < quoteEnd else { return true }
        return ",!?.;:—–)”’\"»«".contains(text[end])
    }
}
