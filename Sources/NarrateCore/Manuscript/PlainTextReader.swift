import Foundation

/// Reads a plain-text manuscript (a Project Gutenberg file, a typed manuscript, Markdown-style
/// headings) into a `Book`: boilerplate stripped, hard-wrapped lines joined into paragraphs,
/// chapters found from their headings, tables of contents and illustration captions skipped.
public struct PlainTextReader: Sendable {
    public struct Options: Sendable {
        public var title: String?
        public var author: String?
        public var language: String?
        /// Used when neither the file nor the options give a title (the file name, say).
        public var fallbackTitle: String
        /// Read `[Illustration: …]` captions where they are (skipped by default).
        public var readAltText = false

        public init(title: String? = nil, author: String? = nil, language: String? = nil, fallbackTitle: String,
                    readAltText: Bool = false) {
            self.readAltText = readAltText
            self.title = title
            self.author = author
            self.language = language
            self.fallbackTitle = fallbackTitle
        }
    }

    public var options: Options

    public init(options: Options) { self.options = options }

    /// Reads bytes named `name` (a path, or "standard input"). Warnings go to `warnings`.
    public func read(_ bytes: [UInt8], name: String, warnings: WarningLog? = nil) throws -> Book {
        let decoded = try TextDecoding.decode(bytes, name: name)
        if let warning = decoded.warning { warnings?.add(warning) }
        let book = read(text: decoded.text)
        guard book.chapters.contains(where: { $0.wordCount > 0 }) else {
            throw decoded.text.wordCount == 0 ? ManuscriptError.empty(path: name) : ManuscriptError.noSpeakableText(path: name)
        }
        return book
    }

    /// Reads already-decoded text (line endings normalised).
    public func read(text: String) -> Book {
        let gutenberg = Gutenberg.strip(text)
        var skipped: [SkippedText] = []
        skipped.add("Project Gutenberg header", words: gutenberg.headerWords, reason: .licence)
        let marked = LayoutMarks.remove(gutenberg.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        skipped.add("Project Gutenberg layout marks", words: marked.directiveWords, reason: .markup)
        let (lines, captionWords) = Self.removeIllustrations(marked.lines, keepingCaptions: options.readAltText)
        skipped.add("Illustration captions", words: captionWords, reason: .caption)
        let blocks = Self.blocks(lines, lineOffset: gutenberg.lineOffset)
        var outline = Outline.build(blocks)

        var title = options.title ?? gutenberg.title
        var author = options.author ?? gutenberg.author
        if let markdownTitle = outline.markdownBookTitle, title == nil { title = markdownTitle }
        if gutenberg.title == nil, outline.hasHeadings {
            let guessed = outline.takeTitleLines()
            title = title ?? guessed.title
            author = author ?? guessed.author
        }
        let bookTitle = title ?? options.fallbackTitle
        var chapters = outline.chapters(frontMatterTitle: "Front Matter")
        skipped += outline.skipped
        if chapters.isEmpty || (chapters.count == 1 && chapters[0].isFrontMatter) {
            // No headings: the whole text is one chapter named after the book.
            let paragraphs = outline.allParagraphs
            chapters = [Chapter(title: bookTitle, spokenHeading: bookTitle, paragraphs: paragraphs)]
            skipped.removeAll { $0.reason == .frontMatter }
        }
        skipped.add("Project Gutenberg licence", words: gutenberg.footerWords, reason: .licence)
        var book = Book(
            title: bookTitle, author: author,
            language: options.language ?? gutenberg.language ?? LanguageGuess.guess(Substring(gutenberg.body)) ?? "en",
            chapters: chapters.filter { $0.wordCount > 0 })
        book.skipped = skipped
        return book
    }

    // MARK: - Lines and blocks

    /// Removes `[Illustration…]` blocks (which can span lines and paragraphs), keeping any chapter
    /// heading found inside one (Pride and Prejudice's first heading is a caption: `Chapter I.]`),
    /// and counts the caption words removed. With `keepingCaptions`, a caption stays as a paragraph.
    static func removeIllustrations(_ lines: [String], keepingCaptions: Bool = false) -> (lines: [String], captionWords: Int) {
        var result: [String] = []
        result.reserveCapacity(lines.count)
        var depth = 0
        var captionWords = 0
        for line in lines {
            let trimmed = line.trimmingWhitespace()
            if depth == 0, !trimmed.hasPrefix("[Illustration") {
                result.append(line)
                continue
            }
            for ch in trimmed {
                if ch == "[" { depth += 1 } else if ch == "]" { depth = max(0, depth - 1) }
            }
            var inner = trimmed
            if inner.hasPrefix("[Illustration") {
                inner = String(inner.dropFirst("[Illustration".count))
                if inner.hasPrefix(":") { inner.removeFirst() }
            }
            inner = inner.trimmingCharacters(in: CharacterSet(charactersIn: "] ").union(.whitespaces))
            if Headings.match(inner) != nil {
                result.append(contentsOf: ["", inner, ""])
            } else if keepingCaptions {
                result.append(inner)
            } else {
                captionWords += trimmed.wordCount
                result.append("")  // keep line numbers aligned
            }
        }
        return (result, captionWords)
    }

    /// A run of non-blank lines: a paragraph, a heading, or a table-of-contents block.
    struct Block: Equatable {
        var lines: [String]
        var rawLines: [String]
        var line: Int
    }

    static func blocks(_ lines: [String], lineOffset: Int) -> [Block] {
        var blocks: [Block] = []
        var current: Block?
        for (index, raw) in lines.enumerated() {
            let trimmed = raw.trimmingWhitespace()
            if trimmed.isEmpty {
                if let block = current { blocks.append(block) }
                current = nil
            } else if current == nil {
                current = Block(lines: [trimmed], rawLines: [raw], line: lineOffset + index + 1)
            } else {
                current!.lines.append(trimmed)
                current!.rawLines.append(raw)
            }
        }
        if let block = current { blocks.append(block) }
        return blocks
    }
}
