import Foundation
import Testing
@testable import NarrateCore

/// What is not read is marked by the book and accounted for: EPUB fixtures for each rule.
@Suite(.tags(.small)) struct SkippedEPUBTextTests {
    let directory: URL
    init() throws { directory = try TestSupport.temporaryDirectory() }

    func read(_ url: URL, _ options: EPUBReader.Options = .init(), warnings: WarningLog? = nil) throws -> Book {
        try EPUBReader(options: options).read(path: url.path, warnings: warnings)
    }

    static let verse = (1...40).map { "<p class=\"verse\">Line \($0) of the long poem, the sea and the sky</p>" }.joined()

    /// A book of verse: a long poem between prose chapters, and short poems after it, are all body.
    @Test func verseAndShortChaptersAreNeverTakenForMatter() throws {
        let url = try EPUBFixture.book(
            chapters: [
                ("a", "a.xhtml", "<h1>The Harbour</h1>\(EPUBFixture.prose("the harbour"))"),
                ("b", "b.xhtml", "<h1>A Long Poem</h1>\(Self.verse)"),
                ("c", "c.xhtml", "<h1>Sonnet</h1><p>Shall I compare thee</p><p>to a summer's day</p>"),
                ("d", "d.xhtml", "<h1>Envoi</h1><p>Go, little book.</p>"),
            ],
            nav: [("The Harbour", "a.xhtml"), ("A Long Poem", "b.xhtml"), ("Sonnet", "c.xhtml"), ("Envoi", "d.xhtml")],
            in: directory)
        let book = try read(url)
        #expect(book.chapters.map(\.title) == ["The Harbour", "A Long Poem", "Sonnet", "Envoi"])
        #expect(book.skipped.filter { $0.reason != .contents }.isEmpty)
    }

    /// The licence at the end of the last chapter file, found by Project Gutenberg's markers.
    @Test func gutenbergLicenceInsideAChapterFileIsSkipped() throws {
        let licence = "<p>*** END OF THE PROJECT GUTENBERG EBOOK THE HARBOUR ***</p>"
            + "<p>Updated editions will replace the previous one—the old editions will be renamed.</p>"
            + "<h2>START: FULL LICENSE</h2><p>THE FULL PROJECT GUTENBERG LICENSE, please read this before you distribute or use this work.</p>"
        let url = try EPUBFixture.book(
            chapters: [
                ("a", "a.xhtml", "<p>*** START OF THE PROJECT GUTENBERG EBOOK THE HARBOUR ***</p><h1>One</h1>\(EPUBFixture.prose("one"))"),
                ("b", "b.xhtml", "<h1>Two</h1>\(EPUBFixture.prose("two"))\(licence)"),
            ],
            nav: [("One", "a.xhtml"), ("Two", "b.xhtml")], in: directory)
        let book = try read(url)
        let text = book.chapters.flatMap(\.paragraphs).map(\.text).joined(separator: " ")
        #expect(!text.contains("Gutenberg") && !text.contains("LICENSE") && !text.contains("editions"))
        #expect(book.chapters.map(\.title) == ["One", "Two"])
        let licenceWords = book.skipped.filter { $0.reason == .licence }.reduce(0) { $0 + $1.words }
        #expect(licenceWords == "*** END OF THE PROJECT GUTENBERG EBOOK THE HARBOUR *** Updated editions will replace the previous one—the old editions will be renamed. START: FULL LICENSE THE FULL PROJECT GUTENBERG LICENSE, please read this before you distribute or use this work. *** START OF THE PROJECT GUTENBERG EBOOK THE HARBOUR ***".wordCount)
    }

    /// A plate's caption between two paragraphs is not read, unless alt text is asked for.
    @Test func pictureCaptionsAreSkippedUnlessAsked() throws {
        let body = "<h1>One</h1><p>“Come in,” she said.</p><p class=\"figcenter\"><img src=\"p.jpg\" alt=\"\"/></p>"
            + "<p class=\"caption\">THE LAMPLIGHTER AT HIS POST</p><figure><img src=\"q.jpg\" alt=\"\"/><figcaption>A quiet street</figcaption></figure>"
            + "<p>“Thank you,” he answered.</p>"
        let url = try EPUBFixture.book(chapters: [("a", "a.xhtml", body)], nav: [("One", "a.xhtml")], in: directory)
        let plain = try read(url)
        #expect(plain.chapters[0].paragraphs.map(\.text) == ["“Come in,” she said.", "“Thank you,” he answered."])
        #expect(plain.skipped.filter { $0.reason == .caption }.map(\.words) == [8])
        #expect(SkippedText.Reason.caption.flag == "--read-alt-text")
        let withCaptions = try read(url, .init(readAltText: true))
        #expect(withCaptions.chapters[0].paragraphs.map(\.text).contains("THE LAMPLIGHTER AT HIS POST"))
        #expect(withCaptions.skipped.filter { $0.reason == .caption }.isEmpty)
    }

    /// A spine that lists one document twice reads it once, with one warning.
    @Test func documentListedTwiceInTheSpineIsReadOnce() throws {
        let opf = EPUBFixture.opf(spine: [("a", "a.xhtml", true), ("b", "b.xhtml", true)],
                                  extraItems: "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>")
            .replacingOccurrences(of: "<itemref idref=\"b\"/>", with: "<itemref idref=\"b\"/>\n<itemref idref=\"a\"/>")
        let url = try EPUBFixture.write(text: [
            ("META-INF/container.xml", EPUBFixture.container), ("OEBPS/content.opf", opf),
            ("OEBPS/nav.xhtml", EPUBFixture.nav([("One", "a.xhtml"), ("Two", "b.xhtml")])),
            ("OEBPS/a.xhtml", EPUBFixture.xhtml("<h1>One</h1>\(EPUBFixture.prose("one"))")),
            ("OEBPS/b.xhtml", EPUBFixture.xhtml("<h1>Two</h1>\(EPUBFixture.prose("two"))")),
        ], to: directory)
        let warnings = WarningLog(echo: false)
        let book = try read(url, warnings: warnings)
        #expect(book.chapters.map(\.title) == ["One", "Two"])
        #expect(book.chapters.map { $0.paragraphs.count } == [1, 1])
        #expect(warnings.all.filter { $0.contains("more than once") }.count == 1)
    }

    /// Front matter marked by the book is skipped and listed with the option that reads it.
    @Test func markedFrontMatterIsListedWithItsFlag() throws {
        let url = try EPUBFixture.book(
            chapters: [
                ("c", "c.xhtml", "<section epub:type=\"copyright-page\"><p>Copyright 2026 by Ada Author. All rights reserved.</p></section>"),
                ("a", "a.xhtml", "<h1>One</h1>\(EPUBFixture.prose("one"))"),
            ],
            nav: [("Copyright", "c.xhtml"), ("One", "a.xhtml")], in: directory)
        let book = try read(url)
        #expect(book.chapters.map(\.title) == ["One"])
        let copyright = try #require(book.skipped.first { $0.title == "Copyright" })
        #expect(copyright.reason == .frontMatter)
        #expect(copyright.words == "Copyright 2026 by Ada Author. All rights reserved.".wordCount)
        #expect(copyright.reason.flag == "--include-front-matter")
        #expect(try read(url, .init(includeFrontMatter: true)).chapters.map(\.title) == ["Copyright", "One"])
    }
}

