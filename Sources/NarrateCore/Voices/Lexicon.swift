import Foundation

/// Pronunciation rules applied to each segment's text before synthesis: a word (whole words
/// only) or a regular expression, replaced by other text or by phonemes.
///
/// Every entry matches the original text, in order, once: a match overlapping text an earlier
/// entry replaced is left alone, and what an entry produced is never scanned again (so `cat →
/// dog` then `dog → wolf` says "dog", and rules cannot feed each other). Two limits keep a
/// hostile lexicon from stalling or flooding a render, both counted, not timed, so the plan is
/// the same on every machine:
/// - a regular expression gets `stepBudget` progress reports of ICU's matcher (about 10,000
///   steps each) beyond one per character of the text; a rule that needs more (nested
///   repetition such as `(a+)+b`) is given up on: it is skipped from there on, and `Planner`
///   drops it from the whole book and warns;
/// - an entry that would make a segment's text grow by more than `maximumAddition` is skipped
///   for that segment (and reported).
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
        /// Where the entry was written (`names.yaml:12`), for messages; nil for a book's own.
        public var source: String?
        fileprivate let regex: LexiconPattern

        public init(word: String? = nil, regex: String? = nil, matchCase: Bool = false, replacement: Replacement, source: String? = nil) throws {
            isRegex = regex != nil
            pattern = regex ?? word ?? ""
            self.matchCase = matchCase
            self.replacement = replacement
            self.source = source
            let body = regex ?? NSRegularExpression.escapedPattern(for: word ?? "")
            // Whole words: no letter or digit may touch the match on either side.
            let wrapped = #"(?<![\p{L}\p{N}])(?:"# + body + #")(?![\p{L}\p{N}])"#
            self.regex = try LexiconPattern(pattern: wrapped, matchCase: matchCase)
        }

        /// Whether the entry matches where there is no text (`x*`): it would add its replacement
        /// between any two non-letters.
        var matchesEmpty: Bool { regex.matchesEmpty() }

        /// How messages name the entry: where it was written and what it matches.
        public var name: String {
            (source.map { "\($0): " } ?? "") + (isRegex ? "the rule '\(pattern.prefix(60))'" : "the entry '\(pattern.prefix(60))'")
        }
    }

    /// Progress reports (about 10,000 matcher steps each) one entry may take on one segment,
    /// beyond one per character.
    public static let stepBudget = 500

    /// The most characters a lexicon may add to a segment of `length` characters.
    public static func maximumAddition(length: Int) -> Int { 200 + 2 * length }

    public let entries: [Entry]

    /// What went wrong while applying entries (shared by copies; thread-safe).
    let findings: Findings

    public init(entries: [Entry] = []) {
        self.entries = entries
        findings = Findings()
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The text to synthesize for `text`.
    public func apply(_ text: String) -> String {
        guard !entries.isEmpty else { return text }
        let source = text as NSString
        let length = source.length
        var claimed = [Bool](repeating: false, count: length)
        var replacements: [(range: NSRange, text: String)] = []
        var added = 0
        let allowed = Self.maximumAddition(length: length)
        for (index, entry) in entries.enumerated() where !findings.isGivenUp(index) {
            guard let matches = entry.regex.matches(in: text, length: length, budget: length + Self.stepBudget) else {
                findings.giveUp(index, text: text)
                continue
            }
            var found: [(range: NSRange, text: String)] = []
            for match in matches where match.range.length > 0 {
                let range = match.range
                if claimed[range.location..<(range.location + range.length)].contains(true) { continue }
                let replacement: String
                switch entry.replacement {
                case let .text(template):
                    replacement = entry.isRegex ? entry.regex.replacement(for: match, in: text, template: template) : template
                case let .phonemes(code):
                    replacement = "[[\(code)]]"
                }
                found.append((range, replacement))
            }
            let growth = found.reduce(0) { $0 + ($1.text as NSString).length - $1.range.length }
            if added + growth > allowed {
                findings.overgrow(index, text: text)
                continue
            }
            added += growth
            for item in found {
                for offset in item.range.location..<(item.range.location + item.range.length) { claimed[offset] = true }
            }
            replacements += found
        }
        guard !replacements.isEmpty else { return text }
        var result = ""
        var cursor = 0
        for item in replacements.sorted(by: { $0.range.location < $1.range.location }) {
            result += source.substring(with: NSRange(location: cursor, length: item.range.location - cursor))
            result += item.text
            cursor = item.range.location + item.range.length
        }
        result += source.substring(from: cursor)
        return result
    }

    /// This lexicon, then `other` (entries here win: they replace the words first).
    public func followed(by other: Lexicon) -> Lexicon { Lexicon(entries: entries + other.entries) }

    /// This lexicon without the entries at `indices`.
    func removing(_ indices: Set<Int>) -> Lexicon {
        Lexicon(entries: entries.enumerated().filter { !indices.contains($0.offset) }.map(\.element))
    }

    /// Entries given up on (too many matcher steps) or skipped for growing a segment too much,
    /// each with the first text it happened on.
    final class Findings: Sendable {
        private let givenUp = Locked<[Int: String]>([:])
        private let overgrown = Locked<[Int: (text: String, count: Int)]>([:])

        func isGivenUp(_ index: Int) -> Bool { givenUp.withLock { $0[index] != nil } }
        func giveUp(_ index: Int, text: String) { givenUp.withLock { if $0[index] == nil { $0[index] = text } } }
        func overgrow(_ index: Int, text: String) {
            overgrown.withLock { $0[index] = ($0[index]?.text ?? text, ($0[index]?.count ?? 0) + 1) }
        }
        var gaveUp: [Int: String] { givenUp.withLock { $0 } }
        var grew: [Int: (text: String, count: Int)] { overgrown.withLock { $0 } }
    }
}

