import Foundation
import Testing
@testable import NarrateCore

/// Issue #14, "never destroy what is not ours": hostile output paths, inputs, signals and
/// usage mistakes, each run through the built binary.
@Suite(.tags(.large)) struct HostileOutputTests {
    static let book = "Chapter 1\n\nIt was a dark and stormy night. The rain fell.\n\nChapter 2\n\nThe morning was bright.\n"

    /// A temporary folder holding `book.txt`.
    func folderWithBook(_ text: String = book) throws -> URL {
        let dir = try TestSupport.temporaryDirectory()
        try text.write(to: dir.appendingPathComponent("book.txt"), atomically: true, encoding: .utf8)
        return dir
    }

    func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }

    // MARK: usage mistakes (exit 64, one line)

    @Test func sayWithEmptyTextIsAUsageErrorNotABug() throws {
        for text in ["", "   "] {
            let result = try TestSupport.narrate(["say", text, "-o", "-"])
            #expect(result.status == 64)
            #expect(result.stderr.contains("nothing to say"))
            #expect(!result.stderr.contains("internal error"))
            #expect(lines(result.stderr).count == 1, "\(result.stderr)")
        }
    }

    @Test func emptyOutputPathIsRefusedAndWritesNothing() throws {
        let dir = try folderWithBook()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try TestSupport.narrate(["render", "book.txt", "-o", "", "--no-cache"], cwd: dir)
        #expect(result.status == 64)
        #expect(result.stderr.contains("-o is empty"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["book.txt"])
        let say = try TestSupport.narrate(["say", "hello", "-o", ""], cwd: dir)
        #expect(say.status == 64)
        #expect(say.stderr.contains("-o is empty"))
    }

    @Test func negativeJobsSaysTheRangeInOneLine() throws {
        let result = try TestSupport.narrate(["render", "book.txt", "--jobs", "-1"])
        #expect(result.status == 64)
        #expect(result.stderr == "narrate: error: --jobs must be 1–256 (got -1)\n")
    }

    @Test func parserErrorsAreOneLine() throws {
        let result = try TestSupport.narrate(["say", "hello", "--bitrate", "320"])
        #expect(result.status == 64)
        #expect(lines(result.stderr).count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("narrate: error: Unknown option '--bitrate'"))
        let help = try TestSupport.narrate(["say", "--help"])
        #expect(help.status == 0)
        #expect(help.stdoutText.contains("USAGE"))
    }

    // MARK: devices, FIFOs and links as outputs (#14 item 1)

    func fileType(_ url: URL) -> mode_t {
        var info = stat()
        return lstat(url.path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    /// A character device node in `dir` (root only): 1,3 is /dev/null's, 1,7 /dev/full's.
    func makeNode(_ dir: URL, _ name: String, minor: Int) throws -> URL {
        let url = dir.appendingPathComponent(name)
        let result = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/mknod"), [url.path, "c", "1", String(minor)])
        try #require(result.status == 0, "mknod: \(result.stderr)")
        return url
    }

    /// Reads everything written into a new FIFO at `url` while `body` runs.
    func readingFIFO(_ url: URL, while body: () throws -> Void) throws -> Data {
        try #require(mkfifo(url.path, 0o644) == 0)
        nonisolated(unsafe) var received = Data()
        let reader = Thread { received = FileHandle(forReadingAtPath: url.path)?.readDataToEndOfFile() ?? Data() }
        reader.start()
        try body()
        // If narrate never opened the FIFO, open it once so the reader sees the end and the test ends.
        let unblock = open(url.path, O_WRONLY | O_NONBLOCK)
        if unblock >= 0 { close(unblock) }
        while !reader.isFinished { usleep(1000) }
        return received
    }

    @Test(.enabled(if: getuid() == 0, "mknod needs root"))
    func singleFileIntoADeviceWritesIntoItAndKeepsIt() throws {
        let dir = try folderWithBook()
        defer { try? FileManager.default.removeItem(at: dir) }
        let node = try makeNode(dir, "null", minor: 3)
        for target in [node.path, "/dev/null"] {
            let result = try TestSupport.narrate(["render", dir.appendingPathComponent("book.txt").path, "--single-file", "-o", target, "--no-cache", "-q"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(fileType(URL(fileURLWithPath: target)) == S_IFCHR)
        }
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["book.txt", "null"])
        let say = try TestSupport.narrate(["say", "Hello there.", "-o", node.path])
        #expect(say.status == 0, "\(say.stderr)")
        #expect(fileType(node) == S_IFCHR)
    }

    @Test(.enabled(if: getuid() == 0, "mknod needs root"))
    func aFullDiskIsAnIOErrorNotAPermissionProblem() throws {
        let dir = try folderWithBook()
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = try makeNode(dir, "full", minor: 7)
        for arguments in [["render", dir.appendingPathComponent("book.txt").path, "--single-file", "-o", full.path, "--no-cache", "-q"],
                          ["say", "Hello there.", "-o", full.path, "--format", "mp3"],
                          ["say", "Hello there.", "-o", full.path]] {
            let result = try TestSupport.narrate(arguments)
            #expect(result.status == 74, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("\(full.path): the disk is full"))
            #expect(!result.stderr.contains("permissions"))
            #expect(fileType(full) == S_IFCHR)
        }
    }

    @Test func singleFileIntoAFIFOStreamsADecodableMP3() throws {
        let dir = try folderWithBook()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("book.mp3")
        var status: Int32 = -1
        let bytes = try readingFIFO(fifo) {
            status = try TestSupport.narrate(
                ["render", dir.appendingPathComponent("book.txt").path, "--single-file", "-o", fifo.path, "--no-cache", "-q"]).status
        }
        #expect(status == 0)
        #expect(fileType(fifo) == S_IFIFO)
        #expect(bytes.starts(with: Array("ID3".utf8)))
        let copy = dir.appendingPathComponent("copy.mp3")
        try bytes.write(to: copy)
        #expect(try TestSupport.ffprobe(copy).duration > 2)
    }

    @Test func sayIntoAFIFOStreamsWAV() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("line.wav")
        var status: Int32 = -1
        let bytes = try readingFIFO(fifo) { status = try TestSupport.narrate(["say", "Hello there.", "-o", fifo.path]).status }
        #expect(status == 0)
        #expect(fileType(fifo) == S_IFIFO)
        #expect(bytes.starts(with: Array("RIFF".utf8)))
        #expect(bytes.count > 10_000)
    }

    @Test func aSymlinkIsFollowedNotReplaced() throws {
        let dir = try folderWithBook()
        defer { try? FileManager.default.removeItem(at: dir) }
        let real = dir.appendingPathComponent("real.mp3"), link = dir.appendingPathComponent("link.mp3")
        try Data("not audio".utf8).write(to: real)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "real.mp3")
        let result = try TestSupport.narrate(["render", dir.appendingPathComponent("book.txt").path, "--single-file", "-o", link.path, "--no-cache", "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(fileType(link) == S_IFLNK)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "real.mp3")
        #expect(try TestSupport.ffprobe(real).duration > 2)
        // A link to nothing is refused, not replaced.
        let dangling = dir.appendingPathComponent("dangling.wav")
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: "missing.wav")
        let say = try TestSupport.narrate(["say", "Hello.", "-o", dangling.path])
        #expect(say.status == 73)
        #expect(say.stderr.contains("symbolic link to a missing file"))
        #expect(fileType(dangling) == S_IFLNK)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("missing.wav").path))
    }

    @Test func aDeviceAsTheOutputFolderIsRefused() throws {
        let dir = try folderWithBook()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try TestSupport.narrate(["render", dir.appendingPathComponent("book.txt").path, "-o", "/dev/null", "--no-cache"])
        #expect(result.status == 73)
        #expect(result.stderr.contains("not a folder; to write one MP3 there add --single-file"))
    }

    // MARK: names (#14 item 14)

    @Test func longNonLatinChapterTitlesRender() throws {
        let cjk = String(repeating: "漢", count: 80), emoji = String(repeating: "😀", count: 80)
        let dir = try folderWithBook("# \(cjk)\n\nHello there.\n\n# \(emoji)\n\nGoodbye now.\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let result = try TestSupport.narrate(["render", dir.appendingPathComponent("book.txt").path, "-o", out.path,
                                              "--no-cache", "--captions", "vtt", "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try TestSupport.manifest(in: out)
        #expect(manifest.chapters.map(\.title) == [cjk, emoji])
        for chapter in manifest.chapters {
            #expect(chapter.file.utf8.count <= 235)
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(chapter.file).path))
        }
    }

    // MARK: signals (#14 item 17)

    /// An ssh session that drops (SIGHUP) or Ctrl-\\ (SIGQUIT) is handled like Ctrl-C: partial
    /// files removed, the cache batch committed, exit 128 + the signal.
    @Test(arguments: [(SIGHUP, Int32(129)), (SIGQUIT, Int32(131))])
    func hangupAndQuitCleanUpLikeInterrupt(signal: Int32, status: Int32) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (out, cache) = (dir.appendingPathComponent("out"), dir.appendingPathComponent("c.sqlite"))
        try TestSupport.aliceOpening().write(to: dir.appendingPathComponent("alice.txt"), atomically: true, encoding: .utf8)
        let process = try TestSupport.start(["render", dir.appendingPathComponent("alice.txt").path, "-o", out.path,
                                             "--cache", cache.path, "--jobs", "1", "-q"], logs: dir)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning,
              !((try? FileManager.default.contentsOfDirectory(atPath: out.path))?.contains { $0.hasSuffix(".partial") } ?? false) {
            usleep(20_000)
        }
        usleep(300_000)
        try #require(process.isRunning)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == status)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        #expect(!left.contains { $0.hasSuffix(".partial") })
        let stored = try SQLiteDatabase(path: cache.path, readOnly: true).query("SELECT COUNT(*) FROM segments")[0][0].integer
        #expect(stored > 0)
        #expect(try TestSupport.processesMentioning(out.path).isEmpty, "a synthesis worker outlived narrate")
    }

    // MARK: the book as a stream, a device or nothing (#14 items 9, 13, 19)

    @Test func aFIFOIsReadAsAStream() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("book.txt")
        try #require(mkfifo(fifo.path, 0o644) == 0)
        let writer = Thread { try? Data(Self.book.utf8).write(to: fifo) }
        writer.start()
        let result = try TestSupport.narrate(["plan", fifo.path, "--json"])
        while !writer.isFinished { usleep(1000) }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.contains("The morning was bright."))
        // Standard input named as a file is a stream too.
        let stdin = try TestSupport.narrate(["plan", "/dev/stdin", "--json"], stdin: Data(Self.book.utf8))
        #expect(stdin.status == 0, "\(stdin.stderr)")
        #expect(stdin.stdoutText.contains("The morning was bright."))
    }

    @Test func emptyAndEndlessDevicesSayWhatTheyAre() throws {
        let empty = try TestSupport.narrate(["plan", "/dev/null"])
        #expect(empty.status == 65)
        #expect(empty.stderr == "narrate: error: /dev/null: the manuscript is empty; give a text file with at least one sentence\n")
        guard getuid() == 0 else { return }  // a /dev/zero of our own needs mknod
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let zero = try makeNode(dir, "zero", minor: 5)
        let result = try TestSupport.narrate(["plan", zero.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("zero: this is a binary file, not a text manuscript"))
        #expect(!result.stderr.contains("permission"))
        let process = Process()
        process.executableURL = TestSupport.narrate
        process.arguments = ["plan", "-"]
        process.standardInput = FileHandle(forReadingAtPath: zero.path)
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 65)
    }

    // MARK: books whose folder names collide (#14 item 4)

    @Test func twoBooksWhoseFolderNamesCollideKeepTheirOwnFolders() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.book.write(to: dir.appendingPathComponent("one.txt"), atomically: true, encoding: .utf8)
        try "Part A\n\nSomething else entirely.\n".write(to: dir.appendingPathComponent("two.txt"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("library")
        func render(_ file: String, _ title: String, _ extra: [String] = []) throws -> TestSupport.Result {
            try TestSupport.narrate(["render", dir.appendingPathComponent(file).path, "--title", title, "--author", "Ann",
                                     "--layout", "audiobookshelf", "-o", out.path, "--no-cache", "-q", "--json"] + extra)
        }
        #expect(try render("one.txt", "Foo: Bar").status == 0)
        let first = out.appendingPathComponent("Ann/Foo Bar")
        let firstFiles = Set(try FileManager.default.contentsOfDirectory(atPath: first.path))
        #expect(try render("two.txt", "Foo/ Bar").status == 0)
        // The first book's folder is as it was; the second has a folder of its own.
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: first.path)) == firstFiles)
        #expect(try TestSupport.manifest(in: first).title == "Foo: Bar")
        #expect(try TestSupport.manifest(in: out.appendingPathComponent("Ann/Foo Bar (2)")).title == "Foo/ Bar")
        // Each finds its own folder again: nothing is re-encoded.
        let again = try render("one.txt", "Foo: Bar")
        #expect(try TestSupport.report(again.stdout).chapters.reused == 2)
        #expect(try TestSupport.report(try render("two.txt", "Foo/ Bar").stdout).chapters.reused == 1)

        // A folder the user named that holds another book is refused, its files untouched.
        let flat = dir.appendingPathComponent("flat")
        #expect(try TestSupport.narrate(["render", dir.appendingPathComponent("one.txt").path, "-o", flat.path, "--no-cache", "-q"]).status == 0)
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: flat.path))
        let refused = try TestSupport.narrate(["render", dir.appendingPathComponent("two.txt").path, "-o", flat.path, "--no-cache", "-q"])
        #expect(refused.status == 73)
        #expect(refused.stderr.contains("this folder holds another book, \"one\""))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: flat.path)) == before)
    }

    // MARK: plan output on a terminal (#14 item 21)

    @Test func planEscapesControlCharactersFromTheBook() throws {
        let dir = try folderWithBook("# Red\u{1B}[31m alert\u{9B}2J\n\nIt was \u{202E}dark.\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("book.txt").path
        let result = try TestSupport.narrate(["plan", book, "--title", "Title\u{1B}]0;pwned\u{07}", "--segments"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdoutText.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
        #expect(!result.stdoutText.contains("\u{202E}"))
        #expect(result.stdoutText.hasPrefix("Title\\u{1B}]0;pwned\\u{7}"))
        #expect(result.stdoutText.contains("\\u{202E}"))
        // JSON keeps the text as it is (escaped by the encoder).
        let json = try TestSupport.narrate(["plan", book, "--title", "Title\u{1B}x", "--json"])
        let document = try JSONDecoder().decode(PlanDocument.self, from: json.stdout)
        #expect(document.title == "Title\u{1B}x")
    }

    // MARK: memory (#14 item 22)

    /// One chapter, `sentences` sentences long, in plain words.
    static func longChapter(sentences: Int) -> String {
        let words = ["the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog", "while", "rain", "falls"]
        let body = (0..<sentences).map { n in
            (0..<12).map { words[(n * 7 + $0 * 5) % words.count] }.joined(separator: " ").capitalized + "."
        }
        return "Chapter 1\n\n" + body.joined(separator: "\n\n") + "\n"
    }

    /// Without a cache, a normalised chapter's audio used to be kept whole between the measuring
    /// and the writing pass: peak memory grew with the chapter (a 50 MB book: gigabytes). Now a
    /// chapter four times as long (13 minutes against 3) peaks within a quarter of the short one.
    @Test func peakMemoryDoesNotGrowWithTheChapter() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var peaks: [Int] = []
        for sentences in [50, 200] {
            let book = dir.appendingPathComponent("book\(sentences).txt")
            try Self.longChapter(sentences: sentences).write(to: book, atomically: true, encoding: .utf8)
            let result = try TestSupport.narrate(["render", book.path, "-o", dir.appendingPathComponent("out\(sentences)").path,
                                                  "--format", "wav", "--no-cache", "--jobs", "2", "--json", "-q"])
            #expect(result.status == 0, "\(result.stderr)")
            let report = try TestSupport.report(result.stdout)
            #expect(report.segments.synthesized == sentences + 1)
            peaks.append(report.peakRSSBytes)
        }
        let ratio = Double(peaks[1]) / Double(peaks[0])
        #expect(ratio < 1.25, "peak RSS \(peaks[0] >> 20) MB → \(peaks[1] >> 20) MB")
    }
}
