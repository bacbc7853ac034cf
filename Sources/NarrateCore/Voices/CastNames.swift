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
    /// The last word of every name and description, lowercased: "The old Squire" names the Squire.
    let lastWords: Set<String>
    let genders: [String: Gender]
    /// Kinship words a quote may address someone by ("Papa", "ma mère"), for the one cast
    /// member whose descriptions name that relation ("ihr Vater", "sa mère").
    let kin: [String: String]
    /// Kinship words mapped to who may use them: "mon oncle" is said by the one described as
    /// "sa nièce"; "ma fille" by her father or mother.
    let kinSpeakers: [String: Set<String>]
    /// The first letters of those words, to pass over the others quickly.
    let kinInitials: Set<Character>
    /// How a rank the cast describes someone by is spoken to: "le comte" → "comte" ("Allons,
    /// comte, allons!"), "der Konsul" → "Konsul". Only where one character is so described, and
    /// only ranks: "das Kind" or "the boy" would make every "mein Kind" an address.
    let addressForms: [Character: [(form: [Character], key: String)]]

    static let articles: Set<String> = ["the", "le", "la", "les", "der", "die", "das"]

    /// Titles and ranks people are addressed by, in the languages covered, lowercased.
    static let ranks: Set<String> = [
        "count", "countess", "baron", "baroness", "duke", "duchess", "marquis", "prince", "princess", "captain", "colonel",
        "major", "general", "doctor", "professor", "judge", "king", "queen", "consul", "senator",
        "comte", "comtesse", "vicomte", "vicomtesse", "baronne", "duc", "duchesse", "marquise", "princesse", "capitaine",
        "général", "docteur", "abbé", "commissaire", "notaire", "sénateur",
        "graf", "gräfin", "freiherr", "fürst", "fürstin", "herzog", "herzogin", "hauptmann", "doktor", "pastor",
        "direktor", "konsul", "konsulin", "senatorin",
    ]

    init(cast: Cast) {
        var entries: [Entry] = []
        for character in cast.characters {
            entries += character.names.map { Entry(text: Array($0), key: character.key, isDescription: false) }
            entries += character.descriptions.map { Entry(text: Array($0.lowercased()), key: character.key, isDescription: true) }
        }
        var index: [Character: [Entry]] = [:]
        for entry in entries.sorted(by: { $0.text.count > $1.text.count }) {
            guard let first = entry.text.first else { continue }
            // "ß" upper-cases to "SS": index by the first character of whatever it becomes.
            // A name that opens with a lower-case title ("monsieur Mouret") opens a sentence with a capital.
            let keys: Set<Character> = entry.isDescription || first.isLowercase ? Set([first] + (first.uppercased().first.map { [$0] } ?? [])) : [first]
            for key in keys { index[key, default: []].append(entry) }
        }
        self.entries = index
        lastWords = Set(entries.compactMap { String($0.text).lowercased().split(separator: " ").last.map(String.init) })
        genders = Dictionary(cast.characters.compactMap { c in c.gender.map { (c.key, $0) } }, uniquingKeysWith: { a, _ in a })
        kin = Kinship.addresses(cast.characters.map { ($0.key, $0.descriptions) }, genders: genders)
        kinSpeakers = Kinship.speakers(cast.characters.map { ($0.key, $0.descriptions) })
        kinInitials = Set(kin.keys.compactMap(\.first) + kinSpeakers.keys.compactMap(\.first))
        var forms: [String: Set<String>] = [:]
        for character in cast.characters {
            for description in character.descriptions {
                let words = description.lowercased().split(separator: " ")
                guard words.count == 2, Self.articles.contains(String(words[0])), Self.ranks.contains(String(words[1])) else { continue }
                forms[String(words[1]), default: []].insert(character.key)
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
            let same = zip(text[i..<end], entry.text).enumerated().allSatisfy { offset, pair in
                let (a, b) = pair
                return a == b || Self.apostrophe(a, b) || (entry.isDescription || offset == 0) && a.isUppercase && a.lowercased() == String(b)
            }
            guard same else { continue }
            // German makes a pet name of a name that ends in a vowel: "Tonychen" is Tony, "Hannolein"
            // Hanno ("Kitchen" is not Kit).
            if !entry.isDescription, entry.text.last.map({ "aeiouyäöü".contains($0) }) == true,
               let suffix = Self.diminutives.first(where: { Self.word(text, at: end) == $0 }) {
                end += suffix.count
            }
            // German writes the genitive with no apostrophe: "Herrn Kesselmeyers Munterkeit". (An
            // English plural, "the Cratchits", is read the same way: they are named, none is the subject.)
            let genitive = !entry.isDescription && end < text.count && text[end] == "s" && (end + 1 == text.count || !Self.isWordCharacter(text[end + 1]))
            guard end == text.count || !Self.isWordCharacter(text[end]) || entry.text.last == "." || genitive else { continue }
            let possessive = genitive || end + 1 < text.count && "’'".contains(text[end]) && (text[end + 1] == "s" || text[end + 1] == "S")
                && (end + 2 == text.count || !text[end + 2].isLetter)
            return (entry.key, end, possessive)
        }
        return nil
    }

    /// A description after a contraction that holds its article: "au baron" is "à le baron",
    /// "zum Konsul" "zu dem Konsul", "zur Senatorin" "zu der Senatorin". The description as the
    /// cast writes it ("le baron", "der Konsul", "die Senatorin"), matched without its article.
    func match(_ text: [Character], at i: Int, after contraction: String) -> String? {
        guard let articles = Self.contractions[contraction.lowercased()], i < text.count else { return nil }
        for article in articles {
            for entry in entries[Character(String(article.prefix(1)))] ?? [] where entry.isDescription && entry.text.starts(with: Array(article + " ")) {
                let rest = entry.text.dropFirst(article.count + 1)
                let end = i + rest.count
                guard end <= text.count, zip(text[i..<end], rest).allSatisfy({ $0.lowercased() == String($1) }),
                      end == text.count || !Self.isWordCharacter(text[end]) else { continue }
                return entry.key
            }
        }
        return nil
    }

    /// Prepositions: a name right after one is an object, not who the sentence is about. Not a
    /// genitive's ("les yeux de Pauline tombèrent" is about Pauline), nor one that has them at hand
    /// and may be the speaker as well ("Kate came in with Ruth.", "Kate rose and looked at Ruth.").
    static let prepositions = Set([
        "to", "from", "for", "by", "on", "upon", "towards", "toward", "à", "pour", "vers", "sur",
        "par", "zu", "für", "gegen", "nach", "auf", "über",
    ]).union(objectTitles)

    /// German's title in the object's case: "blickte er Herrn Grünlich an".
    static let objectTitles: Set<String> = ["herrn"]

    /// The word right before `i`, lowercased ("" at the start).
    static func wordBefore(_ text: [Character], _ i: Int) -> String {
        var end = i
        while end > 0, !isWordCharacter(text[end - 1]) { end -= 1 }
        var start = end
        while start > 0, isWordCharacter(text[start - 1]) { start -= 1 }
        return String(text[start..<end]).lowercased()
    }

    /// The articles a contraction holds, and those a cast may write the description with.
    static let contractions = ["au": ["le"], "aux": ["les"], "zum": ["dem", "der", "das"], "zur": ["der", "die"]]

    /// Every character named in `range` (possessives too: "Marley’s face" puts Marley in mind).
    /// Not one named right after a word of `skipping` ("mentioned his name to Elizabeth", `prepositions`).
    func mentions(_ text: [Character], in range: Range<Int>, possessives: Bool = true, skipping: Set<String> = []) -> Set<String> {
        var found: Set<String> = []
        var i = range.lowerBound
        while i < range.upperBound {
            // Word starts only: skip the rest of a word, then what is between words.
            if let hit = match(text, at: i), hit.end <= range.upperBound {
                if possessives || !hit.possessive, skipping.isEmpty || !skipping.contains(Self.wordBefore(text, i)) { found.insert(hit.key) }
                i = hit.end
            }
            while i < range.upperBound, Self.isWordCharacter(text[i]) { i += 1 }
            while i < range.upperBound, !Self.isWordCharacter(text[i]) { i += 1 }
        }
        return found
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
    /// Not a word of the other gender: "mein Sohn" is not the one described as "seine Tochter".
    static func addresses(_ characters: [(key: String, descriptions: [String])], genders: [String: Gender] = [:]) -> [String: String] {
        var result: [String: String] = [:]
        for (index, words) in relations.enumerated() {
            let keys = Set(characters.filter { $0.descriptions.contains { Self.relation(of: $0) == index } }.map(\.key))
            guard keys.count == 1, let key = keys.first else { continue }
            for word in words {
                if let said = Self.gender(of: word), let theirs = genders[key], said != theirs { continue }
                result[word] = key
            }
        }
        return result
    }

    /// Children's kinship words that say a gender (sons and daughters share a relation, as their parents answer both).
    static let daughters: Set<String> = [
        "daughter", "tochter", "fille", "figlia", "hija", "filha", "dochter", "niece", "nichte", "nièce", "sobrina", "sobrinha",
        "granddaughter", "enkelin", "petite-fille", "nieta", "neta",
    ]
    static let sons: Set<String> = [
        "son", "sohn", "fils", "figlio", "hijo", "filho", "zoon", "nephew", "neffe", "neveu", "sobrino", "sobrinho",
        "grandson", "petit-fils", "nieto", "neto",
    ]

    static func gender(of word: String) -> Gender? { daughters.contains(word) ? .female : sons.contains(word) ? .male : nil }
}
