import Foundation

/// Pronunciation rules applied to each segment's text before synthesis: a word (whole words
/// only) or a regular expression, replaced by other text or by phonemes. Entries apply in order;
/// what one entry produced is not matched again by a later one.
public struct Lexicon: Sendable {
    public enum Replacement: Sendable, Equatable {
        case text(String)
        /// espeak-ng phoneme mnemonics (`d'A@si`), spoken as `[[d'A@si]]`.
        case phonemes(String)
    }

    public struct Entry: Sendable {
        public var pattern: String
        public var isRegex: Bool
        public var matchCase: Bool
        public var replacement: Replacement
        fileprivate let regex: Regex

        public init(word: String? = nil, regex: String? = nil, matchCase: Bool = false, replacement: Replacement) throws {
            isRegex = regex != nil
            pattern = regex ?? word ?? ""
            self.matchCase = matchCase
            self.replacement = replacement
            let body = regex ?? NSRegularExpression.escapedPattern(for: word ?? "")
            // Whole words: no letter or digit may touch the match on either side.
            let wrapped = #"(?<![\p{L}\p{N}])(?:"# + body + #")(?![\p{L}\p{N}])"#
            self.regex = try Regex(pattern: wrapped, matchCase: matchCase)
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }

    public var isEmpty: Bool { entries.isEmpty }

    /// The text to synthesize for `text`.
    public func apply(_ text: String) -> String {
        guard !entries.isEmpty else { return text }
        var result = text
        var phonemes: [String] = []
        for entry in entries {
            switch entry.replacement {
            case let .text(replacement):
                result = entry.regex.replace(in: result, template: entry.isRegex ? replacement : NSRegularExpression.escapedTemplate(for: replacement))
            case let .phonemes(code):
                // A placeholder until the end, so later entries cannot match inside the phonemes.
                guard let placeholder = Unicode.Scalar(0xF0000 + phonemes.count) else { continue }
                phonemes.append(code)
                result = entry.regex.replace(in: result, template: String(Character(placeholder)))
            }
        }
        for (index, code) in phonemes.enumerated() {
            result = result.replacingOccurrences(of: String(Character(Unicode.Scalar(0xF0000 + index)!)), with: "[[\(code)]]")
        }
        return result
    }

    /// This lexicon, then `other` (entries here win: they replace the words first).
    public func followed(by other: Lexicon) -> Lexicon { Lexicon(entries: entries + other.entries) }
}

/// A compiled regular expression. `@unchecked Sendable`: NSRegularExpression is immutable once
/// made, and Foundation documents it as safe to use from several threads at once.
struct Regex: @unchecked Sendable {
    private let expression: NSRegularExpression

    init(pattern: String, matchCase: Bool) throws {
        expression = try NSRegularExpression(pattern: pattern, options: matchCase ? [] : [.caseInsensitive])
    }

    func replace(in text: String, template: String) -> String {
        expression.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}