/// The plain-text reader's accounting: captions, contents, licence, title pages.
@Suite(.tags(.small)) struct SkippedPlainTextTests {
    @Test func illustrationCaptionsAreCountedAndReadWhenAsked() {
        let text = "Chapter 1\n\nThe lamp was lit at dusk, as it always was.\n\n[Illustration: The lamplighter\nat his post]\n\nThen night fell.\n"
        let book = TestSupport.book(text)
        #expect(book.chapters[0].paragraphs.map(\.text) == ["The lamp was lit at dusk, as it always was.", "Then night fell."])
        #expect(book.skipped.filter { $0.reason == .caption }.map(\.words) == [6])
        let withCaptions = PlainTextReader(options: .init(fallbackTitle: "F", readAltText: true)).read(text: text)
        #expect(withCaptions.chapters[0].paragraphs.map(\.text).contains("The lamplighter at his post"))
    }

    @Test func gutenbergHeaderAndLicenceAreLicence() {
        let text = "The Project Gutenberg eBook of The Harbour\n\nTitle: The Harbour\n\n*** START OF THE PROJECT GUTENBERG EBOOK THE HARBOUR ***\n\nChapter 1\n\nThe boats came in.\n\n*** END OF THE PROJECT GUTENBERG EBOOK THE HARBOUR ***\n\nSection 1. General Terms of Use and Redistributing Project Gutenberg electronic works\n"
        let book = TestSupport.book(text)
        #expect(book.chapters.map(\.title) == ["Chapter 1"])
        let licence = book.skipped.filter { $0.reason == .licence }
        #expect(licence.map(\.title) == ["Project Gutenberg header", "Project Gutenberg licence"])
        let read = book.chapters.reduce(0) { $0 + $1.wordCount } + "Chapter 1".wordCount
        #expect(read + book.skipped.reduce(0) { $0 + $1.words } == text.wordCount)
    }
}
