import Foundation

/// The heading structure of a plain-text manuscript, built from its blocks: front matter, then
/// one section per heading. Tables of contents and lists of illustrations are recognised and
/// left out, so they never turn into runs of empty chapters.
struct Outline {
    struct Section {
        var heading: Headings.Heading
        var paragraphs: [Paragraph] = []
        var line: Int
    }

    private(set) var front: [Paragraph] = []
    private(set) var sections: [Section] = []
    private(set) var markdownBookTitle: String?

    static func build(_ blocks: [PlainTextReader.Block]) -> Outline {
        var outline = Outline()
        var inContents = false
        var contentsEntries: Set<String> = []
        var index = 0
        while index < blocks.count {
            let block = blocks[index]
            index += 1
            if isContentsLabel(block) {
                inContents = true
                contentsEntries = []
                continue
            }
            if inContents {
                // The list ends at the first block that is not an entry, or at a heading it already
                // listed (a contents list followed directly by the first chapter).
                let key = headingBlock(block).map(entryKey)
                if isContentsEntry(block), key == nil || !contentsEntries.contains(key!) {
                    contentsEntries.formUnion(block.lines.compactMap { Headings.match($0).map(entryKey) })
                    if let key { contentsEntries.insert(key) }
                    continue
                }
                inContents = false
            }
            if block.rawLines.allSatisfy(isListLine) { continue }
            if var heading = headingBlock(block) {
                if heading.title == nil, heading.markdownLevel == nil, index < blocks.count,
                   let title = titleCandidate(blocks[index]) {
                    heading.title = title
                    index += 1
                }
                outline.sections.append(Section(heading: heading, line: block.line))
                continue
            }
            // Several heading lines in one block: a table of contents without a label.
            if block.lines.count >= 2, block.lines.allSatisfy({ Headings.match($0) != nil }) { continue }
            guard let paragraph = Prose.paragraph(block.lines, line: block.line) else { continue }
            if outline.sections.isEmpty {
                outline.front.append(paragraph)
            } else {
                outline.sections[outline.sections.count - 1].paragraphs.append(paragraph)
            }
        }
        outline.promoteMarkdownTitle()
        return outline
    }

    /// `# Book Title` followed by `##` chapters: the single level-1 heading names the book.
    private mutating func promoteMarkdownTitle() {
        let level1 = sections.indices.filter { sections[$0].heading.markdownLevel == 1 }
        guard level1 == [0], sections.dropFirst().contains(where: { ($0.heading.markdownLevel ?? 0) >= 2 }) else { return }
        markdownBookTitle = sections[0].heading.label
        front.append(contentsOf: sections[0].paragraphs)
        sections.removeFirst()
    }

    /// Takes a title line ("The Lighthouse") and a byline ("by Jane Doe") from the front matter.
    mutating func takeTitleLines() -> (title: String?, author: String?) {
        var title: String?
        var author: String?
        var kept: [Paragraph] = []
        var bylineOpen = false
        for paragraph in front {
            let text = paragraph.text
            if bylineOpen, author == nil, text.wordCount <= 6 {
                author = Headings.prettyTitle(Headings.cleanTitle(text))
            } else if author == nil, ["by", "von", "par", "di", "door", "por"].contains(text.lowercased()) {
                bylineOpen = true
                continue
            } else if author == nil, let m = text.wholeMatch(of: Self.byline), text.wordCount <= 8 {
                author = Headings.prettyTitle(String(m.1))
            } else if title == nil, author == nil, kept.isEmpty, text.wordCount <= 12,
                      !Prose.endsSentence(text) || text == text.uppercased() || text.wordCount <= 4 {
                title = Headings.prettyTitle(Headings.cleanTitle(text))
            } else {
                kept.append(paragraph)
            }
            bylineOpen = false
        }
        front = kept
        return (title, author)
    }

    var hasHeadings: Bool { !sections.isEmpty }

    var allParagraphs: [Paragraph] { front + sections.flatMap(\.paragraphs) }

    func chapters(frontMatterTitle: String) -> [Chapter] {
        var chapters: [Chapter] = []
        if Prose.isRealProse(front) {
            chapters.append(Chapter(title: frontMatterTitle, spokenHeading: nil, paragraphs: front, isFrontMatter: true))
        }
        for section in sections {
            let heading = section.heading
            let display = heading.title.map { "\(heading.label): \($0)" } ?? heading.label
            let spoken = heading.title.map { "\(heading.label). \($0)." } ?? "\(heading.label)."
            chapters.append(Chapter(title: display, spokenHeading: spoken, paragraphs: section.paragraphs))
        }
        return chapters.filter { $0.wordCount > 0 && !$0.paragraphs.isEmpty }
    }

    // MARK: - Block classification

