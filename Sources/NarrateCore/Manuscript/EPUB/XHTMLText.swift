/// The readable text of one XHTML content document: paragraphs and headings as a reader sees
/// them, with where each `id` anchor falls, so table-of-contents fragments can split chapters.
struct XHTMLText {
    struct Block {
        var text: String
        /// 1–6 for `h1`–`h6`, nil for a paragraph.
        var headingLevel: Int?
        /// 1-based line in the XHTML file.
        var line: Int
        /// `xml:lang` / `lang` in force.
        var language: String?
        /// `epub:type` and `doc-` role tokens of the block and its ancestors.
        var semantics: Set<String>
        /// Not read, and why (Project Gutenberg's licence found by its markers).
        var skipped: SkippedText.Reason?
    }

    struct Anchor {
        /// Index of the first block at or after the anchor.
        var block: Int
        /// The `alt` of an image right before the anchor with no text between: the anchor is the
        /// image's caption, not a chapter start.
        var imageAlt: String?
    }

    struct Options {
        /// Read images' `alt` text where the image is.
        var readAltText = false
    }

    var blocks: [Block] = []
    var anchors: [String: Anchor] = [:]
    /// Words of the text left out of `blocks` (notes, navigation, captions, boilerplate), by reason.
    var skippedWords: [SkippedText.Reason: Int] = [:]
    /// The document's `<title>`.
    var title: String?

    init(_ root: MarkupElement, options: Options = Options()) {
        title = root.first("head")?.first("title")?.text
        var walker = Walker(options: options)
        let language = Self.declaredLanguage(root)
        if let body = root.first("body") {
            let alphabet = root.attribute("alphabet", namespace: XMLNamespace.ssml)?.lowercased() ?? "ipa"
            walker.walk(body, context: .init(language: language, semantics: [], heading: nil, alphabet: alphabet))
        }
        walker.flush()
        blocks = walker.blocks
        anchors = walker.anchors
        skippedWords = walker.skippedWords
    }

    /// The language an element declares: `xml:lang`, else `lang`. None when the two name different
    /// languages (`xml:lang="en" lang="fr"`, as Bibebook's template ships every chapter of a French
    /// novel): the language in force around it stands, in the end the book's (`dc:language`).
    static func declaredLanguage(_ element: MarkupElement) -> String? {
        let xml = element.attribute("lang", namespace: XMLNamespace.xml), html = element.attribute("lang")
        func primary(_ tag: String) -> Substring { tag.lowercased().split(separator: "-").first ?? "" }
        if let xml, let html, primary(xml) != primary(html) { return nil }
        return xml ?? html
    }

    private struct Context {
        var language: String?
        var semantics: Set<String>
        var heading: Int?
        /// The phonetic alphabet of `ssml:ph` here (`ssml:alphabet`, inherited; IPA when unsaid).
        var alphabet = "ipa"
    }

    private struct Walker {
        let options: Options
        var blocks: [Block] = []
        var anchors: [String: Anchor] = [:]
        var skippedWords: [SkippedText.Reason: Int] = [:]
        var pending = ""
        var pendingContext: Context?
        var pendingLine = 0
        var lastImageAlt: String?

        init(options: Options) { self.options = options }

        /// Elements whose content is not the book's words (code, ruby readings, embedded media).
        static let silentElements: Set<String> = [
            "head", "script", "style", "rt", "rp", "noscript", "template", "svg", "math", "object", "iframe",
            "audio", "video", "canvas", "select", "button",
        ]
        static let noteTypes: Set<String> = [
            "footnote", "footnotes", "endnote", "endnotes", "rearnote", "rearnotes", "note", "noteref",
        ]

