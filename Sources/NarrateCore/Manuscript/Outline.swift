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
    /// What was left out (contents lists, title pages), with its words.
    private(set) var skipped: [SkippedText] = []

    static func build(_ blocks: [PlainTextReader.Block]) -> Outline {
        var outline = Outline()
        var contents: ContentsList?
        // A book with "Chapter …" headings numbers its sections with lone numerals inside chapters
        // (or in an essay before them): only the keyword headings cut chapters then.
        let hasChapterKeywords = blocks.contains { block in
            block.lines.count <= 3 && headingBlock(block, chapterKeywords: false)?.kind == .chapter
        }
        var index = 0
        func skip(_ block: PlainTextReader.Block, _ reason: SkippedText.Reason, title: String) {
            outline.skipped.add(title, words: block.lines.reduce(0) { $0 + $1.wordCount }, reason: reason)
        }
        while index < blocks.count {
            let block = blocks[index]
            index += 1
            if isContentsLabel(block) {
                contents = ContentsList()
                skip(block, .contents, title: "Contents")
                continue
            }
            if contents != nil {
                let heading = headingBlock(block, chapterKeywords: hasChapterKeywords)
                if contents!.absorbs(block, heading: heading, next: index < blocks.count ? blocks[index] : nil) {
                    skip(block, .contents, title: "Contents")
                    continue
                }
                contents = nil
            }
            if block.rawLines.allSatisfy(isListLine) || (block.lines.count >= 2 && isEntryBlock(block)) {
                skip(block, .contents, title: "Contents")
                continue
            }
            if var heading = headingBlock(block, chapterKeywords: hasChapterKeywords) {
                if heading.title == nil, heading.markdownLevel == nil, index < blocks.count,
                   let title = titleCandidate(blocks[index], afterNumeral: heading.kind == .numeral && index + 1 < blocks.count) {
                    heading.title = title
                    index += 1
                }
                outline.sections.append(Section(heading: heading, line: block.line))
                continue
            }
            // Several heading lines in one block: a table of contents without a label.
            if block.lines.count >= 2, block.lines.allSatisfy({ Headings.match($0) != nil }) {
                skip(block, .contents, title: "Contents")
                continue
            }
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

    /// A contents list being read: the entries it named, so it ends where the first listed
    /// chapter starts.
    private struct ContentsList {
        var entries: Set<String> = []

        /// Whether `block` is still part of the list (and records what it names). The list ends
        /// at the first block that is not an entry, or at a heading it already listed; a part
        /// heading followed by more numbered entries (a contents list in parts) is still the list.
        mutating func absorbs(_ block: PlainTextReader.Block, heading: Headings.Heading?, next: PlainTextReader.Block?) -> Bool {
            let key = heading.map(Outline.entryKey)
            if let key, entries.contains(key) { return false }
            let continuesList = key != nil && next.map { $0.lines.contains(where: Outline.isEntryLine) && Outline.isEntryBlock($0) } == true
            guard Outline.isContentsEntry(block) || continuesList else { return false }
            entries.formUnion(block.lines.compactMap { Headings.match($0).map(Outline.entryKey) ?? Outline.entryNumber($0) })
            if let key { entries.insert(key) }
            return true
        }
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

    /// The chapters, front matter first when it is prose. A part heading whose section holds no
    /// prose (a part title page) is announced with the chapter that follows it.
    mutating func chapters(frontMatterTitle: String) -> [Chapter] {
        var chapters: [Chapter] = []
        if Prose.isRealProse(front) {
            chapters.append(Chapter(title: frontMatterTitle, spokenHeading: nil, paragraphs: front, isFrontMatter: true))
        } else {
            skipped.add(frontMatterTitle, words: front.reduce(0) { $0 + $1.text.wordCount }, reason: .frontMatter)
        }
        var pendingPart: Headings.Heading?
        var currentPart: String?
        for (offset, section) in sections.enumerated() {
            let heading = section.heading
            let display = heading.title.map { "\(heading.label): \($0)" } ?? heading.label
            var spoken = heading.title.map { "\(heading.label). \($0)." } ?? "\(heading.label)."
            let isLast = offset == sections.count - 1
            if heading.kind == .part, !isLast, !Prose.isRealProse(section.paragraphs) {
                if let replaced = pendingPart { skipped.add(Self.display(replaced), words: Self.words(replaced), reason: .frontMatter) }
                skipped.add(display, words: section.paragraphs.reduce(0) { $0 + $1.text.wordCount }, reason: .frontMatter)
                pendingPart = heading
                continue
            }
            if let pending = pendingPart {
                currentPart = Self.display(pending)
                spoken = (pending.title.map { "\(pending.label). \($0)." } ?? "\(pending.label).") + " " + spoken
                pendingPart = nil
            }
            if section.paragraphs.allSatisfy({ $0.text.wordCount == 0 }) {
                // A heading with nothing under it: what is left of a contents list.
                skipped.add(display, words: Self.words(heading), reason: .contents)
                continue
            }
            chapters.append(Chapter(title: display, spokenHeading: spoken, paragraphs: section.paragraphs, part: currentPart))
        }
        return chapters
    }

    private static func display(_ heading: Headings.Heading) -> String {
        heading.title.map { "\(heading.label): \($0)" } ?? heading.label
    }

    private static func words(_ heading: Headings.Heading) -> Int {
        heading.label.wordCount + (heading.title?.wordCount ?? 0)
    }

    // MARK: - Block classification

    /// The heading a block is, if any. With `chapterKeywords`, the book has "Chapter …" headings and
    /// a lone numeral is not one.
    private static func headingBlock(_ block: PlainTextReader.Block, chapterKeywords: Bool = false) -> Headings.Heading? {
        guard var heading = Headings.match(block.lines[0], standalone: block.lines.count == 1),
              !(chapterKeywords && heading.kind == .numeral)
        else { return nil }
        if block.lines.count == 1 { return heading }
        let rest = block.lines.dropFirst()
        guard block.lines.count <= 3, heading.markdownLevel == nil,
              rest.allSatisfy({ $0.wordCount <= 10 && Headings.match($0) == nil })
        else { return nil }
        // Either the title on the next line, or a long title wrapped onto it.
        heading.title = Headings.cleanTitle(([heading.title].compactMap { $0 } + rest).joined(separator: " "))
        return heading
    }

    /// A short line right after a bare heading ("CHAPTER I." / "Down the Rabbit-Hole") is its title;
    /// after a lone numeral, so is a short phrase with a period ("LXXXV" / "Le voyage.").
    private static func titleCandidate(_ block: PlainTextReader.Block, afterNumeral: Bool = false) -> String? {
        guard block.lines.count == 1 else { return nil }
        let line = block.lines[0]
        let isTitlePhrase = afterNumeral && line.wordCount <= 6 && line.hasSuffix(".") && !line.dropLast().contains { ".,;:!?»”\"".contains($0) }
        guard line.wordCount > 0, line.wordCount <= 10, Headings.match(line, standalone: true) == nil,
              let first = line.first, first.isUppercase || first.isNumber,
              !Prose.endsSentence(line) || line == line.uppercased() || isTitlePhrase
        else { return nil }
        return Headings.cleanTitle(line)
    }

    /// How a heading is recognised again after its contents entry: label and title, case and spacing folded.
    fileprivate static func entryKey(_ heading: Headings.Heading) -> String {
        ([heading.label] + [heading.title].compactMap { $0 }).joined(separator: " ").lowercased()
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// What a contents list or a list of illustrations is called (accents and case folded); a
    /// label may go on ("Indice dei capitoli dei Promessi Sposi").
    private static let contentsLabels: [String] = [
        "contents", "table of contents", "list of illustrations", "illustrations", "inhalt", "inhaltsverzeichnis",
        "table des matieres", "sommaire", "indice", "contenido", "contenidos", "sumario", "inhoud", "index",
    ]

    private static func isContentsLabel(_ block: PlainTextReader.Block) -> Bool {
        guard block.lines.count == 1, block.lines[0].wordCount <= 8 else { return false }
        let label = NumberWords.fold(block.lines[0]).trimmingCharacters(in: CharacterSet(charactersIn: ".: "))
        return contentsLabels.contains { label == $0 || label.hasPrefix($0 + " ") }
    }

    /// A block of contents entries without page numbers: every line a number and a title
    /// ("I.--En el jardín", "LXXXV.  Le voyage.", "ONE     THE BEGINNING").
    fileprivate static func isEntryBlock(_ block: PlainTextReader.Block) -> Bool {
        block.lines.allSatisfy { isEntryLine($0) || Headings.match($0) != nil }
    }

    /// The number an entry line starts with, as a heading with that number alone is keyed
    /// ("LXXXV.  Le voyage." → "lxxxv"), so the list ends where the first listed chapter starts.
    fileprivate static func entryNumber(_ line: String) -> String? {
        guard isEntryLine(line) else { return nil }
        return line.prefix { $0.isLetter || $0.isASCIIDigit || $0 == "-" }.lowercased()
    }

    static func isEntryLine(_ line: String) -> Bool {
        let number = line.prefix { $0.isLetter || $0.isASCIIDigit || $0 == "-" }
        guard !number.isEmpty, NumberWords.value(of: String(number)) != nil || NumberWords.value(ofWords: String(number)) != nil
        else { return false }
        let rest = line.dropFirst(number.count)
        let separated = rest.hasPrefix(".--") || rest.hasPrefix("--") || rest.hasPrefix("—") || rest.hasPrefix(".  ")
            || rest.hasPrefix("  ") || rest.hasPrefix(". ") && number.allSatisfy { "IVXLCDM".contains($0) }
        return separated && rest.contains(where: \.isLetter)
    }

    /// A contents entry: heading or page-numbered lines, or one heading wrapped onto a second line.
    fileprivate static func isContentsEntry(_ block: PlainTextReader.Block) -> Bool {
        if block.lines.count <= 3, headingBlock(block) != nil { return true }
        // Most lines entries: a list may end with a line of its own ("Bibliographie").
        let entries = zip(block.lines, block.rawLines).filter { line, raw in
            Headings.match(line) != nil || isListLine(raw) || isEntryLine(line)
        }
        return entries.count == block.lines.count || block.lines.count >= 4 && entries.count * 4 >= block.lines.count * 3
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
