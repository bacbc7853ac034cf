import Foundation

/// Numbers as books write them in headings: digits, Roman numerals, and cardinal or ordinal
/// words in the languages narrate reads books in (en, de, fr, es, it, pt, nl).
public enum NumberWords {
    /// The value of a number word ("twenty-four", "Erstes", "première", "décimo"), or nil.
    /// Case and accents are ignored; compounds joined by a hyphen or a space are added up.
    public static func value(ofWords text: String) -> Int? {
        let parts = fold(text).split(whereSeparator: { $0 == "-" || $0 == " " })
        guard !parts.isEmpty, parts.count <= 3 else { return nil }
        var total = 0
        for part in parts {
            guard let value = words[String(part)] else { return nil }
            total += value
        }
        return total > 0 ? total : nil
    }

    /// Whether a word is an ordinal ("first", "erstes", "premier", "primero", "primo", "eerste").
    public static func isOrdinal(_ word: String) -> Bool {
        let parts = fold(word).split(whereSeparator: { $0 == "-" || $0 == " " })
        guard let last = parts.last else { return false }
        return ordinals[String(last)] != nil
    }

    /// The value of a Roman numeral written the canonical way (`XLII`, `iv`), or nil
    /// (`IIII`, `MIXED`, `VX` are not numerals).
    public static func value(ofRoman text: String) -> Int? {
        let upper = text.uppercased()
        guard !upper.isEmpty, upper.count <= 12 else { return nil }
        let digits: [Character: Int] = ["I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000]
        var total = 0
        var previous = 0
        for character in upper.reversed() {
            guard let value = digits[character] else { return nil }
            if value < previous { total -= value } else { total += value; previous = value }
        }
        guard total > 0, total < 4000, roman(total) == upper else { return nil }
        return total
    }

    /// `42` → `XLII`.
    public static func roman(_ number: Int) -> String {
        let table: [(Int, String)] = [
            (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
        ]
        var rest = number
        var result = ""
        for (value, letters) in table {
            while rest >= value {
                result += letters
                rest -= value
            }
        }
        return result
    }

    /// The value of a heading's number in any of its forms: digits, a Roman numeral or words.
    public static func value(of token: String) -> Int? {
        if !token.isEmpty, token.allSatisfy(\.isASCIIDigit) { return Int(token) }
        return value(ofRoman: token) ?? value(ofWords: token)
    }

    /// The ordinal word a language uses for `number` in a chapter heading or after a ruler's name,
    /// where the language reads small ordinals as words ("segundo", "ottavo", "sexto"); nil where
    /// the cardinal is said (or the language is not listed).
    public static func spokenOrdinal(_ number: Int, language: String) -> String? {
        let table: [String: [String]] = [
            "es": ["primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno", "décimo"],
            "it": ["primo", "secondo", "terzo", "quarto", "quinto", "sesto", "settimo", "ottavo", "nono", "decimo"],
            "pt": ["primeiro", "segundo", "terceiro", "quarto", "quinto", "sexto", "sétimo", "oitavo", "nono", "décimo"],
        ]
        guard let words = table[primaryLanguage(language)], number >= 1, number <= words.count else { return nil }
        return words[number - 1]
    }

    /// Dutch says a ruler's number as an ordinal word ("Willem de derde"); espeak-ng spells the
    /// numeral out and reads "3e" with a stray "e".
    static func dutchOrdinal(_ number: Int) -> String? {
        number >= 1 && number <= dutchOrdinals.count ? dutchOrdinals[number - 1] : nil
    }

    private static let dutchOrdinals = [
        "eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende", "tiende", "elfde",
        "twaalfde", "dertiende", "veertiende", "vijftiende", "zestiende", "zeventiende", "achttiende", "negentiende",
        "twintigste",
    ]

    static func primaryLanguage(_ tag: String) -> String {
        String(tag.lowercased().prefix { $0.isLetter })
    }

    /// Lowercased, accents removed ("Première" → "premiere", "Fünftes" → "funftes").
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    private static let cardinals: [String: Int] = {
        var table: [String: Int] = [:]
        let lists: [[String]] = [
            ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
             "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"],
            ["eins", "zwei", "drei", "vier", "funf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwolf", "dreizehn",
             "vierzehn", "funfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn", "zwanzig"],
            ["un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize",
             "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf", "vingt"],
            ["uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce", "trece",
             "catorce", "quince", "dieciseis", "diecisiete", "dieciocho", "diecinueve", "veinte"],
            ["uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove", "dieci", "undici", "dodici", "tredici",
             "quattordici", "quindici", "sedici", "diciassette", "diciotto", "diciannove", "venti"],
            ["um", "dois", "tres", "quatro", "cinco", "seis", "sete", "oito", "nove", "dez", "onze", "doze", "treze",
             "catorze", "quinze", "dezasseis", "dezassete", "dezoito", "dezanove", "vinte"],
            ["een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf", "dertien",
             "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig"],
        ]
        for list in lists {
            for (index, word) in list.enumerated() where table[word] == nil { table[word] = index + 1 }
        }
        let tens: [String: Int] = [
            "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
            "dreissig": 30, "vierzig": 40, "funfzig": 50, "trente": 30, "quarante": 40, "cinquante": 50,
            "treinta": 30, "cuarenta": 40, "cincuenta": 50, "trenta": 30, "quaranta": 40, "cinquanta": 50,
            "trinta": 30, "quarenta": 40, "cinquenta": 50, "dertig": 30, "veertig": 40, "vijftig": 50,
            "vyf": 5, "vyftien": 15, "une": 1, "una": 1, "uma": 1, "duas": 2, "dezesseis": 16, "dezessete": 17, "dezenove": 19, "quatorze": 14,
        ]
        table.merge(tens) { old, _ in old }
        return table
    }()

    private static let ordinals: [String: Int] = {
        var table: [String: Int] = [:]
        let english = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                       "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                       "eighteenth", "nineteenth", "twentieth"]
        // German ordinal stems take -e, -er, -es, -en.
        let german = ["erst", "zweit", "dritt", "viert", "funft", "sechst", "siebent", "acht", "neunt", "zehnt", "elft",
                      "zwolft", "dreizehnt", "vierzehnt", "funfzehnt", "sechzehnt", "siebzehnt", "achtzehnt",
                      "neunzehnt", "zwanzigst"]
        let french = ["premier", "deuxieme", "troisieme", "quatrieme", "cinquieme", "sixieme", "septieme", "huitieme",
                      "neuvieme", "dixieme", "onzieme", "douzieme", "treizieme", "quatorzieme", "quinzieme", "seizieme",
                      "dix-septieme", "dix-huitieme", "dix-neuvieme", "vingtieme"]
        // Spanish, Italian and Portuguese ordinals take -o or -a.
        let spanish = ["primer", "segund", "tercer", "cuart", "quint", "sext", "septim", "octav", "noven", "decim",
                       "undecim", "duodecim", "decimotercer", "decimocuart", "decimoquint", "decimosext",
                       "decimoseptim", "decimoctav", "decimonoven", "vigesim"]
        let italian = ["prim", "second", "terz", "quart", "quint", "sest", "settim", "ottav", "non", "decim",
                       "undicesim", "dodicesim", "tredicesim", "quattordicesim", "quindicesim", "sedicesim",
                       "diciassettesim", "diciottesim", "diciannovesim", "ventesim"]
        let portuguese = ["primeir", "segund", "terceir", "quart", "quint", "sext", "setim", "oitav", "non", "decim"]
        func add(_ word: String, _ value: Int) { if table[word] == nil { table[word] = value } }
        for (index, word) in english.enumerated() { add(word, index + 1) }
        for (index, stem) in german.enumerated() { for ending in ["e", "er", "es", "en"] { add(stem + ending, index + 1) } }
        for (index, word) in french.enumerated() { add(word, index + 1) }
        add("premiere", 1); add("second", 2); add("seconde", 2)
        for list in [spanish, italian, portuguese] {
            for (index, stem) in list.enumerated() { add(stem + "o", index + 1); add(stem + "a", index + 1) }
        }
        add("primer", 1); add("tercer", 3)
        for (index, word) in dutchOrdinals.enumerated() { add(word, index + 1) }
        // Older spellings: German "siebtes" beside "siebentes", Dutch "vyfde" for "vijfde".
        for ending in ["e", "er", "es", "en"] { add("siebt" + ending, 7) }
        add("vyfde", 5); add("vyftiende", 15)
        return table
    }()

    private static let words: [String: Int] = cardinals.merging(ordinals) { cardinal, _ in cardinal }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
