import Foundation
import Testing
import ZIPFoundation
@testable import NarrateCore

/// Every book of the corpus: every word is read or listed as skipped, chapters are the ones a
/// reader expects, and nothing is skipped for want of prose.
@Suite(.tags(.medium)) struct CorpusAccountingTests {
    static let texts = [
        "alice-in-wonderland_pg11.txt", "buddenbrooks_pg34811_de.txt", "die-verwandlung_pg22367_de.txt",
        "i-promessi-sposi_pg45334_it.txt", "los-cuatro-jinetes_pg24536_es.txt", "max-havelaar_pg11024_nl_latin1-crlf.txt",
        "moby-dick_pg2701_full-pg-header.txt", "monte-cristo-tome4_pg17992_fr.txt", "os-maias_pg40409_pt.txt",
        "pride-and-prejudice_pg1342.txt",
    ]
    static let epubs = [
        "au-bonheur-des-dames_bibebook-fr.epub", "childrens-literature_idpf.epub", "christmas-carol_gutenberg-epub2.epub",
        "georgia-pls-ssml_idpf.epub", "moby-dick_idpf.epub",
    ]

    /// Words read: the chapters' paragraphs and their headings as the book writes them.
    static func wordsRead(_ book: Book) -> Int {
        book.chapters.reduce(0) { $0 + $1.wordCount + ($1.spokenHeading?.wordCount ?? 0) }
    }

    static func load(_ name: String) throws -> (book: Book, sourceWords: Int) {
        let url = TestSupport.corpus((name.hasSuffix(".epub") ? "epub-valid/" : "text/") + name)
        if name.hasSuffix(".epub") {
            return (try EPUBReader().read(path: url.path, warnings: nil), try Self.epubWords(url))
        }
        let bytes = Array(try Data(contentsOf: url))
        let text = try TextDecoding.decode(bytes, name: name).text
        return (try TestSupport.readBook(url), text.wordCount)
    }

    @Test(arguments: texts + epubs)
    func everyWordIsReadOrAccountedFor(name: String) throws {
        let (book, source) = try Self.load(name)
        let accounted = Self.wordsRead(book) + book.skipped.reduce(0) { $0 + $1.words }
        #expect(abs(accounted - source) * 100 <= source, "\(name): read + skipped = \(accounted), source = \(source)")
        #expect(book.skipped.allSatisfy { $0.words > 0 })
    }

    @Test(arguments: [
        // file, chapters a reader expects (the corpus README; Moby-Dick: 135, Etymology, two Extracts sections,
        // Epilogue; Pride and Prejudice: 61 and the Preface), and the front matter narrate reads as prose
        ("alice-in-wonderland_pg11.txt", 12, 0), ("buddenbrooks_pg34811_de.txt", 97, 1), ("die-verwandlung_pg22367_de.txt", 3, 0),
        ("i-promessi-sposi_pg45334_it.txt", 39, 1), ("los-cuatro-jinetes_pg24536_es.txt", 15, 0),
        ("max-havelaar_pg11024_nl_latin1-crlf.txt", 20, 1), ("monte-cristo-tome4_pg17992_fr.txt", 33, 0),
        ("pride-and-prejudice_pg1342.txt", 62, 0), ("moby-dick_pg2701_full-pg-header.txt", 139, 1),
    ] as [(String, Int, Int)])
    func chaptersAreTheOnesAReaderExpects(name: String, expected: Int, frontMatter: Int) throws {
        let (book, _) = try Self.load(name)
        #expect(book.chapters.count == expected + frontMatter, "\(book.chapters.map(\.title))")
        #expect(book.chapters.filter(\.isFrontMatter).count == frontMatter)
        // No chapter of a whole novel: the longest is far from the whole book.
        let longest = book.chapters.map(\.wordCount).max() ?? 0
        #expect(expected < 8 || longest * 4 < book.chapters.reduce(0) { $0 + $1.wordCount })
    }

    /// Parts are announced with their first chapter and carried by every chapter in them.
    @Test func buddenbrooksChaptersCarryTheirParts() throws {
        let (book, _) = try Self.load("buddenbrooks_pg34811_de.txt")
        let chapters = book.chapters.filter { !$0.isFrontMatter }
        #expect(chapters[0].title == "Erstes Kapitel" && chapters[0].part == "Erster Teil")
        #expect(chapters[0].spokenHeading == "Erster Teil. Erstes Kapitel.")
        #expect(chapters[1].part == "Erster Teil" && chapters[1].spokenHeading == "Zweites Kapitel.")
        #expect(Set(chapters.compactMap(\.part)).count == 11)
    }

    /// Words of an EPUB's spine documents, counted without narrate's reader: tags stripped.
    static func epubWords(_ url: URL) throws -> Int {
        let archive = try Archive(url: url, accessMode: .read, pathEncoding: nil)
        func read(_ path: String) throws -> String {
            guard let entry = archive[path] else { return "" }
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            return String(decoding: data, as: UTF8.self)
        }
        let opfPath = try #require(archive.map(\.path).first { $0.hasSuffix(".opf") })
        let opf = try read(opfPath)
        let base = (opfPath as NSString).deletingLastPathComponent
        var hrefs: [String: String] = [:]
        for item in opf.matches(of: #/<item\b[^>]*>/#) {
            let tag = String(item.0)
            if let id = tag.firstMatch(of: #/\bid="([^"]+)"/#)?.1, let href = tag.firstMatch(of: #/\bhref="([^"]+)"/#)?.1 {
                hrefs[String(id)] = String(href)
            }
        }
        var seen: Set<String> = []
        var words = 0
        for ref in opf.matches(of: #/<itemref\b[^>]*idref="([^"]+)"/#) {
            guard let href = hrefs[String(ref.1)], seen.insert(href).inserted, href.contains("htm") else { continue }
            var text = try read(base.isEmpty ? href : "\(base)/\(href)")
            text = text.replacing(#/(?s)<head.*?</head>|<script.*?</script>|<style.*?</style>/#, with: " ")
            text = text.replacing(#/<[^>]+>/#, with: " ")
            words += decodeEntities(text).wordCount
        }
        return words
    }

    static func decodeEntities(_ text: String) -> String {
        text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&nbsp;", with: " ")
            .replacingOccurrences(of: "&#160;", with: " ").replacingOccurrences(of: "&rsquo;", with: "’")
            .replacingOccurrences(of: "&#8217;", with: "’")
    }
}

/// No heading of any corpus book gets espeak-ng's "Roman" reading ("Chapter Roman forty-two",
/// "deux romain", "römisch zwölf"), checked with the engine's own phonemes (`espeak-ng -x`).
@Suite(.tags(.medium)) struct CorpusHeadingReadingTests {
    /// espeak-ng's phonemes for "Roman" (en), "romain" (fr), "römisch" (de).
    static func hasRomanReading(_ phonemes: some StringProtocol) -> Bool {
        String(phonemes).contains(#/r[,']?oUm@n|rom'?E~|r[,']?Y:mIS/#)
    }

    @Test(arguments: CorpusAccountingTests.texts + CorpusAccountingTests.epubs)
    func noHeadingIsReadWithTheWordRoman(name: String) throws {
        let (book, _) = try CorpusAccountingTests.load(name)
        let language = NumberWords.primaryLanguage(book.language)
        let plan = Planner(voice: VoiceSettings(name: language), pauses: Pauses(),
                           engine: EngineIdentity(name: "espeak-ng", version: "test", dataVersion: "", sampleRate: 22050)).plan(book)
        let headings = plan.chapters.flatMap(\.segments).filter { $0.kind == .heading }.map(\.spoken)
        #expect(!headings.isEmpty)
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("headings.txt")
        try headings.joined(separator: "\n\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/espeak-ng"), ["-q", "-x", "-v", language, "-f", file.path])
        #expect(result.status == 0)
        let phonemes = result.stdoutText
        #expect(phonemes.split(separator: "\n").count >= headings.count / 2)
        #expect(!Self.hasRomanReading(phonemes), "\(name): \(phonemes.split(separator: "\n").filter(Self.hasRomanReading).prefix(3))")
    }

    /// The check itself: the unconverted headings do get the reading.
    @Test func theCheckSeesTheRomanReading() throws {
        let result = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/espeak-ng"), ["-q", "-x", "-v", "en", "Chapter XLII."])
        #expect(Self.hasRomanReading(result.stdoutText))
    }
}
