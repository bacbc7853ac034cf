import Foundation

/// Recognises chapter headings in plain text: `CHAPTER I.`, `Chapter 12`, `Chapter One: Title`,
/// `BOOK II`, `PART ONE`, `PROLOGUE`, `Letter 1`, Markdown `#`/`##`, a lone `I.` / `IV`, and the
/// same in German, French, Spanish, Italian, Portuguese and Dutch (`Erstes Kapitel`, `Chapitre
/// premier`, `Capítulo XII.--Título`, `CAPITOLO PRIMO.`, `EERSTE HOOFDSTUK`, `PRIMERA PARTE`).
public enum Headings {
    public struct Heading: Equatable, Sendable {
        public enum Kind: Sendable { case chapter, part, section, numeral, markdown }
        /// "Chapter 12", "Prologue", or the Markdown heading text.
        public var label: String
        /// The chapter's own title when the heading line carries one ("Loomings").
        public var title: String?
        /// Markdown heading level (1 for `#`), nil for other headings.
        public var markdownLevel: Int?
        /// A chapter's heading, a part's (book, volume, act), a named section, or a lone numeral.
        public var kind: Kind = .chapter
    }

    /// Keywords before a number that name a chapter, in the languages narrate reads books in.
    static let chapterKeywords: Set<String> = [
        "chapter", "chap.", "letter", "section", "canto", "stave", "kapitel", "abschnitt", "chapitre", "chap",
        "capitulo", "capitolo", "cap.", "hoofdstuk", "seccion", "sezione", "seccao",
    ]
    /// Keywords before a number that name a part of the book.
    static let partKeywords: Set<String> = [
        "book", "part", "volume", "act", "teil", "buch", "band", "akt", "livre", "partie", "tome", "acte",
        "libro", "parte", "tomo", "volumen", "acto", "atto", "livro", "deel", "boek", "bedrijf",
    ]
    /// Named sections that need no number.
    static let sectionKeywords: Set<String> = [
        "prologue", "epilogue", "preface", "foreword", "introduction", "afterword", "interlude", "etymology",
        "extracts", "conclusion", "postscript", "appendix", "vorwort", "einleitung", "nachwort", "prolog", "epilog",
        "avant-propos", "postface", "prologo", "epilogo", "introduccion", "prefacio", "prefazione", "introduzione",
        "conclusione", "introducao", "prefacio", "voorwoord", "inleiding", "proloog", "epiloog", "nawoord",
    ]

    // Regex is not Sendable, but these are immutable after construction and only matched against.
    nonisolated(unsafe) private static let markdown = #/^(#{1,6})\s+(.+?)\s*#*\s*$/#
    nonisolated(unsafe) private static let footnoteMarker = #/\s*\[(?:\d{1,3}|[a-z\*])\]/#

    /// Matches one trimmed line. `standalone` allows a lone numeral (`I.`), which only counts as a
    /// heading when it is a paragraph of its own.
    public static func match(_ line: String, standalone: Bool = false) -> Heading? {
        guard !line.isEmpty, line.count <= 120 else { return nil }
        if line.hasPrefix("#"), let m = line.wholeMatch(of: markdown) {
            return Heading(label: String(m.2), title: nil, markdownLevel: m.1.count, kind: .markdown)
        }
        guard let first = line.unicodeScalars.first, first.properties.isUppercase || CharacterSet.decimalDigits.contains(first) else {
            return nil
        }
        // A footnote marker after the heading ("EERSTE HOOFDSTUK[1]") is not part of it.
        let line = line.contains("[") ? line.replacing(footnoteMarker, with: "") : line
        var scanner = HeadingScanner(line)
        let firstWord = scanner.word()
        let key = NumberWords.fold(firstWord)
        if chapterKeywords.contains(key) || partKeywords.contains(key) {
            // "Chapter XII", "Capítulo primero. Title", "Part Two: Title".
            guard let number = scanner.number(), let title = titlePart(scanner.rest) else { return nil }
            let shown = NumberWords.value(ofWords: number) != nil ? capitalizedWords(number) : number
            return Heading(label: "\(capitalizedKeyword(firstWord)) \(shown)", title: title, markdownLevel: nil,
                           kind: chapterKeywords.contains(key) ? .chapter : .part)
        }
        if NumberWords.isOrdinal(firstWord) {
            // "Erstes Kapitel", "EERSTE HOOFDSTUK", "PRIMERA PARTE".
            let keyword = scanner.word()
            let folded = NumberWords.fold(keyword)
            guard chapterKeywords.contains(folded) || partKeywords.contains(folded), let title = titlePart(scanner.rest) else {
                return nil
            }
            return Heading(label: "\(capitalizedWords(firstWord)) \(capitalizedKeyword(keyword))", title: title, markdownLevel: nil,
                           kind: chapterKeywords.contains(folded) ? .chapter : .part)
        }
        if sectionKeywords.contains(key.hasSuffix(".") ? String(key.dropLast()) : key) {
            let rest = scanner.rest
            guard rest.count <= 60, let title = titlePart(scanner.afterSeparator(rest)) else { return nil }
            return Heading(label: capitalizedKeyword(firstWord.hasSuffix(".") ? String(firstWord.dropLast()) : firstWord),
                           title: title, markdownLevel: nil, kind: .section)
        }
        if standalone, line.count <= 8 {
            let numeral = line.hasSuffix(".") ? String(line.dropLast()) : line
            let isNumeral = numeral.allSatisfy(\.isASCIIDigit) && numeral.count <= 3
                || numeral == numeral.uppercased() && NumberWords.value(ofRoman: numeral) != nil
            if isNumeral { return Heading(label: numeral, title: nil, markdownLevel: nil, kind: .numeral) }
        }
        return nil
    }

