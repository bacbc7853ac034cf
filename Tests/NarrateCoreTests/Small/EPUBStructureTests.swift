import Foundation
import Testing
import ZIPFoundation
@testable import NarrateCore

/// EPUBs built for one rule each: fragments, languages, what is skipped, fallbacks, limits.
@Suite(.tags(.small)) struct EPUBStructureTests {
    let directory: URL
    init() throws { directory = try TestSupport.temporaryDirectory() }

    func read(_ url: URL, _ options: EPUBReader.Options = .init(), warnings: WarningLog? = nil) throws -> Book {
        try EPUBReader(options: options).read(path: url.path, warnings: warnings)
    }

    @Test func fragmentsSplitDocumentsAndChaptersSpanDocuments() throws {
        let url = try EPUBFixture.book(
            chapters: [
                ("a", "a.xhtml", "<h1 id=\"c1\">One</h1>\(EPUBFixture.prose("one"))<h1 id=\"c2\">Two</h1>\(EPUBFixture.prose("two"))"),
                ("b", "b.xhtml", "<h1>Three</h1>\(EPUBFixture.prose("three"))"),
                ("c", "c.xhtml", EPUBFixture.prose("three, continued")),
            ],
            nav: [("One", "a.xhtml#c1"), ("Two", "a.xhtml#c2"), ("Three", "b.xhtml")], in: directory)
        let book = try read(url)
        #expect(book.chapters.map(\.title) == ["One", "Two", "Three"])
        #expect(book.chapters.map(\.spokenHeading) == ["One.", "Two.", "Three."])
        #expect(book.chapters.map { $0.paragraphs.count } == [1, 1, 2])
        #expect(book.chapters[2].paragraphs[1].text.hasPrefix("The story of three, continued"))
        #expect(book.title == "Fixture Book")
        #expect(book.author == "Ada Author")
    }

    @Test func languagePerChapter() throws {
        let url = try EPUBFixture.book(
            chapters: [
                ("a", "a.xhtml", "<h1>One</h1>\(EPUBFixture.prose("one"))"),
                ("b", "b.xhtml", "<section xml:lang=\"fr\"><h1>Deux</h1><p>Il était une fois une petite maison au bord de la mer, et personne ne savait pourquoi le vent soufflait si fort ce matin-là sur le village. À midi, le port était plein de bateaux revenus trop tôt, et les pêcheurs attendaient en silence sur le quai.</p></section>"),
            ],
            nav: [("One", "a.xhtml"), ("Deux", "b.xhtml")], in: directory)
        let book = try read(url)
        #expect(book.chapters.map(\.language) == ["en", "fr"])
        let plan = Planner(voice: VoiceSettings(name: "en-us"), pauses: Pauses(), engine: EngineIdentity(name: "t", version: "1", dataVersion: "d", sampleRate: 22050)).plan(book)
        #expect(plan.chapters.map(\.language) == ["en", "fr"])
    }

    @Test func whatIsNotReadAloud() throws {
        let body = """
            <h1>One</h1>
            <script>var x = "never read";</script>
            <p>The <ruby>漢<rt>kan</rt>字<rp>(</rp><rt>ji</rt><rp>)</rp></ruby> sign said Caf&eacute; &amp; Bar<a epub:type="noteref" href="#n1">1</a>.<span epub:type="pagebreak" title="12" id="p12">12</span> They went in, and the wind followed them through the door, and the whole village heard it.</p>
            <img src="x.png" alt="A map of the village"/>
            <aside epub:type="footnote" id="n1"><p>A footnote that is not read inline.</p></aside>
            <div role="doc-pagebreak">13</div>
            <p hidden="hidden">Hidden text.</p>
            """
        let url = try EPUBFixture.book(chapters: [("a", "a.xhtml", body)], nav: [("One", "a.xhtml")], in: directory)
        let text = try read(url).chapters[0].paragraphs.map(\.text)
        #expect(text == ["The 漢字 sign said Café & Bar. They went in, and the wind followed them through the door, and the whole village heard it."])
        let withAlt = try read(url, .init(readAltText: true)).chapters[0].paragraphs.map(\.text)
        #expect(withAlt.contains("A map of the village."))
    }

    @Test func nonLinearItemsOnlyWhenAsked() throws {
        let url = try EPUBFixture.book(
            chapters: [
                ("a", "a.xhtml", "<h1>One</h1>\(EPUBFixture.prose("one"))"),
                ("n", "notes.xhtml", "<h1>Answers</h1>\(EPUBFixture.prose("answers"))"),
                ("b", "b.xhtml", "<h1>Two</h1>\(EPUBFixture.prose("two"))"),
            ],
            nav: [("One", "a.xhtml"), ("Answers", "notes.xhtml"), ("Two", "b.xhtml")], linear: ["n": false], in: directory)
        #expect(try read(url).chapters.map(\.title) == ["One", "Two"])
        #expect(try read(url, .init(includeNonLinear: true)).chapters.map(\.title) == ["One", "Answers", "Two"])
    }

    @Test func frontMatterBySemanticsAndLandmarks() throws {
        let url = try EPUBFixture.book(
            chapters: [
                ("t", "title.xhtml", "<section epub:type=\"frontmatter titlepage\"><h1>Fixture Book</h1>\(EPUBFixture.prose("the title page"))</section>"),
                ("d", "dedication.xhtml", "<section epub:type=\"frontmatter dedication\"><h1>For Ada</h1>\(EPUBFixture.prose("the dedication"))</section>"),
                ("a", "a.xhtml", "<section epub:type=\"bodymatter chapter\"><h1>One</h1>\(EPUBFixture.prose("one"))</section>"),
                ("r", "rights.xhtml", "<h1>Rights</h1>\(EPUBFixture.prose("the rights"))"),
            ],
            nav: [("Title", "title.xhtml"), ("Dedication", "dedication.xhtml"), ("One", "a.xhtml"), ("Rights", "rights.xhtml")],
            extraFiles: [], in: directory)
        #expect(try read(url).chapters.map(\.title) == ["One", "Rights"])
        let all = try read(url, .init(includeFrontMatter: true)).chapters
        #expect(all.map(\.title) == ["Title", "Dedication", "One", "Rights"])
        #expect(all.map(\.isFrontMatter) == [true, true, false, false])
    }

    @Test func fontObfuscationIsNotDRM() throws {
        let encryption = """
            <encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
            <enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>
            <enc:CipherData><enc:CipherReference URI="OEBPS/fonts/a.otf"/></enc:CipherData></enc:EncryptedData>
            </encryption>
            """
        let url = try EPUBFixture.book(
            chapters: [("a", "a.xhtml", "<h1>One</h1>\(EPUBFixture.prose("one"))")], nav: [("One", "a.xhtml")],
            extraFiles: [("META-INF/encryption.xml", Array(encryption.utf8))], in: directory)
        #expect(try read(url).chapters.count == 1)
    }

    @Test func ncxWhenThereIsNoNavAndHeadingsWhenThereIsNoTOC() throws {
        let ncx = """
            <ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>
            <navPoint id="n1"><navLabel><text>The First</text></navLabel><content src="a.xhtml"/></navPoint>
            <navPoint id="n2"><navLabel><text>The Second</text></navLabel><content src="b.xhtml"/></navPoint>
            </navMap></ncx>
            """
        func package(withNCX: Bool) -> String {
            """
            <package xmlns="http://www.idpf.org/2007/opf" version="2.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
            <dc:title>Two</dc:title><dc:creator opf:role="aut">A. Writer</dc:creator><dc:creator opf:role="ill">An Illustrator</dc:creator></metadata>
            <manifest><item id="a" href="a.xhtml" media-type="application/xhtml+xml"/><item id="b" href="b.xhtml" media-type="application/xhtml+xml"/>
            \(withNCX ? "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>" : "")</manifest>
            <spine\(withNCX ? " toc=\"ncx\"" : "")><itemref idref="a"/><itemref idref="b"/></spine></package>
            """
        }
        let chapters: [(String, String)] = [
            ("OEBPS/a.xhtml", EPUBFixture.xhtml("<h2>Heading A</h2>\(EPUBFixture.prose("a"))")),
            ("OEBPS/b.xhtml", EPUBFixture.xhtml(EPUBFixture.prose("b"), title: "Title B")),
        ]
        let withNCX = try EPUBFixture.write(text: [
            ("META-INF/container.xml", EPUBFixture.container), ("OEBPS/content.opf", package(withNCX: true)),
            ("OEBPS/toc.ncx", ncx),
        ] + chapters, to: directory, name: "ncx.epub")
        let ncxBook = try read(withNCX)
        #expect(ncxBook.chapters.map(\.title) == ["The First", "The Second"])
        #expect(ncxBook.author == "A. Writer")
        #expect(ncxBook.chapters[1].spokenHeading == "The Second.")  // no heading in the text: the contents' title is read

        let bare = try EPUBFixture.write(text: [
            ("META-INF/container.xml", EPUBFixture.container), ("OEBPS/content.opf", package(withNCX: false)),
        ] + chapters, to: directory, name: "bare.epub")
        #expect(try read(bare).chapters.map(\.title) == ["Heading A", "Title B"])
    }

    @Test func zipBombIsRefused() throws {
        let url = directory.appendingPathComponent("bomb.epub")
        let archive = try Archive(url: url, accessMode: .create, pathEncoding: nil)
        try EPUBFixture.add(archive, "mimetype", Array("application/epub+zip".utf8), method: .none)
        try EPUBFixture.add(archive, "META-INF/container.xml", Array(EPUBFixture.container.utf8), method: .deflate)
        let size = EPUBArchive.maximumEntryBytes + 1024
        let chunk = Data(repeating: 0x20, count: 1 << 20)
        try archive.addEntry(with: "OEBPS/content.opf", type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate) { position, length in
            chunk.prefix(length)
        }
        let compressed = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
        #expect(compressed < 1 << 20)
        let error = try #require(throws: EPUBError.self) { try read(url) }
        #expect(error == .entryTooLarge(path: url.path, entry: "OEBPS/content.opf", limit: EPUBArchive.maximumEntryBytes))
    }

    /// Found by libFuzzer: a deflate stream cut short made ZIPFoundation loop forever.
    @Test func truncatedCompressedDataIsADamagedEntry() throws {
        let url = TestSupport.fixture("fuzz/epub/truncated-deflate-stream.epub")
        let error = try #require(throws: EPUBError.self) { try read(url) }
        #expect(error == .damagedEntry(path: url.path, entry: "META-INF/encryption.xml", reason: "its compressed data is cut short"))
    }

    @Test func corruptedBytesFailTheChecksum() throws {
        let url = try EPUBFixture.book(chapters: [("a", "a.xhtml", "<h1>One</h1>\(EPUBFixture.prose("one"))")], nav: [("One", "a.xhtml")], in: directory)
        var bytes = Array(try Data(contentsOf: url))
        // Flip a byte inside the stored (uncompressed) mimetype entry's data: its CRC no longer matches.
        let mimetype = Array("application/epub+zip".utf8)
        let at = try #require((0..<bytes.count - mimetype.count).first { Array(bytes[$0..<$0 + mimetype.count]) == mimetype })
        bytes[at] ^= 0x20
        let broken = directory.appendingPathComponent("broken.epub")
        try Data(bytes).write(to: broken)
        let error = try #require(throws: EPUBError.self) { try read(broken) }
        #expect(error == .damagedEntry(path: broken.path, entry: "mimetype", reason: "its checksum does not match"))
    }

    @Test func navigationThatEscapesIsRefused() throws {
        let url = try EPUBFixture.book(
            chapters: [("a", "a.xhtml", "<h1>One</h1>\(EPUBFixture.prose("one"))")],
            nav: [("One", "../../../../etc/passwd")], in: directory)
        let error = try #require(throws: EPUBError.self) { try read(url) }
        #expect(error.description.contains("points outside the EPUB"))
    }

    @Test func missingSpineDocumentIsAnError() throws {
        let files: [(String, String)] = [
            ("META-INF/container.xml", EPUBFixture.container),
            ("OEBPS/content.opf", EPUBFixture.opf(spine: [("a", "a.xhtml", true), ("b", "b.xhtml", true)])),
            ("OEBPS/a.xhtml", EPUBFixture.xhtml("<h1>One</h1>\(EPUBFixture.prose("one"))")),
        ]
        let url = try EPUBFixture.write(text: files, to: directory)
        let error = try #require(throws: EPUBError.self) { try read(url) }
        #expect(error.description.contains("OEBPS/b.xhtml is missing"))
    }

    @Test func coverFromEPUB3Property() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 32)
        let url = try EPUBFixture.book(
            chapters: [("a", "a.xhtml", "<h1>One</h1>\(EPUBFixture.prose("one"))")], nav: [("One", "a.xhtml")],
            extraItems: "<item id=\"cover\" href=\"cover.png\" media-type=\"image/png\" properties=\"cover-image\"/>",
            extraFiles: [("OEBPS/cover.png", png)], in: directory)
        #expect(try read(url).cover == CoverImage(bytes: png, mimeType: "image/png"))
    }
}
