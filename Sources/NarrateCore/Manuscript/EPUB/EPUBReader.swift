import Foundation

/// Reads an EPUB 2 or 3 into a `Book`: container, package, spine, table of contents, chapter
/// text and metadata. Hostile or broken files end in one `EPUBError`; damage a reader would
/// work around (a wrong mimetype, a duplicate entry, a missing spine, malformed XHTML) becomes a
/// warning and the book is read as well as it can be.
public struct EPUBReader {
    public struct Options: Sendable {
        /// Read cover, title page, contents, copyright and other front/back matter too.
        public var includeFrontMatter = false
        /// Read spine items marked `linear="no"` (pop-ups, answer keys) where they are.
        public var includeNonLinear = false
        /// Read images' alt text where the image is.
        public var readAltText = false

        public init(includeFrontMatter: Bool = false, includeNonLinear: Bool = false, readAltText: Bool = false) {
            self.includeFrontMatter = includeFrontMatter
            self.includeNonLinear = includeNonLinear
            self.readAltText = readAltText
        }
    }

    static let containerPath = "META-INF/container.xml"
    static let encryptionPath = "META-INF/encryption.xml"
    /// Obfuscated fonts are not DRM: these algorithms only scramble font files.
    static let fontObfuscation: Set<String> = ["http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"]
    static let maximumCoverBytes = 16 << 20

    public var options: Options

    public init(options: Options = Options()) { self.options = options }

    /// Whether bytes look like a ZIP archive (what every EPUB is).
    public static func looksLikeEPUB(_ prefix: [UInt8]) -> Bool {
        prefix.starts(with: [0x50, 0x4B, 0x03, 0x04]) || prefix.starts(with: [0x50, 0x4B, 0x05, 0x06])
    }

    /// Reads the EPUB at `path`.
    public func read(path: String, warnings: WarningLog?) throws -> Book {
        let url = URL(fileURLWithPath: path)
        let handle = try? FileHandle(forReadingFrom: url)
        let prefix = Array((try? handle?.read(upToCount: 16)) ?? Data())
        try? handle?.close()
        try Self.checkSignature(prefix, path: path)
        return try read(EPUBArchive(url: url, bookPath: path), fallbackTitle: url.deletingPathExtension().lastPathComponent,
                        warnings: warnings)
    }

    /// Reads an EPUB held in memory (from standard input).
    public func read(data: Data, name: String, warnings: WarningLog?) throws -> Book {
        try Self.checkSignature(Array(data.prefix(16)), path: name)
        return try read(EPUBArchive(data: data, bookPath: name), fallbackTitle: "Untitled", warnings: warnings)
    }

    static func checkSignature(_ prefix: [UInt8], path: String) throws {
        if looksLikeEPUB(prefix) { return }
        let reason: String
        if prefix.isEmpty { reason = "the file is empty" }
        else if prefix.starts(with: [0xFF, 0xD8, 0xFF]) { reason = "it is a JPEG image" }
        else if prefix.starts(with: [0x89, 0x50, 0x4E, 0x47]) { reason = "it is a PNG image" }
        else if prefix.starts(with: Array("%PDF".utf8)) { reason = "it is a PDF" }
        else { reason = "it is not a ZIP archive" }
        throw EPUBError.notAnEPUB(path: path, reason: reason)
    }

    // MARK: Reading

