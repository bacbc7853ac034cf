import Foundation
import Testing
@testable import NarrateCore

/// Real EPUBs from ../shared/corpus: the chapters must be the ones a reader's table of contents shows.
@Suite(.tags(.small)) struct EPUBCorpusTests {
    static func read(_ name: String, _ options: EPUBReader.Options = .init(), warnings: WarningLog? = nil) throws -> Book {
        try EPUBReader(options: options).read(path: TestSupport.corpus("epub-valid/\(name)").path, warnings: warnings)
    }

    @Test func mobyDickEPUB3NavOnly() throws {
        let book = try Self.read("moby-dick_idpf.epub")
        #expect(book.title == "Moby-Dick")
        #expect(book.author == "Herman Melville")
        #expect(book.language == "en-US")
        #expect(book.cover?.mimeType == "image/jpeg")
        let titles = book.chapters.map(\.title)
        #expect(titles.count == 136)
        #expect(titles.first == "Chapter 1. Loomings.")
        #expect(titles[1] == "Chapter 2. The Carpet-Bag.")
        #expect(titles[134] == "Chapter 135. The Chase.—Third Day.")
        #expect(titles.last == "Epilogue")
        for (offset, title) in titles.dropLast().enumerated() { #expect(title.hasPrefix("Chapter \(offset + 1). ")) }
        #expect(book.chapters[0].spokenHeading == "Chapter 1. Loomings.")
        #expect(book.chapters[0].paragraphs.first?.text.hasPrefix("Call me Ishmael.") == true)
        #expect(book.chapters.allSatisfy { !$0.isFrontMatter })
    }

    @Test func mobyDickFrontMatterOnRequest() throws {
        let book = try Self.read("moby-dick_idpf.epub", .init(includeFrontMatter: true))
        let titles = book.chapters.map(\.title)
        #expect(Array(titles.prefix(4)) == [
            "Original Transcriber’s Notes:", "ETYMOLOGY.", "EXTRACTS (Supplied by a Sub-Sub-Librarian).", "Chapter 1. Loomings.",
        ])
        #expect(book.chapters.prefix(3).allSatisfy { $0.isFrontMatter })
        // The transcriber's note has a footnote; its body is not read inline, nor its marker.
        let notes = book.chapters[0].paragraphs.map(\.text).joined(separator: " ")
        #expect(notes.contains("a unit of currency."))
        #expect(!notes.contains("These have been corrected"))
        #expect(!notes.contains("currency.1"))
        #expect(!book.chapters.contains { $0.title.contains("Copyright") && $0.wordCount > 0 && !$0.isFrontMatter })
    }

    @Test func christmasCarolNCXFragmentsAndGutenbergBoilerplate() throws {
        let book = try Self.read("christmas-carol_gutenberg-epub2.epub")
        #expect(book.author == "Charles Dickens")
        #expect(book.cover?.mimeType == "image/jpeg")
        #expect(book.chapters.map(\.title) == [
            "PREFACE", "MARLEY’S GHOST.", "THE FIRST OF THE THREE SPIRITS.", "THE SECOND OF THE THREE SPIRITS.",
            "THE LAST OF THE SPIRITS.", "THE END OF IT.",
        ])
        #expect(book.chapters.map(\.part) == [
            "CHARLES DICKENS", "STAVE ONE.", "STAVE TWO.", "STAVE THREE.", "STAVE FOUR.", "STAVE FIVE.",
        ])
        // The part title and the chapter title are read; the illustration entry did not split the stave.
        #expect(book.chapters[1].spokenHeading == "STAVE ONE. MARLEY’S GHOST.")
        #expect(book.chapters[1].paragraphs.first?.text.hasPrefix("Marley was dead: to begin with.") == true)
        #expect(book.chapters[1].paragraphs.contains { $0.text.hasPrefix("The same face: the very same.") })
        // Project Gutenberg's header, footer and licence are not read.
        let all = book.chapters.flatMap(\.paragraphs).map(\.text).joined(separator: " ")
        #expect(!all.contains("Project Gutenberg"))
        #expect(book.chapters.last?.paragraphs.last?.text.hasSuffix("And so, as Tiny Tim observed, God bless Us, Every One!") == true)
    }

    @Test func frenchNCXBook() throws {
        let book = try Self.read("au-bonheur-des-dames_bibebook-fr.epub")
        #expect(book.title == "Au Bonheur des Dames")
        #expect(book.author == "Émile Zola")
        #expect(book.language == "fr")
        // Every chapter says xml:lang="en" lang="fr": a contradiction, so the book's French applies, not English.
        #expect(book.chapters.allSatisfy { $0.language == nil || $0.language == "fr" })
        #expect(book.cover?.mimeType == "image/jpeg")  // EPUB 2 <meta name="cover">
        // "Fin" is the book's last page and is not marked as back matter: it is read.
        #expect(book.chapters.map(\.title) == (1...14).map { "Chapitre \($0)" } + ["Fin"])
        #expect(book.skipped.map(\.title) == ["Couverture", "À propos"])
        #expect(book.chapters[0].paragraphs[0].text.hasPrefix("Denise était venue à pied de la gare Saint-Lazare"))
        let withMatter = try Self.read("au-bonheur-des-dames_bibebook-fr.epub", .init(includeFrontMatter: true))
        #expect(withMatter.chapters.map(\.title) == ["Couverture", "À propos"] + (1...14).map { "Chapitre \($0)" } + ["Fin"])
    }

    @Test func nestedSectionsInOneDocument() throws {
        let book = try Self.read("childrens-literature_idpf.epub")
        #expect(book.author == "Charles Madison Curry, Erle Elsworth Clippinger")
        #expect(book.cover?.mimeType == "image/png")
        let titles = book.chapters.map(\.title)
        // The nav's hidden sub-list (the four parables of 190) is not in a reader's contents.
        #expect(Array(titles.prefix(4)) == [
            "INTRODUCTORY", "190 A FOUR-LEAVED CLOVER", "191 THE LORD HELPETH MAN AND BEAST", "192 THE REAL PRINCESS",
        ])
        #expect(titles.count == 16)
        #expect(titles.last == "204 THE KING OF THE GOLDEN RIVER OR THE BLACK BROTHERS")
        #expect(book.chapters[1].paragraphs.contains { $0.text.hasSuffix("The Rabbi and The Diadem") })
        // Parts are the nav's enclosing entries: the section, then the author the stories are grouped under.
        let section = "SECTION IV FAIRY STORIES—MODERN FANTASTIC TALES"
        #expect(book.chapters[0].part == section)
        #expect(book.chapters[1].part == "\(section) / Abram S. Isaacs")
        // Page numbers (epub:type="pagebreak") are not read.
        let text = book.chapters.flatMap(\.paragraphs).map(\.text)
        #expect(!text.contains { $0 == "174" || $0.hasPrefix("174 ") })
        // The bibliography is back matter.
        #expect(!titles.contains("BIBLIOGRAPHY"))
    }

    @Test func georgiaSubsections() throws {
        let book = try Self.read("georgia-pls-ssml_idpf.epub")
        #expect(book.chapters.map(\.title) == [
            "GEORGIA", "Climate and Soils", "Minerals", "Agriculture", "Manufactures", "Population", "Government",
            "Education", "Finance", "History",
        ])
        #expect(book.chapters[1].part == "GEORGIA")
    }
}

