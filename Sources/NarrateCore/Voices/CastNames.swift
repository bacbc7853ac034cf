/// Finds the cast in a stretch of text: names as written ("Mr. Darcy", case-sensitive),
/// descriptions in any case ("her mother", "the Ghost"), and who a quote addresses by name.
struct CastNames: Sendable {
    struct Entry: Sendable {
        let text: [Character]
        let key: String
        let isDescription: Bool
    }

    /// By first character (both cases for descriptions), longest first, so "Mrs. Bennet" beats
    /// "Bennet" and "Scrooge’s nephew" beats "Scrooge". Looking up the character at a position
    /// first keeps a scan of a whole novel cheap.
    let entries: [Character: [Entry]]
    let genders: [String: Gender]
    /// Kinship words a quote may address someone by ("Papa", "ma mère"), for the one cast
    /// member whose descriptions name that relation ("ihr Vater", "sa mère").
    let kin: [String: String]
    /// Kinship words mapped to who may use them: "mon oncle" is said by the one described as
    /// "sa nièce"; "ma fille" by her father or mother.
    let kinSpeakers: [String: Set<String>]
    /// The first letters of those words, to pass over the others quickly.
    let kinInitials: Set<Character>
    /// What a description with an article is called when spoken to: "le comte" → "comte" ("Allons,
    /// comte, allons!"), "the Ghost" → "Ghost". Only where one character is so described.
    let addressForms: [Character: [(form: [Character], key: String)]]

    static let articles: Set<String> = ["the", "le", "la", "les", "der", "die", "das"]

    init(cast: Cast) {
        var entries: [Entry] = []
        for character in cast.characters {
            entries += character.names.map { Entry(text: Array($0), key: character.key, isDescription: false) }
            entries += character.descriptions.map { Entry(text: Array($0.lowercased()), key: character.key, isDescription: true) }
        }
        var index: [Character: [Entry]] = [:]
        for entry in entries.sorted(by: { $0.text.count > $1.text.count }) {
            guard let first = entry.text.first else { continue }
            let keys: Set<Character> = entry.isDescription ? [first, Character(first.uppercased())] : [first]
            for key in keys { index[key, default: []].append(entry) }
        }
        self.entries = index
        genders = Dictionary(cast.characters.compactMap { c in c.gender.map { (c.key, $0) } }, uniquingKeysWith: { a, _ in a })
        kin = Kinship.addresses(cast.characters.map { ($0.key, $0.descriptions) })
        kinSpeakers = Kinship.speakers(cast.characters.map { ($0.key, $0.descriptions) })
        kinInitials = Set(kin.keys.compactMap(\.first) + kinSpeakers.keys.compactMap(\.first))
        var forms: [String: Set<String>] = [:]
        for character in cast.characters {
            for description in character.descriptions {
                let words = description.lowercased().split(separator: " ")
                guard words.count > 1, Self.articles.contains(String(words[0])) else { continue }
                forms[words.dropFirst().joined(separator: " "), default: []].insert(character.key)
            }
        }
        // By first letter, longest first, as names are.
        addressForms = Dictionary(grouping: forms.compactMap { form, keys in keys.count == 1 ? (Array(form), keys.first!) : nil }) { $0.0[0] }
            .mapValues { $0.sorted { ($0.0.count, String($0.0)) > ($1.0.count, String($1.0)) } }
    }

    /// A match at `i`: the character and where it ends. A name followed by ’s is a possessive
    /// ("Scrooge’s clerk"), not the character: `possessive` is true and the match is not theirs.
    func match(_ text: [Character], at i: Int) -> (key: String, end: Int, possessive: Bool)? {
        guard i < text.count, i == 0 || !Self.isWordCharacter(text[i - 1]), let candidates = entries[text[i]] else { return nil }
        for entry in candidates where i + entry.text.count <= text.count {
            var end = i + entry.text.count
            let same = zip(text[i..<end], entry.text).allSatisfy { a, b in
                a == b || Self.apostrophe(a, b) || entry.isDescription && a.isUppercase && a.lowercased() == String(b)
            }
            guard same else { continue }
            // German makes a pet name of any name: "Tonychen" is Tony, "Hannolein" Hanno.
            if !entry.isDescription, let suffix = Self.diminutives.first(where: { Self.word(text, at: end) == $0 }) { end += suffix.count }
            // German writes the genitive with no apostrophe: "Herrn Kesselmeyers Munterkeit".
            let genitive = !entry.isDescription && end < text.count && text[end] == "s" && (end + 1 == text.count || !Self.isWordCharacter(text[end + 1]))
            guard end == text.count || !Self.isWordCharacter(text[end]) || entry.text.last == "." || genitive else { continue }
            let possessive = genitive || end + 1 < text.count && "’'".contains(text[end]) && (text[end + 1] == "s" || text[end + 1] == "S")
                && (end + 2 == text.count || !text[end + 2].isLetter)
            return (entry.key, end, possessive)
        }
        return nil
    }