    private func read(_ archive: EPUBArchive, fallbackTitle: String, warnings: WarningLog?) throws -> Book {
        let book = archive.bookPath
        func warn(_ message: String) { warnings?.add("\(book): \(message)") }

        if archive.paths.isEmpty { throw EPUBError.notAnEPUB(path: book, reason: "the ZIP archive is empty") }
        for path in archive.duplicatePaths { warn("\(path) is stored twice in the ZIP archive; reading the first copy") }
        let mimetype = archive.contains("mimetype") ? String(decoding: try archive.read("mimetype", limit: 1024), as: UTF8.self) : nil
        if mimetype?.trimmingCharacters(in: .whitespacesAndNewlines) != "application/epub+zip" {
            warn(mimetype == nil ? "the mimetype file is missing; reading it as an EPUB anyway"
                                 : "the mimetype file says “\(mimetype!.prefix(40))”, not application/epub+zip; reading it as an EPUB anyway")
        }
        try refuseEncrypted(archive)

        let opfPath = try packagePath(archive, warn: warn)
        guard let opfRoot = try parse(opfPath, in: archive, required: true, warn: warn) else {
            throw EPUBError.malformed(path: book, entry: opfPath, line: 1, reason: "the package document has no <package> element")
        }
        let package = try EPUBPackage(root: opfRoot, path: opfPath, bookPath: book, warn: warn)
        if package.spineWasMissing {
            warn("\(opfPath) has no <spine>; reading its documents in manifest order")
        }

        let navigation = try self.navigation(package, archive, warn: warn)
        let spine = try spineDocuments(package, archive, warn: warn)
        var documents = spine.documents
        Self.markGutenbergBoilerplate(&documents)

        let (chapters, matter) = EPUBChapters(
            documents: documents, navigation: navigation.entries, references: package.guide + navigation.landmarks,
            options: .init(includeFrontMatter: options.includeFrontMatter)
        ).chapters()
        guard !chapters.isEmpty else { throw EPUBError.nothingToRead(path: book) }

        let sample = chapters.prefix(3).flatMap(\.paragraphs).map(\.text).joined(separator: " ")
        let language = package.language.map(Self.primaryLanguageTag) ?? LanguageGuess.guess(Substring(sample)) ?? "en"
        var result = Book(
            title: package.title ?? fallbackTitle,
            author: package.authors.isEmpty ? nil : package.authors.joined(separator: ", "),
            language: language, chapters: chapters.map { chapter in
                var chapter = chapter
                chapter.title = PhonemeMarks.written(chapter.title)
                return chapter
            },
            cover: cover(package, archive, warn: warn), description: package.description.map(Self.plainText))
        result.pronunciations = try pronunciations(package, archive, warn: warn)
        result.year = package.year
        result.skipped = matter + spine.skipped
        return result
    }

    /// The table of contents: the EPUB 3 navigation document, else the EPUB 2 NCX (keeping the
    /// navigation document's landmarks).
    private func navigation(_ package: EPUBPackage, _ archive: EPUBArchive, warn: (String) -> Void) throws -> EPUBNavigation {
        var navigation = EPUBNavigation()
        if let navPath = package.navigationPath, archive.contains(navPath),
           let root = try parse(navPath, in: archive, required: false, warn: warn) {
            navigation = try EPUBNavigation.fromNavigationDocument(root, path: navPath, bookPath: archive.bookPath)
        }
        if navigation.entries.isEmpty, let ncxPath = package.ncxPath, archive.contains(ncxPath),
           let root = try parse(ncxPath, in: archive, required: false, warn: warn) {
            let landmarks = navigation.landmarks
            navigation = try EPUBNavigation.fromNCX(root, path: ncxPath, bookPath: archive.bookPath)
            navigation.landmarks = landmarks
        }
        return navigation
    }

