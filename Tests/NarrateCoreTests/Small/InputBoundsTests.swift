import Foundation
import Testing
@testable import NarrateCore

/// Every manuscript reader is bounded, and what is plainly not text ends the read at once.
@Suite(.tags(.small)) struct InputBoundsTests {
    /// Writes `bytes` into a pipe from another thread and reads it back with `readAll`.
    func readThroughPipe(_ bytes: [UInt8], limit: Int) throws -> [UInt8] {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let writer = Thread {
            bytes.withUnsafeBytes { _ = AtomicFile.writeAll(writeEnd, $0) }
            close(writeEnd)
        }
        writer.start()
        defer {
            close(readEnd)  // a writer still blocked on a full pipe gets EPIPE and ends
            while !writer.isFinished { usleep(1000) }
        }
        return try ManuscriptSource.readAll(descriptor: readEnd, name: "pipe", limit: limit)
    }

    @Test func aStreamWithinTheLimitIsReadWhole() throws {
        let text = Array(String(repeating: "A sentence of a book.\n", count: 5000).utf8)
        #expect(try readThroughPipe(text, limit: text.count) == text)
    }

    @Test func aStreamPastTheLimitIsRefusedNamingIt() throws {
        signal(SIGPIPE, SIG_IGN)
        let text = Array(String(repeating: "A sentence of a book.\n", count: 5000).utf8)
        #expect(throws: ManuscriptError.tooLarge(path: "pipe", limit: 4096)) { try readThroughPipe(text, limit: 4096) }
        #expect(ManuscriptError.tooLarge(path: "pipe", limit: ManuscriptSource.maximumBytes).description
            == "pipe: more than 512 MiB, too large for a manuscript; give one book's text (split a larger one into volumes)")
        #expect(ManuscriptError.tooLarge(path: "pipe", limit: 1).exitStatus == .dataError)
    }

    @Test func zerosAreRefusedAfterTheFirstChunkNotAtTheLimit() throws {
        signal(SIGPIPE, SIG_IGN)
        #expect(throws: ManuscriptError.binary(path: "pipe", kind: "a binary file")) {
            try readThroughPipe([UInt8](repeating: 0, count: 1 << 20), limit: 1 << 30)
        }
    }
}