    private static func headingBlock(_ block: PlainTextReader.Block) -> Headings.Heading? {
        guard var heading = Headings.match(block.lines[0], standalone: block.lines.count == 1) else { return nil }
        if block.lines.count == 1 { return heading }
        let rest = block.lines.dropFirst()
        guard block.lines.count <= 3, heading.markdownLevel == nil,
              rest.allSatisfy({ $0.wordCount <= 10 && Headings.match($0) == nil })
        else { return nil }
        // Either the title on the next line, or a long title wrapped onto it.
        heading.title = Headings.cleanTitle(([heading.title].compactMap { $0 } + rest).joined(separator: " "))
        return heading
    }

    /// A short line right after a bare heading ("CHAPTER I." / "Down the Rabbit-Hole") is its title.
    private static func titleCandidate(_ block: PlainTextReader.Block) -> String? {
        guard block.lines.count == 1 else { return nil }
        let line = block.lines[0]
        guard line.wordCount > 0, line.wordCount <= 10, Headings.match(line, standalone: true) == nil,
              let first = line.first, !"\"“‘'«»„(—-".contains(first),
              !Prose.endsSentence(line) || line == line.uppercased()
        else { return nil }
        return Headings.cleanTitle(line)
    }

    /// How a heading is recognised again after its contents entry: label and title, case and spacing folded.
    private static func entryKey(_ heading: Headings.Heading) -> String {
        ([heading.label] + [heading.title].compactMap { $0 }).joined(separator: " ").lowercased()
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static let contentsLabels: Set<String> = [
        "contents", "table of contents", "list of illustrations", "illustrations", "inhalt", "table des matières",
    ]

    private static func isContentsLabel(_ block: PlainTextReader.Block) -> Bool {
        guard block.lines.count == 1 else { return false }
        let label = block.lines[0].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".: "))
        return contentsLabels.contains(label)
    }

    /// A contents entry: heading or page-numbered lines, or one heading wrapped onto a second line.
    private static func isContentsEntry(_ block: PlainTextReader.Block) -> Bool {
        if block.lines.count <= 3, headingBlock(block) != nil { return true }
        return zip(block.lines, block.rawLines).allSatisfy { line, raw in Headings.match(line) != nil || isListLine(raw) }
    }

    /// A line of a table or list with a page number at the end ("Heading to Chapter I.     1").
    static func isListLine(_ raw: String) -> Bool {
        guard let last = raw.last(where: { !$0.isWhitespace }), last.isNumber else { return false }
        return raw.firstMatch(of: listLine) != nil
    }

    // Regex is not Sendable, but these are immutable after construction and only matched against.
    nonisolated(unsafe) private static let listLine = #/\S(\s{3,}|\.{3,}\s*)\d{1,4}\s*$/#
    nonisolated(unsafe) private static let byline = #/(?i)(?:by|von|par)\s+(.+?)[.,;]?/#
}

/// Turning a block's lines into a paragraph of speakable prose.
enum Prose {
    static func paragraph(_ lines: [String], line: Int) -> Paragraph? {
        let text = clean(lines.joined(separator: " "))
        guard text.unicodeScalars.contains(where: { $0.properties.isAlphabetic || ("0"..."9").contains($0) }) else { return nil }
        return Paragraph(text: text, line: line)
    }

    /// Joins whitespace, drops `_italic_` markers and turns `--` into an em dash.
    static func clean(_ text: String) -> String {
        // Foundation's search is slow on Linux and most paragraphs have none of these: look first.
        var t = text
        if t.utf8.contains(UInt8(ascii: "_")) { t = t.replacingOccurrences(of: "_", with: "") }
        if t.utf8.contains(UInt8(ascii: "-")) { t = t.replacingOccurrences(of: "--", with: "—") }
        if t.utf8.contains(UInt8(ascii: "[")) { t = t.replacingOccurrences(of: "[Illustration]", with: "") }
        return t.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func endsSentence(_ text: String) -> Bool {
        var t = Substring(text)
        while let last = t.last, "\"”’')]»".contains(last) { t = t.dropLast() }
        guard let last = t.last else { return false }
        return ".!?…;,:".contains(last)
    }

    /// Front matter is read only when it holds real prose, not a title page or a byline.
    static func isRealProse(_ paragraphs: [Paragraph]) -> Bool {
        let words = paragraphs.reduce(0) { $0 + $1.text.wordCount }
        return words >= 40 && paragraphs.contains { isSentenceLike($0.text) }
    }

    /// At least 20 real words (not letter-spaced capitals, "K U R T  W O L F F") in mixed case.
    static func isSentenceLike(_ text: String) -> Bool {
        let words = text.split(whereSeparator: \.isWhitespace).filter { $0.wordCount > 0 }
        let letters = words.reduce(0) { $0 + $1.count }
        return words.count >= 20 && letters >= 3 * words.count && text.contains(where: \.isLowercase)
    }
}
