/// `narrate plan --dialogue`: every quote of the book with its speaker and the rule that
/// decided it, or why the dialogue voice reads it — so a user can check a chapter in a minute
/// and fix the rest with `{name}` markup.
public struct DialogueListing: Sendable {
    public struct Line: Sendable, Equatable {
        /// `c7.p3`, as `narrate plan --segments` numbers paragraphs.
        public var paragraph: String
        public var speaker: String
        /// The rule (`verb`, `turn-taking`, `markup`…), or nil for the dialogue voice.
        public var rule: String?
        public var reason: String?
        public var quote: String
    }

    public var chapters: [(index: Int, title: String, lines: [Line])]

    public init(book: Book, cast: Cast) {
        let markup = SpeakerMarkup(cast: cast)
        let attributor = Attributor(cast: cast)
        chapters = book.chapters.enumerated().map { offset, chapter in
            let index = offset + 1
            let parsed = chapter.paragraphs.map { markup.parse($0.text) }
            let narrator: String? = if case let .character(key)? = cast.chapters[index] { key } else { nil }
            let attributions = attributor.attributions(chapter: parsed.map(\.text), narrator: narrator)
            var lines: [Line] = []
            for (p, (paragraph, quotes)) in zip(parsed, attributions).enumerated() {
                for quote in quotes {
                    var line = Line(paragraph: "c\(index).p\(p + 1)", speaker: quote.speaker.name, rule: quote.rule?.rawValue,
                                    reason: quote.reason, quote: String(paragraph.text[quote.range]))
                    if let speaker = paragraph.paragraphSpeaker ?? paragraph.spans.first(where: { $0.range.overlaps(quote.range) })?.speaker {
                        (line.speaker, line.rule, line.reason) = (speaker.name, "markup", nil)
                    }
                    lines.append(line)
                }
            }
            return (index, chapter.title, lines)
        }
    }

    /// The listing for a person: chapters with quotes, one line a quote, and the totals.
    public func text() -> String {
        var out = ""
        var total = 0, credited = 0, named = 0
        for chapter in chapters where !chapter.lines.isEmpty {
            let width = chapter.lines.map(\.paragraph.count).max() ?? 0
            let speakerWidth = chapter.lines.map(\.speaker.count).max() ?? 0
            out += "\(chapter.index)  \(chapter.title.terminalSafe)\n"
            for line in chapter.lines {
                let quote = line.quote.count > 70 ? String(line.quote.prefix(69)) + "…" : line.quote
                let why = line.rule.map { "[\($0)]" } ?? "(\(line.reason ?? "no credit"))"
                out += "  \(line.paragraph.padding(to: width))  \(line.speaker.terminalSafe.padding(to: speakerWidth))  "
                    + "\(quote.replacingNewlines.terminalSafe)  \(why.terminalSafe)\n"
            }
            total += chapter.lines.count
            // Named words (the narrator's, by no rule) are neither credited nor the dialogue voice's.
            let namedHere = chapter.lines.filter { $0.speaker == "narrator" && $0.rule == nil }.count
            credited += chapter.lines.filter { $0.speaker != "dialogue" }.count - namedHere
            named += namedHere
        }
        out += "\(total) quotes: \(credited) credited to characters, \(total - credited - named) read by the dialogue voice"
            + (named > 0 ? ", \(named) named in the narration (read by the narrator)\n" : "\n")
        return out
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }

    fileprivate var replacingNewlines: String { String(map { $0.isNewline ? " " : $0 }) }
}