/// Broken and hostile EPUBs from ../shared/corpus/epub-bad.
@Suite(.tags(.small)) struct EPUBBadCorpusTests {
    static func read(_ name: String, warnings: WarningLog? = nil) throws -> Book {
        try EPUBReader().read(path: TestSupport.corpus("epub-bad/\(name)").path, warnings: warnings)
    }

    @Test(arguments: [
        ("empty-zero-bytes.epub", "the file is empty"),
        ("jpeg-with-epub-extension.epub", "it is a JPEG image"),
        ("encryption-xml-encrypted-chapter.epub", "encrypted (DRM"),
        ("opf-href-path-traversal.epub", "points outside the EPUB"),
        ("opf-missing.epub", "package.opf is missing"),
        ("xhtml-unclosed-tag.epub", "no chapters with words"),
    ])
    func refused(name: String, message: String) throws {
        let error = try #require(throws: EPUBError.self) { try Self.read(name) }
        #expect(error.exitStatus == .dataError)
        #expect(error.description.contains(message))
        #expect(error.description.contains(name))
        #expect(!error.description.contains("\n"))
    }

    @Test(arguments: [
        ("container-xml-missing.epub", "container.xml is missing", "hello, world."),
        ("duplicate-zip-entry.epub", "stored twice", "Call me Ishmael."),
        ("spine-missing-epub2.epub", "has no <spine>", "Call me Ishmael."),
        ("xhtml-invalid-utf8-bytes.epub", "not valid UTF-8", "hello, world."),
    ])
    func readWithAWarning(name: String, warning: String, text: String) throws {
        let warnings = WarningLog(echo: false)
        let book = try Self.read(name, warnings: warnings)
        #expect(warnings.all.count == 1)
        #expect(warnings.all.first?.contains(warning) == true)
        #expect(book.chapters.flatMap(\.paragraphs).map(\.text) == [text])
    }

    @Test func unclosedTagIsReportedWithItsLine() throws {
        let warnings = WarningLog(echo: false)
        _ = try? Self.read("xhtml-unclosed-tag.epub", warnings: warnings)
        #expect(warnings.all.first?.contains("OPS/chapter_001.xhtml line 13") == true)
    }
}