    /// The spine's XHTML documents in reading order, each once, and what they hold that is not
    /// read (non-linear items unless asked for, notes, navigation, captions).
    private func spineDocuments(_ package: EPUBPackage, _ archive: EPUBArchive, warn: (String) -> Void) throws
        -> (documents: [EPUBChapters.Document], skipped: [SkippedText])
    {
        var documents: [EPUBChapters.Document] = []
        var skipped: [SkippedText] = []
        var seen: Set<String> = []
        for item in package.spine where item.mediaType.contains("html") {
            guard seen.insert(item.path).inserted else {
                warn("the spine lists \(item.path) more than once; reading it once")
                continue
            }
            guard archive.contains(item.path) else {
                throw EPUBError.missingEntry(path: archive.bookPath, entry: item.path, hint: "the spine lists it, so the book would be incomplete")
            }
            guard let root = try parse(item.path, in: archive, required: false, warn: warn) else { continue }
            let text = XHTMLText(root, options: .init(readAltText: options.readAltText))
            let title = text.title.map(\.collapsingWhitespace).flatMap { $0.isEmpty ? nil : $0 } ?? item.path
            guard item.linear || options.includeNonLinear else {
                skipped.add(title, words: text.blocks.reduce(0) { $0 + $1.text.wordCount }, reason: .nonLinear)
                continue
            }
            for (reason, words) in text.skippedWords.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                skipped.add(title, words: words, reason: reason)
            }
            documents.append(.init(path: item.path, text: text, isNavigation: item.path == package.navigationPath))
        }
        return (documents, skipped)
    }

    /// Project Gutenberg's header and licence wherever they sit in the reading order (before
    /// `*** START OF …`, from `*** END OF …` or "End of the Project Gutenberg EBook" on), found
    /// by the same markers as in plain text, are marked as not read.
    static func markGutenbergBoilerplate(_ documents: inout [EPUBChapters.Document]) {
        let places = documents.indices.flatMap { d in documents[d].text.blocks.indices.map { (d, $0) } }
        let body = Gutenberg.bodyRange(places.map { documents[$0.0].text.blocks[$0.1].text })
        for (offset, (d, b)) in places.enumerated() where !body.contains(offset) {
            documents[d].text.blocks[b].skipped = .licence
        }
    }

    /// The PLS lexicons in the manifest (EPUB 3 links them from content documents; every one
    /// the package carries is read). IPA phonemes and aliases are kept; other alphabets are
    /// reported and skipped.
    private func pronunciations(_ package: EPUBPackage, _ archive: EPUBArchive, warn: (String) -> Void) throws -> [Pronunciation] {
        var result: [Pronunciation] = []
        for item in package.manifestOrder where item.mediaType == "application/pls+xml" && archive.contains(item.path) {
            guard let root = try parse(item.path, in: archive, required: false, warn: warn), root.localName == "lexicon" else { continue }
            let alphabet = root.attribute("alphabet")?.lowercased() ?? "ipa"
            for lexeme in root.all("lexeme") {
                let origin = "\(item.path):\(lexeme.line)"
                let replacement: Lexicon.Replacement
                if let alias = lexeme.first("alias")?.text.collapsingWhitespace, !alias.isEmpty {
                    replacement = .text(alias)
                } else if let phoneme = lexeme.first("phoneme"), alphabet == "ipa" || phoneme.attribute("alphabet")?.lowercased() == "ipa",
                          let code = IPATranscriber.espeak(fromIPA: phoneme.text) {
                    replacement = .phonemes(code)
                } else {
                    warn("\(origin): pronunciation skipped (only IPA phonemes and aliases are read)")
                    continue
                }
                for grapheme in lexeme.all("grapheme") {
                    let word = grapheme.text.collapsingWhitespace
                    if !word.isEmpty { result.append(Pronunciation(grapheme: word, replacement: replacement)) }
                }
            }
        }
        return result
    }

    /// A description may hold escaped HTML (`&lt;p&gt;…`): keep its words only.
    static func plainText(_ text: String) -> String {
        guard text.contains("<"), let root = try? XMLTreeParser.parse(utf8: Array("<d>\(text)</d>".utf8)).root else { return text }
        return root.text
    }

    /// `en-US` stays `en-US`; a tag with odd casing or underscores is tidied.
    static func primaryLanguageTag(_ tag: String) -> String {
        tag.replacingOccurrences(of: "_", with: "-").trimmingCharacters(in: .whitespaces)
    }

    private func refuseEncrypted(_ archive: EPUBArchive) throws {
        guard archive.contains(Self.encryptionPath),
              let root = try parse(Self.encryptionPath, in: archive, required: false, warn: { _ in }) else { return }
        for data in root.descendants("EncryptedData") {
            let algorithm = data.first("EncryptionMethod")?.attribute("Algorithm") ?? ""
            guard !Self.fontObfuscation.contains(algorithm) else { continue }
            for reference in data.descendants("CipherReference") {
                let uri = reference.attribute("URI") ?? ""
                let lower = uri.lowercased()
                if [".ttf", ".otf", ".woff", ".woff2"].contains(where: lower.hasSuffix) { continue }
                throw EPUBError.encrypted(path: archive.bookPath, entry: uri.removingPercentEncoding ?? uri)
            }
        }
    }

    /// The OPF named by container.xml; without a container, the only `.opf` in the archive.
    private func packagePath(_ archive: EPUBArchive, warn: (String) -> Void) throws -> String {
        let candidates = archive.paths.filter { $0.lowercased().hasSuffix(".opf") }
        guard archive.contains(Self.containerPath) else {
            guard let only = candidates.first else {
                throw EPUBError.missingEntry(path: archive.bookPath, entry: Self.containerPath,
                                             hint: "and no package (.opf) file was found either")
            }
            warn("\(Self.containerPath) is missing; using \(only), the package file in the archive")
            return only
        }
        let root = try parse(Self.containerPath, in: archive, required: true, warn: warn)
        let rootfiles = root?.descendants("rootfile") ?? []
        let chosen = rootfiles.first { $0.attribute("media-type") == "application/oebps-package+xml" } ?? rootfiles.first
        guard let fullPath = chosen?.attribute("full-path"), !fullPath.isEmpty else {
            throw EPUBError.malformed(path: archive.bookPath, entry: Self.containerPath, line: root?.line ?? 1,
                                      reason: "no <rootfile> names the package document")
        }
        let path = try EPUBArchive.resolve(fullPath, relativeTo: "", bookPath: archive.bookPath).path
        guard archive.contains(path) else {
            let hint = candidates.isEmpty ? "" : "the archive has \(candidates.joined(separator: ", ")), so container.xml is wrong"
            throw EPUBError.missingEntry(path: archive.bookPath, entry: path, hint: "\(Self.containerPath) names it; " + hint)
        }
        return path
    }

    /// Parses one file of the archive. Markup problems become one warning per file (or, for a
    /// required file with no usable root, an error).
    private func parse(_ path: String, in archive: EPUBArchive, required: Bool, warn: (String) -> Void) throws -> MarkupElement? {
        let decoded = MarkupDecoding.decode(try archive.read(path))
        let parsed: (root: MarkupElement?, problems: [XMLProblem])
        do {
            parsed = try XMLTreeParser.parse(utf8: decoded.utf8)
        } catch let error as XMLTreeParser.TooDeep {
            throw EPUBError.malformed(path: archive.bookPath, entry: path, line: error.line,
                                      reason: "elements are nested more than \(XMLTreeParser.maximumDepth) deep")
        }
        if let problem = decoded.problem { warn("\(path): \(problem)") }
        if let first = parsed.problems.first {
            let more = parsed.problems.count > 1 ? " (and \(parsed.problems.count - 1) more)" : ""
            warn("\(path) line \(first.line): not well-formed: \(first.message)\(more); read as well as possible")
        }
        if parsed.root == nil && required {
            throw EPUBError.malformed(path: archive.bookPath, entry: path, line: 1, reason: "it has no XML content")
        }
        return parsed.root
    }

    private func cover(_ package: EPUBPackage, _ archive: EPUBArchive, warn: (String) -> Void) -> CoverImage? {
        guard let item = package.coverImage, archive.contains(item.path) else { return nil }
        guard let bytes = try? archive.read(item.path, limit: Self.maximumCoverBytes) else {
            warn("the cover image \(item.path) cannot be read; the tags will have no cover")
            return nil
        }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return CoverImage(bytes: bytes, mimeType: "image/jpeg") }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return CoverImage(bytes: bytes, mimeType: "image/png") }
        warn("the cover image \(item.path) is neither JPEG nor PNG; the tags will have no cover")
        return nil
    }
}
