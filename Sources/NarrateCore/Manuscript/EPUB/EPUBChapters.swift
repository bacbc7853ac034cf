/// Cuts the text of the spine into chapters at the table of contents' entries.
///
/// Each entry starts a chapter at its document and `#fragment` anchor; the chapter runs to the
/// next entry, across spine documents if need be, so one document can hold several chapters and
/// one chapter can span several documents. Nested entries become chapters titled by the innermost
/// entry; a parent with no prose of its own before its first child (a part title) is merged into
/// that child and kept as the chapter's `part`. Front and back matter is recognised only by what
/// the book marks: `epub:type`, the guide/landmarks, known page names (cover, contents,
/// copyright, licence…), and the text before the first contents entry. Never because a chapter is
/// short, verse, a play or letters. What is left out is listed in `skipped`.
struct EPUBChapters {
    struct Document {
        var path: String
        var text: XHTMLText
        var isNavigation: Bool
    }

    struct Options {
        var includeFrontMatter = false
    }

    var documents: [Document]
    var navigation: [EPUBNavigation.Entry]
    var references: [EPUBPackage.Reference]
    var options: Options

    /// Words of prose a part title may have and still be merged into its first chapter.
    static let partProseLimit = 20

    private struct Position: Comparable {
        var document: Int
        var block: Int
        static func < (a: Position, b: Position) -> Bool { (a.document, a.block) < (b.document, b.block) }
    }

    private struct Start {
        var title: String
        var parents: [String]
        var position: Position
        var hasChildren: Bool
        var order: Int
    }

    private struct Piece {
        var title: String
        var parents: [String]
        var start: Position?
        var blocks: [XHTMLText.Block] = []
        var matter = false
        var fromTableOfContents: Bool
        var hasChildren = false

        var proseWords: Int {
            blocks.filter { $0.headingLevel == nil && $0.skipped == nil }.reduce(0) { $0 + $1.text.wordCount }
        }
        var words: Int { blocks.filter { $0.skipped == nil }.reduce(0) { $0 + $1.text.wordCount } }
    }

    /// The chapters to read, and what is left out.
    func chapters() -> (chapters: [Chapter], skipped: [SkippedText]) {
        var pieces = cut()
        mergePartTitles(&pieces)
        markMatter(&pieces)
        var chapters: [Chapter] = []
        var skipped: [SkippedText] = []
        let firstBody = pieces.firstIndex { !$0.matter && $0.words > 0 } ?? pieces.count
        for (index, piece) in pieces.enumerated() {
            for block in piece.blocks { if let reason = block.skipped { skipped.add(piece.title, words: block.text.wordCount, reason: reason) } }
            guard let chapter = chapter(piece) else { continue }
            if chapter.isFrontMatter && !options.includeFrontMatter {
                skipped.add(piece.title, words: piece.words, reason: matterReason(piece, beforeBody: index < firstBody))
            } else {
                chapters.append(chapter)
            }
        }
        return (chapters, skipped)
    }

    /// Why a piece of front or back matter is left out: a contents page, Project Gutenberg's
    /// licence, or front or back matter by its place.
    private func matterReason(_ piece: Piece, beforeBody: Bool) -> SkippedText.Reason {
        let key = piece.title.lowercased()
        if key.contains("gutenberg") || key.contains("licen") { return .licence }
        if let start = piece.start {
            let document = documents[start.document]
            let semantics = start.block < document.text.blocks.count ? document.text.blocks[start.block].semantics : []
            if document.isNavigation || semantics.contains("toc") || Self.contentsTitles.contains(key) { return .contents }
        }
        return beforeBody ? .frontMatter : .backMatter
    }

    static let contentsTitles: Set<String> = [
        "contents", "table of contents", "table des matières", "sommaire", "inhalt", "inhaltsverzeichnis", "índice", "indice",
    ]

    // MARK: Cutting

    private func cut() -> [Piece] {
        let starts = resolvedStarts()
        guard !starts.isEmpty else {
            // No usable table of contents: one chapter per document.
            return documents.enumerated().map { index, document in
                let title = document.text.blocks.first { $0.headingLevel != nil }?.text ?? document.text.title ?? "Chapter \(index + 1)"
                return Piece(title: title, parents: [], start: Position(document: index, block: 0),
                             blocks: document.text.blocks, fromTableOfContents: false)
            }
        }
        var pieces: [Piece] = []
        let first = starts[0].position
        if first > Position(document: 0, block: 0) {
            pieces.append(Piece(title: "Front Matter", parents: [], start: nil,
                                blocks: blocks(from: Position(document: 0, block: 0), to: first),
                                matter: true, fromTableOfContents: false))
        }
        for (offset, start) in starts.enumerated() {
            let end = offset + 1 < starts.count ? starts[offset + 1].position : Position(document: documents.count, block: 0)
            pieces.append(Piece(title: start.title, parents: start.parents, start: start.position,
                                blocks: blocks(from: start.position, to: end), fromTableOfContents: true,
                                hasChildren: start.hasChildren))
        }
        return pieces
    }