    /// A description after a contraction that holds its article: "au baron" is "à le baron",
    /// "zum Konsul" "zu dem Konsul". The description as the cast writes it ("le baron"), matched
    /// without its article.
    func match(_ text: [Character], at i: Int, after contraction: String) -> String? {
        guard let article = Self.contractions[contraction.lowercased()], i < text.count else { return nil }
        let candidates = (entries[Character(article.prefix(1).lowercased())] ?? []) + (entries[Character(article.prefix(1).uppercased())] ?? [])
        for entry in candidates where entry.isDescription && entry.text.starts(with: Array(article + " ")) {
            let rest = entry.text.dropFirst(article.count + 1)
            let end = i + rest.count
            guard end <= text.count, zip(text[i..<end], rest).allSatisfy({ $0.lowercased() == String($1) }),
                  end == text.count || !Self.isWordCharacter(text[end]) else { continue }
            return entry.key
        }
        return nil
    }

    static let contractions = ["au": "le", "aux": "les", "zum": "dem", "zur": "der"]

    /// Every character named in `range` (possessives too: "Marley’s face" puts Marley in mind).
    func mentions(_ text: [Character], in range: Range<Int>) -> Set<String> {
        var found: Set<String> = []
        var i = range.lowerBound
        while i < range.upperBound {
            // Word starts only: skip the rest of a word, then what is between words.
            if let hit = match(text, at: i), hit.end <= range.upperBound { found.insert(hit.key); i = hit.end }
            while i < range.upperBound, Self.isWordCharacter(text[i]) { i += 1 }
            while i < range.upperBound, !Self.isWordCharacter(text[i]) { i += 1 }
        }
        return found
    }

    /// Characters a quote addresses by name: "Come, Darcy,", "Miss Bennet, I am shocked",
    /// "I hope so, Lizzy." — a name set off by punctuation, not the subject of a sentence.
    /// A quote that is nothing but a name ("“Bingley.”") answers a question; it addresses nobody,
    /// unless it calls them ("»Ida?«").
    func vocatives(_ text: [Character], quote: Range<Int>) -> Set<String> {
        address(text, quote: quote).keys
    }

    /// Whom a quote addresses, and what else its words of address tell.
    struct Address {
        /// Everyone it addresses by name or kinship word.
        var keys: Set<String> = []
        /// Those addressed where no apposition can be meant: in its first two words ("Ja, Tom"),
        /// after a word of address ("liebe Tony"), or called ("»Ida?«"). They are in the scene.
        var sure: Set<String> = []
        /// Who may be speaking, by the kinship words it addresses with ("mon oncle": his niece).
        var kinSpeakers: Set<String> = []
    }