        /// Why an element's text is not read here, if it is not: notes, navigation, Project
        /// Gutenberg's boilerplate sections, and picture captions (unless alt text is read).
        func skipReason(_ element: MarkupElement, name: String, types: [String]) -> SkippedText.Reason? {
            let classes = (element.attribute("class") ?? "").lowercased().split(separator: " ")
            let id = element.attribute("id") ?? ""
            if classes.contains("pg-boilerplate") || id == "pg-header" || id == "pg-footer" { return .licence }
            if types.contains(where: Self.noteTypes.contains) { return .notes }
            if name == "nav" || element.attribute("hidden") != nil || types.contains(where: EPUBSemantics.skipped.contains) {
                return .contents
            }
            let isCaption = name == "figcaption" || classes.contains { $0 == "caption" || $0 == "figcaption" || $0 == "imgcaption" }
            if isCaption && !options.readAltText { return .caption }
            return nil
        }
        static let blockElements: Set<String> = [
            "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd", "figcaption",
            "section", "article", "header", "footer", "aside", "main", "body", "table", "tr", "td", "th", "caption",
            "hr", "address", "center", "dl", "ol", "ul", "figure", "hgroup", "tbody", "thead", "tfoot", "details",
            "summary", "legend", "fieldset",
        ]
        static let headings = ["h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6]

        mutating func walk(_ element: MarkupElement, context parent: Context) {
            let name = element.localName.lowercased()
            let types = EPUBSemantics.types(of: element)
            let isBlock = Self.blockElements.contains(name)
            if isBlock { flush() }
            if let id = element.attribute("id") ?? element.attribute("id", namespace: XMLNamespace.xml) {
                anchors[id] = anchors[id] ?? Anchor(block: blocks.count, imageAlt: lastImageAlt)
            }
            if Self.silentElements.contains(name) { return }
            if let reason = skipReason(element, name: name, types: types) {
                skippedWords[reason, default: 0] += element.text.wordCount
                return
            }
            if name == "img" || name == "image" {
                if let alt = element.attribute("alt")?.collapsingWhitespace, !alt.isEmpty {
                    lastImageAlt = alt
                    if options.readAltText { append(alt.hasSuffix(".") ? " \(alt) " : " \(alt). ", line: element.line, context: parent) }
                }
                return
            }
            if name == "br" {
                append(" ", line: element.line, context: parent)
                return
            }
            var context = parent
            if let language = XHTMLText.declaredLanguage(element) {
                context.language = language
            }
            context.semantics.formUnion(types)
            if let level = Self.headings[name] { context.heading = level }
            if let alphabet = element.attribute("alphabet", namespace: XMLNamespace.ssml) { context.alphabet = alphabet.lowercased() }
            // EPUB 3 SSML: the element's text is read with these phonemes (IPA only).
            if let ph = element.attribute("ph", namespace: XMLNamespace.ssml), context.alphabet == "ipa",
               let phonemes = IPATranscriber.espeak(fromIPA: ph) {
                let written = element.text.collapsingWhitespace
                if !written.isEmpty {
                    append(PhonemeMarks.mark(written, phonemes: phonemes), line: element.line, context: context)
                    return
                }
            }
            for child in element.children {
                switch child {
                case let .text(text): append(text, line: element.line, context: context)
                case let .element(childElement): walk(childElement, context: context)
                }
            }
            if isBlock { flush() }
        }

        mutating func append(_ text: String, line: Int, context: Context) {
            if pendingContext == nil {
                guard text.contains(where: { !$0.isWhitespace }) else { return }
                pendingContext = context
                pendingLine = line
            }
            pending += text
            if text.contains(where: { !$0.isWhitespace }) { lastImageAlt = nil }
        }

        mutating func flush() {
            defer { pending = ""; pendingContext = nil }
            guard let context = pendingContext else { return }
            var text = pending.collapsingWhitespace
            if text.unicodeScalars.contains("\u{FFFD}") {
                text = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\u{FFFD}" })).collapsingWhitespace
            }
            guard !text.isEmpty else { return }
            blocks.append(Block(text: text, headingLevel: context.heading, line: pendingLine,
                                language: context.language, semantics: context.semantics))
        }
    }
}
