/// Splits a paragraph into sentences the way a reader hears them: abbreviations (Mr., e.g.),
/// initials (J. R. R.), decimals, ellipses and quotes around sentence ends do not end a sentence
/// early; a sentence longer than `maxLength` is split at clause boundaries, never mid-word.
public struct SentenceSplitter: Sendable {
    public var maxLength: Int

    public init(maxLength: Int = 400) { self.maxLength = maxLength }

    /// Lower-cased abbreviations (without the final period) after which a period never ends a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "messrs", "mme", "mlle", "dr", "st", "jr", "sr", "prof", "rev", "gen", "col", "capt",
        "lt", "sgt", "hon", "mt", "vs", "e.g", "i.e", "cf", "no", "vol", "pp", "fig", "esq", "gov", "sen", "rep",
        "ft", "approx", "dept", "est", "inc", "ltd", "co", "bros", "viz", "ca", "p", "chap", "ch", "ibid", "op",
        "a.m", "p.m", "u.s", "hr", "fr", "hrn", "nr", "bzw", "z.b", "usw", "ggf", "vgl",
    ]

    private static let closers: Set<Character> = ["\"", "”", "’", "'", ")", "]", "»", "«"]
    private static let openers: Set<Character> = ["\"", "“", "‘", "'", "(", "[", "«", "»", "„", "—"]

    public func split(_ paragraph: String) -> [String] {
        let chars = Array(paragraph)
        var sentences: [String] = []
        var start = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "." || c == "!" || c == "?" || c == "…" else { i += 1; continue }
            var end = i + 1
            while end < chars.count, chars[end] == "." || chars[end] == "!" || chars[end] == "?" || chars[end] == "…" { end += 1 }
            while end < chars.count, Self.closers.contains(chars[end]) { end += 1 }
            guard end < chars.count, chars[end].isWhitespace else { i = end; continue }
            var next = end
            while next < chars.count, chars[next].isWhitespace { next += 1 }
            guard next < chars.count, startsSentence(chars[next...]) else { i = end; continue }
            if c == ".", end - i == 1 || chars[i + 1] != ".", isAbbreviationOrInitial(chars, periodAt: i) {
                i = end
                continue
            }
            appendTrimmed(chars[start..<end], to: &sentences)
            start = next
            i = next
        }
        appendTrimmed(chars[start..<chars.count], to: &sentences)
        return sentences.flatMap(splitLong)
    }

    private func startsSentence(_ rest: ArraySlice<Character>) -> Bool {
        var index = rest.startIndex
        while index < rest.endIndex, Self.openers.contains(rest[index]) { index += 1 }
        guard index < rest.endIndex else { return false }
        let c = rest[index]
        return c.isUppercase || c.isNumber || (index > rest.startIndex && c.isLetter && !c.isLowercase)
    }

    private func isAbbreviationOrInitial(_ chars: [Character], periodAt i: Int) -> Bool {
        var wordStart = i
        while wordStart > 0, chars[wordStart - 1].isLetter || ".'’".contains(chars[wordStart - 1]) { wordStart -= 1 }
        let word = String(chars[wordStart..<i])
        if word.count == 1, word.first!.isUppercase { return true }  // an initial: "J. R. R. Tolkien"
        return Self.abbreviations.contains(word.lowercased())
    }

    private func appendTrimmed(_ slice: ArraySlice<Character>, to sentences: inout [String]) {
        let text = String(slice).trimmingWhitespace()
        if !text.isEmpty { sentences.append(text) }
    }

    /// Splits an over-long sentence at the last clause boundary before the limit: a semicolon or
    /// colon first, then a dash, then a comma, then any space.
    func splitLong(_ sentence: String) -> [String] {
        guard sentence.count > maxLength else { return [sentence] }
        let chars = Array(sentence)
        var pieces: [String] = []
        var start = 0
        while chars.count - start > maxLength {
            let window = start..<(start + maxLength)
            let cut = lastBoundary(in: chars, window: window, after: [";", ":"])
                ?? lastBoundary(in: chars, window: window, after: ["—", "–"])
                ?? lastBoundary(in: chars, window: window, after: [","])
                ?? lastBoundary(in: chars, window: window, after: [" "])
                ?? window.upperBound  // a single "word" longer than the limit
            let piece = String(chars[start..<cut]).trimmingWhitespace()
            if !piece.isEmpty { pieces.append(piece) }
            start = cut
        }
        let last = String(chars[start...]).trimmingWhitespace()
        if !last.isEmpty { pieces.append(last) }
        return pieces
    }

    private func lastBoundary(in chars: [Character], window: Range<Int>, after marks: Set<Character>) -> Int? {
        let minimum = window.lowerBound + maxLength / 4  // avoid tiny fragments
        var i = window.upperBound - 1
        while i > minimum {
            if marks.contains(chars[i]), i + 1 < chars.count, chars[i + 1].isWhitespace || chars[i] == " " { return i + 1 }
            i -= 1
        }
        return nil
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