    /// `echoing`: those the line before named, whose name cried here repeats it ("“Miss Elizabeth Bennet!”").
    func address(_ text: [Character], quote: Range<Int>, echoing: Set<String> = []) -> Address {
        var found = Address()
        let inner = quote.lowerBound + 1..<max(quote.lowerBound + 1, quote.upperBound)
        let letters = text[inner].filter(\.isLetter).count
        var i = inner.lowerBound
        while i < inner.upperBound {
            let name = match(text, at: i) ?? addressForm(text, at: i)
            let kinWord = name == nil ? kinship(text, at: i) : nil
            guard let end = name?.end ?? kinWord?.end, name?.possessive != true, end <= inner.upperBound else { i += 1; continue }
            let nameLetters = text[i..<end].filter(\.isLetter).count
            // Where people are addressed: the opening words, or the closing ones ("So I did, Ruth.").
            // Or a sentence's last words after words of address that open a phrase: "…, meine liebe
            // Tony. Ist Herr Kesselmeyer hier?" — not "thinking of my dear Wickham."
            let placed = i - inner.lowerBound <= 60 || quote.upperBound - end <= 15
                || end < text.count && ".!?".contains(text[end]) && addressPhrase(text, at: i, from: inner.lowerBound)
            // "Is my father in town?", "my mother—how is she?" speak of them: a kinship word addresses
            // only set off, or after a word of address that is not the English "my" ("ma mère", "dear father").
            let kinSetOff = name != nil || setOffBefore(text, at: i, from: inner.lowerBound) && !precededBy(["my"], text, at: i, from: inner.lowerBound)
            // "«M. de Monte-Cristo! s'écria-t-elle»" after a line that spoke of him repeats the name: it calls nobody.
            let echo = name.map { echoing.contains($0.key) } == true && exclaims(text, at: end, to: inner.upperBound)
                && !text[inner.lowerBound..<i].contains(where: \.isLetter)
            let called = name != nil && !echo && calls(text, inner)
            if letters > nameLetters && !echo || called, placed, kinSetOff, setOffBefore(text, at: i, from: inner.lowerBound), setOffAfter(text, at: end, to: quote.upperBound) {
                if let name {
                    found.keys.insert(name.key)
                    if called || SpeechTags.words(text, from: inner.lowerBound, to: i).count <= 1 || afterWordOfAddress(text, at: i, from: inner.lowerBound) {
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

    /// Whether the quote is nothing but one name ("»Ida?«", "“Spirit!”"): it calls them, and answers nobody.
    func isCall(_ text: [Character], quote: Range<Int>) -> Bool {
        let inner = quote.lowerBound + 1..<max(quote.lowerBound + 1, quote.upperBound)
        guard let start = text[inner].firstIndex(where: \.isLetter), let name = match(text, at: start), name.end <= inner.upperBound else { return false }
        return !text[name.end..<inner.upperBound].contains(where: \.isLetter)
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

    /// A description's form of address at `i` ("comte"), as a match.
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

    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }

    /// The German diminutive endings a name may take.
    static let diminutives = ["chen", "lein"]

    /// The rest of the word that starts at `i` (letters only), empty if none.
    private static func word(_ text: [Character], at i: Int) -> String {
        var end = i
        while end < text.count, text[end].isLetter { end += 1 }
        return String(text[i..<end])
    }

    private static func apostrophe(_ a: Character, _ b: Character) -> Bool { "’'".contains(a) && "’'".contains(b) }
}

/// Kinship words, by relation, in the languages covered: a child addresses a parent as "Papa"
/// or "ma mère", and a cast may describe them as "her father", "ihr Vater", "sa mère".
enum Kinship {
    static let relations: [[String]] = [
        ["father", "papa", "dad", "daddy", "vater", "väterchen", "père", "padre", "papá", "papà", "babbo", "pai", "vader"],
        ["mother", "mamma", "mama", "mum", "mummy", "mom", "mutter", "mütterchen", "maman", "mère", "madre", "mamá", "mãe", "moeder"],
        ["uncle", "onkel", "oncle", "tío", "zio", "tio", "oom"],
        ["aunt", "tante", "tía", "zia", "tia"],
        ["grandfather", "grandpapa", "großvater", "grand-père", "nonno", "abuelo", "avô"],
        ["grandmother", "grandmamma", "großmutter", "grand-mère", "nonna", "abuela", "avó"],
        ["son", "daughter", "sohn", "tochter", "fils", "fille", "figlio", "figlia", "hijo", "hija", "filho", "filha", "zoon", "dochter"],
        ["nephew", "niece", "neffe", "nichte", "neveu", "nièce", "nipote", "sobrino", "sobrina", "sobrinho", "sobrinha"],
        ["grandson", "granddaughter", "enkel", "enkelin", "petit-fils", "petite-fille", "nieto", "nieta", "neto", "neta"],
    ]

    /// The relation each one answers to: parents and children, uncles or aunts and nephews or nieces, grandparents and grandchildren.
    static let inverse: [Int: [Int]] = [0: [6], 1: [6], 2: [7], 3: [7], 4: [8], 5: [8], 6: [0, 1], 7: [2, 3], 8: [4, 5]]

    /// The relation a description names by its last word ("sa nièce" → niece), if any.
    static func relation(of description: String) -> Int? {
        let last = description.lowercased().split(whereSeparator: { " ’'".contains($0) }).last.map(String.init) ?? ""
        return relations.firstIndex { $0.contains(last) }
    }

    /// For each kinship word, the cast members described by the relation that uses it ("oncle" → the one described as "sa nièce").
    static func speakers(_ characters: [(key: String, descriptions: [String])]) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for (index, words) in relations.enumerated() {
            let answering = Set(inverse[index] ?? [])
            let keys = Set(characters.filter { $0.descriptions.contains { Self.relation(of: $0).map(answering.contains) ?? false } }.map(\.key))
            guard !keys.isEmpty else { continue }
            for word in words { result[word] = keys }
        }
        return result
    }

    /// Each kinship word of a relation that exactly one character's descriptions name, mapped to
    /// that character: "Papa" is the one described as "ihr Vater", where only one is.
    static func addresses(_ characters: [(key: String, descriptions: [String])]) -> [String: String] {
        var result: [String: String] = [:]
        for (index, words) in relations.enumerated() {
            let keys = Set(characters.filter { $0.descriptions.contains { Self.relation(of: $0) == index } }.map(\.key))
            guard keys.count == 1, let key = keys.first else { continue }
            for word in words { result[word] = key }
        }
        return result
    }
}
