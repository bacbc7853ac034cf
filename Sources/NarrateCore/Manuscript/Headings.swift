import Foundation

/// Recognises chapter headings in plain text: `CHAPTER I.`, `Chapter 12`, `Chapter One: Title`,
/// `BOOK II`, `PART ONE`, `PROLOGUE`, `Letter 1`, Markdown `#`/`##`, and a lone `I.` / `IV`.
public enum Headings {
    public struct Heading: Equatable, Sendable {
        /// "Chapter 12", "Prologue", or the Markdown heading text.
        public var label: String
        /// The chapter's own title when the heading line carries one ("Loomings").
        public var title: String?
        /// Markdown heading level (1 for `#`), nil for other headings.
        public var markdownLevel: Int?
    }

    private static let numberedKeywords: Set<String> = [
        "chapter", "chap.", "book", "part", "letter", "section", "volume", "canto", "stave", "act",
    ]
    private static let sectionKeywords: Set<String> = [
        "prologue", "epilogue", "preface", "foreword", "introduction", "afterword", "interlude", "etymology",
        "extracts", "conclusion", "postscript", "appendix",
    ]

    private static let numberWords = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "last",
    ]

    // Regex is not Sendable, but these are immutable after construction and only matched against.
    nonisolated(unsafe) private static let numbered =
        #/^(chapter|chap\.|book|part|letter|section|volume|canto|stave|act)\s+([0-9]{1,5}|[ivxlcdm]{1,8}|[a-z]+(?:[- ][a-z]+)?)(?=$|[\s.:—–-])\.?\s*(?:[:—–-]\s*)?(.*)$/#
        .ignoresCase()
    nonisolated(unsafe) private static let keyword =
        #/^(prologue|epilogue|preface|foreword|introduction|afterword|interlude|etymology|extracts|conclusion|postscript|appendix)\b\.?\s*(?:[:—–-]\s*)?(.*)$/#
        .ignoresCase()
    nonisolated(unsafe) private static let markdown = #/^(#{1,6})\s+(.+?)\s*#*\s*$/#
    nonisolated(unsafe) private static let loneNumber = #/^([IVXLC]{1,7}|[0-9]{1,3})\.?$/#

    /// Matches one trimmed line. `standalone` allows a lone numeral (`I.`), which only counts as a
    /// heading when it is a paragraph of its own.
    public static func match(_ line: String, standalone: Bool = false) -> Heading? {
        guard !line.isEmpty, line.count <= 120 else { return nil }
        if line.hasPrefix("#"), let m = line.wholeMatch(of: markdown) {
            return Heading(label: String(m.2), title: nil, markdownLevel: m.1.count)
        }
        guard let first = line.unicodeScalars.first, first.properties.isUppercase || CharacterSet.decimalDigits.contains(first) else {
            return nil
        }
        // Regexes are slow; most lines are prose, so look at the first word before running them.
        let firstWord = line.prefix { $0.isLetter || $0 == "." }.lowercased()
        if Self.numberedKeywords.contains(firstWord), let m = line.wholeMatch(of: numbered) {
            let number = String(m.2)
            let isNumeral = number.allSatisfy(\.isNumber) || number.lowercased().allSatisfy { "ivxlcdm".contains($0) }
            let isWord = number.lowercased().split(whereSeparator: { $0 == "-" || $0 == " " })
                .allSatisfy { numberWords.contains(String($0)) || ["twenty", "thirty", "forty", "fifty"].contains(String($0)) }
            guard isNumeral || isWord else { return nil }
            guard let title = titlePart(String(m.3)) else { return nil }
            let shownNumber = isNumeral ? number : number.split(separator: "-").map { capitalizedKeyword(String($0)) }.joined(separator: "-")
            return Heading(label: "\(capitalizedKeyword(String(m.1))) \(shownNumber)", title: title, markdownLevel: nil)
        }
        if Self.sectionKeywords.contains(firstWord.hasSuffix(".") ? String(firstWord.dropLast()) : firstWord),
           let m = line.wholeMatch(of: keyword) {
            let rest = String(m.2)
            guard rest.count <= 60, let title = titlePart(rest) else { return nil }
            return Heading(label: capitalizedKeyword(String(m.1)), title: title, markdownLevel: nil)
        }
        if standalone, line.count <= 8, let m = line.wholeMatch(of: loneNumber) {
            return Heading(label: String(m.1), title: nil, markdownLevel: nil)
        }
        return nil
    }

    /// The rest of a heading line: empty, or something that reads as a title (starts with a
    /// capital, a digit, a quote or a parenthesis). "Part two of the plan…" is prose, not a heading.
    private static func titlePart(_ rest: String) -> String?? {
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

    private static func capitalizedKeyword(_ word: String) -> String {
        if word.lowercased() == "chap." { return "Chapter" }
        return word.prefix(1).uppercased() + word.dropFirst().lowercased()
    }
}
