/// A manuscript after reading: metadata and chapters of paragraphs. Nothing downstream knows
/// whether it came from a text file, stdin or (later) an EPUB, except `location`s kept for
/// error messages.
public struct Book: Sendable, Equatable {
    public var title: String
    public var author: String?
    /// BCP 47 language tag ("en", "de"), used to choose a voice.
    public var language: String
    public var chapters: [Chapter]
    /// Cover art for the tags (from an EPUB).
    public var cover: CoverImage?
    /// The publisher's description (EPUB `dc:description`).
    public var description: String?
    /// The year of publication (EPUB `dc:date`), when the book says.
    public var year: String?
    /// The book's own pronunciation lexicon (EPUB PLS files), applied after the user's.
    public var pronunciations: [Pronunciation] = []
    /// Text of the source that is not read, with why: with the chapters' words, every word of
    /// the source is accounted for.
    public var skipped: [SkippedText] = []

    public init(title: String, author: String?, language: String, chapters: [Chapter], cover: CoverImage? = nil,
                description: String? = nil) {
        self.description = description
        self.title = title
        self.author = author
        self.language = language
        self.chapters = chapters
        self.cover = cover
    }
}

/// A piece of the source that is not read aloud, and why.
public struct SkippedText: Codable, Sendable, Equatable {
    public enum Reason: String, Codable, Sendable, CaseIterable {
        /// Cover, title page, copyright, dedication… marked as such by the book (EPUB semantics or
        /// the guide), or text before the first heading that is not prose.
        case frontMatter = "front-matter"
        /// Index, colophon, "about this e-book"… marked as such by the book.
        case backMatter = "back-matter"
        /// Project Gutenberg's header, licence and end lines.
        case licence
        /// A table of contents or a list of illustrations.
        case contents
        /// A picture's caption or an `[Illustration: …]` block.
        case caption
        /// Footnotes and endnotes (EPUB), which would break the sentence they belong to.
        case notes
        /// EPUB spine items marked `linear="no"`.
        case nonLinear = "non-linear"
        /// A transcriber's layout directive in a Project Gutenberg text (`/* NIND … */`).
        case markup

        /// The option that reads this kind of text, if any.
        public var flag: String? {
            switch self {
            case .frontMatter, .backMatter: "--include-front-matter"
            case .caption: "--read-alt-text"
            case .nonLinear: "--include-non-linear"
            case .licence, .contents, .notes, .markup: nil
            }
        }

        public var description: String {
            switch self {
            case .frontMatter: "front matter"
            case .backMatter: "back matter"
            case .licence: "licence"
            case .contents: "contents"
            case .caption: "captions"
            case .notes: "notes"
            case .nonLinear: "non-linear"
            case .markup: "layout marks"
            }
        }
    }

    /// The chapter or page it was in ("Front Matter", "Chapter 3", "Project Gutenberg licence").
    public var title: String
    public var words: Int
    public var reason: Reason

    public init(title: String, words: Int, reason: Reason) {
        self.title = title
        self.words = words
        self.reason = reason
    }
}

extension [SkippedText] {
    /// Adds `words` skipped under `title` for `reason`, joined with the last entry when it is the
    /// same place and reason (one line per caption would drown a listing).
    mutating func add(_ title: String, words: Int, reason: SkippedText.Reason) {
        guard words > 0 else { return }
        let title = title.count > 80 ? title.prefix(79) + "…" : title
        if let last = last, last.title == title, last.reason == reason {
            self[count - 1].words += words
        } else {
            append(SkippedText(title: title, words: words, reason: reason))
        }
    }
}

/// How the book says a word should be read: by phonemes (espeak-ng mnemonics) or as other text.
public struct Pronunciation: Sendable, Equatable {
    public var grapheme: String
    public var replacement: Lexicon.Replacement

    public init(grapheme: String, replacement: Lexicon.Replacement) {
        self.grapheme = grapheme
        self.replacement = replacement
    }
}

extension [Pronunciation] {
    /// As lexicon entries: whole words; case-sensitive when the grapheme has a capital ("Agnes").
    public var lexicon: Lexicon {
        Lexicon(entries: compactMap { item in
            try? Lexicon.Entry(word: item.grapheme, matchCase: item.grapheme.contains(where: \.isUppercase), replacement: item.replacement)
        })
    }
}

public struct CoverImage: Sendable, Equatable {
    public var bytes: [UInt8]
    /// `image/jpeg` or `image/png`.
    public var mimeType: String

    public init(bytes: [UInt8], mimeType: String) {
        self.bytes = bytes
        self.mimeType = mimeType
    }
}

public struct Chapter: Sendable, Equatable {
    /// The title shown in tags, file names and the manifest ("Chapter 1: Loomings").
    public var title: String
    /// What is read aloud at the start of the chapter, or nil for none (front matter).
    public var spokenHeading: String?
    public var paragraphs: [Paragraph]
    /// Front or back matter: text before the first heading of a plain-text book (only kept when
    /// it is real prose), or an EPUB's cover, title page, contents, copyright… (kept when asked).
    public var isFrontMatter: Bool
    /// The part (or parts, outermost first, joined by " / ") the chapter belongs to.
    public var part: String?
    /// The chapter's own language (EPUB `xml:lang`), when the source says.
    public var language: String?

    public init(title: String, spokenHeading: String?, paragraphs: [Paragraph], isFrontMatter: Bool = false,
                part: String? = nil, language: String? = nil) {
        self.title = title
        self.spokenHeading = spokenHeading
        self.paragraphs = paragraphs
        self.isFrontMatter = isFrontMatter
        self.part = part
        self.language = language
    }

    /// Words as written (an EPUB's `ssml:ph` phonemes carried in the text are not counted).
    public var wordCount: Int {
        paragraphs.reduce(0) { $0 + (PhonemeMarks.hasMarks($1.text) ? PhonemeMarks.written($1.text) : $1.text).wordCount }
    }
}

public struct Paragraph: Sendable, Equatable {
    public var text: String
    /// 1-based line in the source file where the paragraph starts.
    public var line: Int

    public init(text: String, line: Int) {
        self.text = text
        self.line = line
    }
}

extension StringProtocol {
    /// Words as a reader counts them: runs of letters or digits.
    public var wordCount: Int {
        var count = 0
        var inWord = false
        for scalar in unicodeScalars {
            // ASCII first: the Unicode property lookup is most of a novel's planning time.
            let isWordChar = scalar.isASCII
                ? (scalar.value | 0x20 >= 0x61 && scalar.value | 0x20 <= 0x7A) || ("0"..."9").contains(scalar)
                : scalar.properties.isAlphabetic
            if isWordChar && !inWord { count += 1 }
            inWord = isWordChar || (inWord && (scalar == "'" || scalar == "’" || scalar == "-"))
        }
        return count
    }
}