    /// Reads a heading line word by word.
    private struct HeadingScanner {
        var rest: Substring

        init(_ line: String) { rest = Substring(line) }

        /// The next word (letters, with a trailing period for abbreviations like "Chap.").
        mutating func word() -> String {
            rest = rest.drop(while: \.isWhitespace)
            var word = String(rest.prefix { $0.isLetter || $0 == "-" })
            while word.hasSuffix("-") { word.removeLast() }
            rest = rest.dropFirst(word.count)
            // The abbreviations "Chap." and "Cap." keep their period.
            if rest.first == ".", ["chap", "cap"].contains(NumberWords.fold(word)) {
                word += "."
                rest = rest.dropFirst()
            }
            return word
        }

        /// The number after a keyword: digits, a Roman numeral, or number words ("Twenty-Four",
        /// "twenty four", "dix-septième"), then the separator before a title.
        mutating func number() -> String? {
            rest = rest.drop(while: \.isWhitespace)
            let token = String(rest.prefix { $0.isLetter || $0.isASCIIDigit })
            guard !token.isEmpty, token.count <= 12 else { return nil }
            var number = token
            var after = rest.dropFirst(token.count)
            if NumberWords.value(ofWords: token) != nil {
                // A compound number word: "Twenty-Four", "twenty four".
                for joiner in ["-", " "] where after.hasPrefix(joiner) {
                    let next = String(after.dropFirst().prefix { $0.isLetter })
                    if !next.isEmpty, NumberWords.value(ofWords: number + joiner + next) != nil {
                        number += joiner + next
                        after = after.dropFirst(1 + next.count)
                    }
                }
            }
            guard NumberWords.value(of: number) != nil || NumberWords.fold(number) == "last" else { return nil }
            // The number must end where the word ends.
            if let next = after.first, !(next.isWhitespace || ".:—–-,".contains(next)) { return nil }
            rest = afterSeparator(after)
            return number
        }

        /// What follows `. `, `: `, ` — `, `--` or `, `.
        func afterSeparator(_ text: Substring) -> Substring {
            var text = text.drop(while: \.isWhitespace)
            if text.first == "." { text = text.dropFirst() }
            text = text.drop(while: \.isWhitespace)
            if let first = text.first, ":—–-,".contains(first) { text = text.drop { ":—–-,".contains($0) } }
            return text.drop(while: \.isWhitespace)
        }
    }

    /// The rest of a heading line: empty, or something that reads as a title (starts with a
    /// capital, a digit, a quote or a parenthesis). "Part two of the plan…" is prose, not a heading.
    private static func titlePart(_ rest: Substring) -> String?? {
        let trimmed = rest.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .some(nil) }
        guard let first = trimmed.unicodeScalars.first,
              first.properties.isUppercase || CharacterSet.decimalDigits.contains(first) || "(\"“‘'[".unicodeScalars.contains(first)
        else { return nil }
        return .some(cleanTitle(trimmed))
    }

    /// Strips the trailing period a heading line often ends with ("Loomings." → "Loomings").
    public static func cleanTitle(_ title: String) -> String {
        var t = title.trimmingCharacters(in: .whitespaces)
        while let last = t.last, last == "." || last == ":" { t.removeLast() }
        return t.replacingOccurrences(of: "_", with: "").trimmingCharacters(in: .whitespaces)
    }

    /// "PRIDE. and PREJUDICE" → "Pride and Prejudice": capitals-only titles in title case,
    /// stray periods before lowercase words dropped. Mixed-case titles are left alone.
    public static func prettyTitle(_ title: String) -> String {
        var words = title.split(separator: " ").map(String.init)
        for i in words.indices.dropLast() where words[i].hasSuffix(".") && words[i + 1].first?.isLowercase == true {
            words[i].removeLast()
        }
        let letters = words.joined().filter(\.isLetter)
        guard !letters.isEmpty, letters.filter(\.isUppercase).count * 10 >= letters.count * 8 else {
            return words.joined(separator: " ")
        }
        let minor: Set<String> = ["a", "an", "and", "the", "of", "or", "in", "on", "to", "for", "und", "der", "die", "das", "et", "le", "la", "de"]
        return words.enumerated().map { index, word in
            let lower = word.lowercased()
            if index > 0, minor.contains(lower) { return lower }
            return lower.prefix(1).uppercased() + lower.dropFirst()
        }.joined(separator: " ")
    }

    private static func capitalizedWords(_ words: String) -> String {
        words.split(separator: "-", omittingEmptySubsequences: false).map { capitalizedKeyword(String($0)) }.joined(separator: "-")
    }

    private static func capitalizedKeyword(_ word: String) -> String {
        if word.lowercased() == "chap." { return "Chapter" }
        return word.prefix(1).uppercased() + word.dropFirst().lowercased()
    }
}
