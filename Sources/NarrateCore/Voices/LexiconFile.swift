import Foundation

/// Reads a pronunciation lexicon file (YAML, see Docs/voices.md):
///
///     say:                        # whole words, any case → text
///       Bingley: Bing-lee
///     phonemes:                   # → espeak-ng phoneme mnemonics
///       Darcy: "d'A@si"
///     ipa:                        # → IPA, converted to espeak-ng's phonemes
///       Hermione: hɜːˈmaɪəni
///     rules:                      # regular expressions, or words with options
///       - regex: 'Mr\.\s+(\w+)'
///         say: Mister $1
///         match-case: true
///
/// Entries apply in the order they are written.
public enum LexiconFile {
    public static func load(path: String) throws -> Lexicon {
        try read(ConfigDocument.read(path: path, kind: "lexicon file", option: "--lexicon"))
    }

    public static func parse(_ text: String, file: String) throws -> Lexicon {
        try read(ConfigDocument(text: text, file: file))
    }

    private static func read(_ document: ConfigDocument) throws -> Lexicon {
        if document.root.value == .empty { return Lexicon() }
        guard case let .table(sections) = document.root.value else {
            throw document.root.error("a lexicon is a table with say, phonemes, ipa and rules", in: document)
        }
        var entries: [(line: Int, entry: Lexicon.Entry)] = []
        for section in sections {
            let (key, node) = (section.key, section.value)
            if node.value == .empty { continue }
            switch key {
            case "say", "phonemes", "ipa":
                guard case let .table(words) = node.value else {
                    throw node.error("'\(key)' must be a table of word: replacement lines, indented under it", in: document)
                }
                for item in words {
                    let (word, value) = (item.key, item.value)
                    let replacement = try Self.replacement(kind: key, value, document: document)
                    entries.append((value.line, try entry(word: word, regex: nil, matchCase: false, replacement, node: value, document: document)))
                }
            case "rules":
                guard case let .array(rules) = node.value else {
                    throw node.error("'rules' must be a list: one '- regex: …' or '- word: …' item per rule", in: document)
                }
                for rule in rules { entries.append((rule.line, try Self.rule(rule, document: document))) }
            default:
                throw node.error("unknown section '\(key)'; a lexicon has say, phonemes, ipa and rules", in: document)
            }
        }
        return Lexicon(entries: entries.sorted { $0.line < $1.line }.map(\.entry))
    }

    private static func rule(_ node: ConfigDocument.Node, document: ConfigDocument) throws -> Lexicon.Entry {
        guard case let .table(fields) = node.value else { throw node.error("a rule must be a table: - regex: …", in: document) }
        var word: String?, regex: String?, matchCase = false
        var patternNode = node
        var replacement: Lexicon.Replacement?
        for field in fields {
            let (key, value) = (field.key, field.value)
            switch key {
            case "word", "regex":
                guard let text = value.text, !text.isEmpty else {
                    throw value.error("'\(key)' must be a text value", in: document)
                }
                if key == "word" { word = text } else { regex = text }
                patternNode = value
            case "say", "phonemes", "ipa":
                guard replacement == nil else { throw value.error("a rule has one of say, phonemes or ipa", in: document) }
                replacement = try Self.replacement(kind: key, value, document: document)
            case "match-case":
                guard case let .scalar(flag, quoted: false) = value.value, flag == "true" || flag == "false" else {
                    throw value.error("'match-case' must be true or false", in: document)
                }
                matchCase = flag == "true"
            default:
                throw value.error("unknown key '\(key)' in a rule; a rule has word or regex, say, phonemes or ipa, and match-case", in: document)
            }
        }
        guard (word == nil) != (regex == nil) else { throw node.error("a rule needs either word or regex", in: document) }
        guard let replacement else { throw node.error("a rule needs say, phonemes or ipa", in: document) }
        return try entry(word: word, regex: regex, matchCase: matchCase, replacement, node: patternNode, document: document)
    }

    private static func replacement(kind: String, _ node: ConfigDocument.Node, document: ConfigDocument) throws -> Lexicon.Replacement {
        guard let value = node.text else {
            throw node.error("'\(node.pathName)' must be a text value (got \(node.value.kindName))", in: document)
        }
        switch kind {
        case "say": return .text(value)
        case "phonemes":
            guard !value.trimmingWhitespace().isEmpty, !value.contains("]]"), !value.contains("[[") else {
                throw node.error("phonemes must be espeak-ng phoneme codes without [[ ]], e.g. \"d'A@si\"", in: document)
            }
            return .phonemes(value)
        default:
            guard let code = IPATranscriber.espeak(fromIPA: value) else {
                throw node.error("'\(value)' has no IPA symbols narrate can read; use phonemes with espeak-ng codes", in: document)
            }
            return .phonemes(code)
        }
    }

    private static func entry(word: String?, regex: String?, matchCase: Bool, _ replacement: Lexicon.Replacement,
                              node: ConfigDocument.Node, document: ConfigDocument) throws -> Lexicon.Entry {
        let entry: Lexicon.Entry
        do {
            entry = try Lexicon.Entry(word: word, regex: regex, matchCase: matchCase, replacement: replacement,
                                      source: "\(document.file):\(node.line)")
        } catch {
            throw node.error("'\(regex ?? word ?? "")' is not a valid regular expression (ICU syntax); fix or quote it", in: document)
        }
        if entry.matchesEmpty {
            throw node.error("'\(regex ?? word ?? "")' matches empty text, so it would add its replacement everywhere; make it match at least one character (e.g. x+ rather than x*)", in: document)
        }
        return entry
    }
}
