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
    /// The book's own pronunciation lexicon (EPUB PLS files), applied after the user's.
    public var pronunciations: [Pronunciation] = []

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
            let isWordChar = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
            if isWordChar && !inWord { count += 1 }
            inWord = isWordChar || (inWord && (scalar == "'" || scalar == "’" || scalar == "-"))
        }
        return count
    }
}