    /// Table-of-contents entries that point into the reading order, in reading order, without
    /// illustration captions and without duplicates of one place (the innermost entry wins).
    private func resolvedStarts() -> [Start] {
        var documentIndex: [String: Int] = [:]
        for (index, document) in documents.enumerated() where documentIndex[document.path] == nil {
            documentIndex[document.path] = index
        }
        var starts: [Start] = []
        func visit(_ entries: [EPUBNavigation.Entry], parents: [String]) {
            for entry in entries {
                let title = entry.title.collapsingWhitespace
                if let document = documentIndex[entry.path] {
                    let anchor = entry.fragment.flatMap { documents[document].text.anchors[$0] }
                    let isCaption = anchor?.imageAlt.map { Self.sameWords($0, title) } ?? false
                    if !isCaption && !title.isEmpty {
                        starts.append(Start(
                            title: title, parents: parents, position: Position(document: document, block: anchor?.block ?? 0),
                            hasChildren: !entry.children.isEmpty, order: starts.count))
                    }
                }
                visit(entry.children, parents: title.isEmpty ? parents : parents + [title])
            }
        }
        visit(navigation, parents: [])
        starts.sort { ($0.position, $0.order) < ($1.position, $1.order) }
        var unique: [Start] = []
        for start in starts {
            if let last = unique.last, last.position == start.position {
                unique[unique.count - 1] = start
            } else {
                unique.append(start)
            }
        }
        return unique
    }

    private func blocks(from start: Position, to end: Position) -> [XHTMLText.Block] {
        var result: [XHTMLText.Block] = []
        var position = start
        while position < end, position.document < documents.count {
            let blocks = documents[position.document].text.blocks
            let stop = position.document == end.document ? min(end.block, blocks.count) : blocks.count
            if position.block < stop { result += blocks[position.block..<stop] }
            position = Position(document: position.document + 1, block: 0)
        }
        return result
    }

    // MARK: Parts and matter

    private func mergePartTitles(_ pieces: inout [Piece]) {
        var index = 0
        while index + 1 < pieces.count {
            let piece = pieces[index]
            if piece.hasChildren && piece.proseWords < Self.partProseLimit
                && pieces[index + 1].parents.starts(with: piece.parents + [piece.title]) {
                pieces[index + 1].blocks = piece.blocks + pieces[index + 1].blocks
                pieces.remove(at: index)
            } else {
                index += 1
            }
        }
    }

    private func markMatter(_ pieces: inout [Piece]) {
        for index in pieces.indices {
            guard let start = pieces[index].start else { continue }
            let document = documents[start.document]
            let semantics = start.block < document.text.blocks.count ? document.text.blocks[start.block].semantics : []
            if !semantics.isDisjoint(with: EPUBSemantics.matter) || document.isNavigation
                || Self.isMatterTitle(pieces[index].title) || isReferencedAsMatter(start) {
                pieces[index].matter = true
            }
        }
    }

    private func isReferencedAsMatter(_ position: Position) -> Bool {
        let document = documents[position.document]
        return references.contains { reference in
            guard reference.path == document.path, EPUBSemantics.matter.contains(reference.type) else { return false }
            if let fragment = reference.fragment { return document.text.anchors[fragment]?.block == position.block }
            return position.block == 0
        }
    }

    /// Names of pages that are about the book rather than the book, in the languages narrate
    /// guesses.
    static let matterTitles: Set<String> = [
        "cover", "couverture", "umschlag", "cubierta", "copertina", "title page", "titlepage", "page de titre",
        "contents", "table of contents", "table des matières", "sommaire", "inhalt", "inhaltsverzeichnis", "índice",
        "indice", "copyright", "copyright page", "colophon", "credits", "crédits", "licence", "license", "impressum",
        "about this book", "about this ebook", "about the ebook", "à propos", "a propos", "illustrations",
        "list of illustrations", "index",
    ]

    static func isMatterTitle(_ title: String) -> Bool {
        let key = title.lowercased().trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
        return matterTitles.contains(key) || key.contains("project gutenberg")
    }

    static func sameWords(_ a: String, _ b: String) -> Bool {
        func words(_ text: String) -> [Substring] {
            text.lowercased().split { !$0.isLetter && !$0.isNumber }
        }
        return words(a) == words(b)
    }

    // MARK: Chapters

    private func chapter(_ piece: Piece) -> Chapter? {
        var blocks = piece.blocks.filter { $0.skipped == nil }[...]
        var headings: [String] = []
        while let first = blocks.first, first.headingLevel != nil {
            headings.append(first.text)
            blocks = blocks.dropFirst()
        }
        let paragraphs = blocks.map { Paragraph(text: $0.text, line: $0.line) }
        var spoken = headings.isEmpty ? nil : headings.map(Self.endingSentence).joined(separator: " ")
        // No heading in the text (a styled paragraph, say): announce the title from the contents,
        // unless the first paragraph already says it.
        let titleIsInText = paragraphs.first?.text.lowercased().contains(piece.title.lowercased()) ?? false
        if spoken == nil && piece.fromTableOfContents && !piece.matter && !titleIsInText {
            spoken = Self.endingSentence(piece.title)
        }
        let chapter = Chapter(
            title: piece.title, spokenHeading: spoken, paragraphs: paragraphs, isFrontMatter: piece.matter,
            part: piece.parents.isEmpty ? nil : piece.parents.joined(separator: " / "),
            language: Self.mainLanguage(piece.blocks))
        return chapter.wordCount > 0 ? chapter : nil
    }

    private static func endingSentence(_ text: String) -> String {
        guard let last = text.last, !".!?…:;".contains(last) else { return text }
        return text + "."
    }

    /// The language most of the words are in.
    private static func mainLanguage(_ blocks: [XHTMLText.Block]) -> String? {
        var words: [String: Int] = [:]
        for block in blocks { if let language = block.language { words[language, default: 0] += block.text.wordCount } }
        return words.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }
}
