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
    }

    /// A match at `i`: the character and where it ends. A name followed by ’s is a possessive
    /// ("Scrooge’s clerk"), not the character: `possessive` is true and the match is not theirs.
    func match(_ text: [Character], at i: Int) -> (key: String, end: Int, possessive: Bool)? {
        guard i < text.count, i == 0 || !Self.isWordCharacter(text[i - 1]), let candidates = entries[text[i]] else { return nil }
        for entry in candidates where i + entry.text.count <= text.count {
            let end = i + entry.text.count
            let same = zip(text[i..<end], entry.text).allSatisfy { a, b in
                a == b || Self.apostrophe(a, b) || entry.isDescription && a.isUppercase && a.lowercased() == String(b)
            }
            guard same, end == text.count || !Self.isWordCharacter(text[end]) || entry.text.last == "." else { continue }
            let possessive = end + 1 < text.count && "’'".contains(text[end]) && (text[end + 1] == "s" || text[end + 1] == "S")
                && (end + 2 == text.count || !text[end + 2].isLetter)
            return (entry.key, end, possessive)
        }
        return nil
    }

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
    /// A quote that is nothing but a name ("“Bingley.”") answers a question; it addresses nobody.
    func vocatives(_ text: [Character], quote: Range<Int>) -> Set<String> {
        var found: Set<String> = []
        let inner = quote.lowerBound + 1..<max(quote.lowerBound + 1, quote.upperBound)
        let letters = text[inner].filter(\.isLetter).count
        var i = inner.lowerBound
        while i < inner.upperBound {
            guard let hit = match(text, at: i), !hit.possessive, hit.end <= inner.upperBound else { i += 1; continue }
            let nameLetters = text[i..<hit.end].filter(\.isLetter).count
            // Where people are addressed: the opening words, or the closing ones ("So I did, Ruth.").
            let placed = i - inner.lowerBound <= 60 || quote.upperBound - hit.end <= 15
            if letters > nameLetters, placed, setOffBefore(text, at: i, from: inner.lowerBound), setOffAfter(text, at: hit.end, to: quote.upperBound) {
                found.insert(hit.key)
            }
            i = hit.end
        }
        return found
    }

    private func setOffBefore(_ text: [Character], at i: Int, from start: Int) -> Bool {
        var j = i
        while j > start, text[j - 1] == " " { j -= 1 }
        if j == start { return true }
        if ",!?;—–(".contains(text[j - 1]) { return true }
        // "My dear Mr. Bennet", "oh, Jane", "O Marley".
        let wordStart = text[start..<j].lastIndex { !$0.isLetter }.map { $0 + 1 } ?? start
        return ["dear", "my", "oh", "o", "ah"].contains(String(text[wordStart..<j]).lowercased())
    }

    private func setOffAfter(_ text: [Character], at end: Int, to quoteEnd: Int) -> Bool {
        guard end < quoteEnd else { return true }
        return ",!?.;:—–)”’\"»«".contains(text[end])
    }

    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }

    private static func apostrophe(_ a: Character, _ b: Character) -> Bool { "’'".contains(a) && "’'".contains(b) }
}
