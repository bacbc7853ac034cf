import Foundation
import ZIPFoundation
@testable import NarrateCore

/// Builds small EPUBs for tests, the way real ones are packed: `mimetype` first and stored.
enum EPUBFixture {
    static let container = """
        <?xml version="1.0"?>
        <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
          <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
        </container>
        """

    /// A chapter document with `body` inside `<body>`.
    static func xhtml(_ body: String, title: String = "Chapter", lang: String = "en") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="\(lang)">
        <head><title>\(title)</title><style>p { color: red }</style></head>
        <body>\(body)</body></html>
        """
    }

    /// An EPUB 3 package with these spine documents (id → href) and manifest extras.
    static func opf(spine: [(id: String, href: String, linear: Bool)], extraItems: String = "", metadata: String = "") -> String {
        let items = spine.map { "<item id=\"\($0.id)\" href=\"\($0.href)\" media-type=\"application/xhtml+xml\"/>" }.joined(separator: "\n")
        let refs = spine.map { "<itemref idref=\"\($0.id)\"\($0.linear ? "" : " linear=\"no\"")/>" }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
            <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
              <dc:identifier id="id">test</dc:identifier>
              <dc:title>Fixture Book</dc:title>
              <dc:creator>Ada Author</dc:creator>
              <dc:language>en</dc:language>
              \(metadata)
            </metadata>
            <manifest>
            \(items)
            \(extraItems)
            </manifest>
            <spine>
            \(refs)
            </spine>
            </package>
            """
    }

    /// A navigation document listing (title, href) entries.
    static func nav(_ entries: [(String, String)]) -> String {
        let items = entries.map { "<li><a href=\"\($0.1)\">\($0.0)</a></li>" }.joined()
        return xhtml("<nav epub:type=\"toc\"><h1>Contents</h1><ol>\(items)</ol></nav>", title: "Contents")
    }

    /// Writes an EPUB holding `files` (archive path → contents) and returns its URL.
    static func write(_ files: [(String, [UInt8])], to directory: URL, name: String = "book.epub") throws -> URL {
        let url = directory.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create, pathEncoding: nil)
        try add(archive, "mimetype", Array("application/epub+zip".utf8), method: .none)
        for (path, bytes) in files {
            try add(archive, path, bytes, method: .deflate)
        }
        return url
    }

    static func write(text files: [(String, String)], to directory: URL, name: String = "book.epub") throws -> URL {
        try write(files.map { ($0.0, Array($0.1.utf8)) }, to: directory, name: name)
    }

    static func add(_ archive: Archive, _ path: String, _ bytes: [UInt8], method: CompressionMethod) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: method) { position, size in
            Data(bytes[Int(position)..<Int(position) + size])
        }
    }

    /// A whole book: container, package, nav and the given chapter documents.
    static func book(
        chapters: [(id: String, href: String, body: String)], nav: [(String, String)], linear: [String: Bool] = [:],
        extraItems: String = "", metadata: String = "", extraFiles: [(String, [UInt8])] = [], in directory: URL,
        name: String = "book.epub"
    ) throws -> URL {
        var files: [(String, [UInt8])] = [
            ("META-INF/container.xml", Array(container.utf8)),
            ("OEBPS/content.opf", Array(opf(
                spine: chapters.map { ($0.id, $0.href, linear[$0.id] ?? true) },
                extraItems: "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>" + extraItems,
                metadata: metadata).utf8)),
            ("OEBPS/nav.xhtml", Array(self.nav(nav).utf8)),
        ]
        files += chapters.map { ("OEBPS/\($0.href)", Array(xhtml($0.body).utf8)) }
        files += extraFiles
        return try write(files, to: directory, name: name)
    }

    /// A paragraph of real prose (enough words to count as a chapter's text).
    static func prose(_ topic: String) -> String {
        "<p>The story of \(topic) begins on a grey morning, when the wind came off the sea and rattled the shutters of every house along the narrow street, and nobody in the village could say why. By noon the harbour was full of boats that had turned back, and the fishermen stood about in groups.</p>"
    }
}
