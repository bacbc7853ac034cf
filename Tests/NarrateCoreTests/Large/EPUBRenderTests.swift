import Foundation
import Testing
import ZIPFoundation
@testable import NarrateCore

/// End-to-end: EPUBs through the built binary; tags and cover read back with ffprobe.
@Suite(.tags(.large)) struct EPUBRenderTests {
    /// The real JPEG cover of the Moby-Dick sample, to embed in a small fixture book.
    static func mobyDickCover() throws -> [UInt8] {
        let archive = try Archive(url: TestSupport.corpus("epub-valid/moby-dick_idpf.epub"), accessMode: .read, pathEncoding: nil)
        let entry = try #require(archive["OPS/images/9780316000000.jpg"])
        var bytes: [UInt8] = []
        _ = try archive.extract(entry) { bytes += $0 }
        return bytes
    }

    func fixture(in directory: URL) throws -> URL {
        try EPUBFixture.book(
            chapters: [
                ("a", "a.xhtml", "<section epub:type=\"frontmatter titlepage\"><h1>Fixture Book</h1></section>"),
                ("b", "b.xhtml", "<h1 id=\"one\">The First</h1>\(EPUBFixture.prose("the harbour"))<h1 id=\"two\">The Second</h1>\(EPUBFixture.prose("the boats"))"),
            ],
            nav: [("Title Page", "a.xhtml"), ("The First", "b.xhtml#one"), ("The Second", "b.xhtml#two")],
            extraItems: "<item id=\"cover\" href=\"cover.jpg\" media-type=\"image/jpeg\" properties=\"cover-image\"/>",
            extraFiles: [("OEBPS/cover.jpg", try Self.mobyDickCover())], in: directory)
    }

    @Test func rendersChaptersWithTagsAndCoverArt() throws {
        let directory = try TestSupport.temporaryDirectory()
        let book = try fixture(in: directory)
        let out = directory.appendingPathComponent("out")
        let result = try TestSupport.narrate(["render", book.path, "-o", out.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".mp3") }.sorted()
        #expect(files == ["01 - The First.mp3", "02 - The Second.mp3"])

        let probe = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/ffprobe"), [
            "-v", "error", "-show_entries", "stream=codec_name:stream_disposition=attached_pic:format_tags", "-of", "json",
            out.appendingPathComponent(files[0]).path,
        ])
        let json = try JSONSerialization.jsonObject(with: probe.stdout) as! [String: Any]
        let streams = json["streams"] as! [[String: Any]]
        #expect(streams.map { $0["codec_name"] as? String } == ["mp3", "mjpeg"])
        #expect((streams[1]["disposition"] as? [String: Int])?["attached_pic"] == 1)
        let tags = (json["format"] as! [String: Any])["tags"] as! [String: String]
        #expect(tags["title"] == "The First")
        #expect(tags["album"] == "Fixture Book")
        #expect(tags["artist"] == "Ada Author")
        #expect(tags["track"] == "1/2")

        let decoded = try SoundFile.read(out.appendingPathComponent(files[1]))
        #expect(decoded.duration > 5)
    }

    @Test func planReadsAnEPUBFromStandardInput() throws {
        let directory = try TestSupport.temporaryDirectory()
        let book = try fixture(in: directory)
        let result = try TestSupport.narrate(["plan", "-", "--json", "--include-front-matter"], stdin: try Data(contentsOf: book))
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try JSONDecoder().decode(PlanDocument.self, from: result.stdout)
        #expect(plan.title == "Fixture Book")
        #expect(plan.chapters.map(\.title) == ["The First", "The Second"])  // the title page has no prose
        #expect(plan.chapters.allSatisfy { $0.language == "en" })
    }

    @Test func planJSONCarriesPartsOfNestedContents() throws {
        let result = try TestSupport.narrate(["plan", TestSupport.corpus("epub-valid/christmas-carol_gutenberg-epub2.epub").path, "--json"])
        #expect(result.status == 0)
        let plan = try JSONDecoder().decode(PlanDocument.self, from: result.stdout)
        #expect(plan.chapters[1].title == "MARLEY’S GHOST.")
        #expect(plan.chapters[1].part == "STAVE ONE.")
        #expect(plan.chapters[1].segments[0].text == "STAVE ONE. MARLEY’S GHOST.")
    }

    @Test(arguments: [
        ("empty-zero-bytes.epub", Int32(65)), ("jpeg-with-epub-extension.epub", 65), ("encryption-xml-encrypted-chapter.epub", 65),
        ("opf-href-path-traversal.epub", 65), ("opf-missing.epub", 65),
    ])
    func badEPUBsEndWithOneLineAndNoOutput(name: String, status: Int32) throws {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("out")
        let result = try TestSupport.narrate(["render", TestSupport.corpus("epub-bad/\(name)").path, "-o", out.path])
        #expect(result.status == status)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("narrate: error: ") == true)
        #expect(lines.first?.contains(name) == true)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func unreadableEPUBExits66() throws {
        let result = try TestSupport.narrate(["plan", "/nonexistent/book.epub"])
        #expect(result.status == 66)
    }
}

/// `--layout audiobookshelf`: the folders and companion files Audiobookshelf's scanner reads.
@Suite(.tags(.large)) struct LibraryLayoutTests {
    @Test func audiobookshelfLayout() throws {
        let dir = try TestSupport.temporaryDirectory()
        let book = try EPUBFixture.book(
            chapters: [("a", "a.xhtml", "<h1>The First</h1>\(EPUBFixture.prose("the harbour"))"),
                       ("b", "b.xhtml", "<h1>The Second</h1>\(EPUBFixture.prose("the boats"))")],
            nav: [("The First", "a.xhtml"), ("The Second", "b.xhtml")],
            extraItems: "<item id=\"cover\" href=\"cover.jpg\" media-type=\"image/jpeg\" properties=\"cover-image\"/>",
            metadata: "<dc:description>&lt;p&gt;A village by the sea.&lt;/p&gt;</dc:description>",
            extraFiles: [("OEBPS/cover.jpg", try EPUBRenderTests.mobyDickCover())], in: dir)
        let library = dir.appendingPathComponent("library")
        let result = try TestSupport.narrate(["render", book.path, "--layout", "audiobookshelf", "-o", library.path, "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        let folder = library.appendingPathComponent("Ada Author/Fixture Book")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        #expect(files.isSuperset(of: ["01 - The First.mp3", "02 - The Second.mp3", "cover.jpg", "desc.txt", "reader.txt"]))
        #expect(try Data(contentsOf: folder.appendingPathComponent("cover.jpg")) == Data(try EPUBRenderTests.mobyDickCover()))
        #expect(try String(contentsOf: folder.appendingPathComponent("desc.txt"), encoding: .utf8) == "A village by the sea.\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("reader.txt"), encoding: .utf8).hasPrefix("narrate (espeak-ng "))
        let probe = try TestSupport.ffprobe(folder.appendingPathComponent("02 - The Second.mp3"))
        #expect(probe.tags["track"] == "2/2" && probe.tags["album"] == "Fixture Book" && probe.tags["artist"] == "Ada Author")
    }
}