/// A lexicon entry's compiled regular expression (not named `Regex`, which would shadow the
/// standard library's). `@unchecked Sendable`: NSRegularExpression is immutable once
/// made, and Foundation documents it as safe to use from several threads at once.
struct LexiconPattern: @unchecked Sendable {
    private let expression: NSRegularExpression

    init(pattern: String, matchCase: Bool) throws {
        expression = try NSRegularExpression(pattern: pattern, options: matchCase ? [] : [.caseInsensitive])
    }

    /// The matches in `text` (of `length` UTF-16 units), or nil when matching took more than
    /// `budget` of ICU's progress reports or ICU gave up itself (its backtracking stack is full).
    func matches(in text: String, length: Int, budget: Int) -> [NSTextCheckingResult]? {
        var results: [NSTextCheckingResult] = []
        var reports = 0
        var failed = false
        expression.enumerateMatches(in: text, options: [.reportProgress, .reportCompletion], range: NSRange(location: 0, length: length)) { match, flags, stop in
            if let match {
                results.append(match)
            } else if flags.contains(.internalError) {
                failed = true
            } else if flags.contains(.progress) {
                reports += 1
                if reports > budget {
                    failed = true
                    stop.pointee = true
                }
            }
        }
        return failed ? nil : results
    }

    /// Whether the pattern matches the empty text.
    func matchesEmpty() -> Bool {
        expression.firstMatch(in: "", range: NSRange(location: 0, length: 0)) != nil
    }

    func replacement(for match: NSTextCheckingResult, in text: String, template: String) -> String {
        expression.replacementString(for: match, in: text, offset: 0, template: template)
    }
}

extension Lexicon {
    /// Plans `book` with this lexicon through `planOnce`; when an entry was given up on (too
    /// many matcher steps), plans again without it, so it applies nowhere rather than to the
    /// chapters before the one it stalled on. Returns the plan and one warning per entry given
    /// up on or skipped for growth, naming the entry and the first place.
    func plan(_ planOnce: (Lexicon) -> Plan) -> (Plan, warnings: [String]) {
        let first = planOnce(self)
        let gaveUp = findings.gaveUp
        guard !gaveUp.isEmpty else { return (first, overgrowthWarnings(in: first)) }
        let kept = removing(Set(gaveUp.keys))
        let plan = planOnce(kept)
        var warnings = gaveUp.sorted { $0.key < $1.key }.map { index, text in
            "\(entries[index].name) takes too long to match (\(Self.place(of: text, in: first))); it is not applied anywhere. "
                + "Simplify the pattern: nested repetition such as (a+)+ takes exponential time"
        }
        warnings += kept.overgrowthWarnings(in: plan)
        return (plan, warnings)
    }

    private func overgrowthWarnings(in plan: Plan) -> [String] {
        findings.grew.sorted { $0.key < $1.key }.map { index, found in
            "\(entries[index].name) would make the text too long (\(Self.place(of: found.text, in: plan))"
                + (found.count > 1 ? " and \(found.count - 1) more" : "")
                + "); skipped there. A lexicon may add at most 200 characters plus twice the segment's length"
        }
    }

    /// Where `text` (a segment's written text, or part of it) is in the plan.
    private static func place(of text: String, in plan: Plan) -> String {
        let probe = String(text.prefix(40))
        for chapter in plan.chapters {
            if let segment = chapter.segments.first(where: { $0.text.contains(probe) }) {
                return segment.paragraph > 0 ? "chapter \(chapter.index), paragraph \(segment.paragraph)" : "chapter \(chapter.index), heading"
            }
        }
        return "\"\(text.prefix(40))\""
    }
}
