import Foundation
import Testing
@testable import NarrateCore

/// Issue #14, "never destroy what is not ours": hostile output paths, inputs, signals and
/// usage mistakes, each run through the built binary.
@Suite struct HostileOutputTests {
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
}
