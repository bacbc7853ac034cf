import Foundation

extension Manifest {
    /// Writes the manifest atomically, byte for byte as `encoded()` would, one chapter at a time.
    ///
    /// A novel's manifest holds every word's timing (14 MB of JSON for Pride and Prejudice);
    /// `JSONEncoder` builds the whole document in memory first, which took a render's peak
    /// memory from 70 MB to 140 MB at its very end. Encoding chapter by chapter keeps only one
    /// chapter's document in memory at a time.
    func write(to url: URL) throws {
        let file = try AtomicFile(destination: url)
        do {
            try encodedPieces { try file.write($0) }
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }

    /// The pieces `write(to:)` writes: the document without its chapters, split where they go,
    /// and each chapter encoded alone and indented to its depth (two levels of two spaces).
    func encodedPieces(_ emit: (Data) throws -> Void) throws {
        var outline = self
        outline.chapters = []
        let skeleton = try Self.encoder.encode(outline)
        let marker = Data("\"chapters\" : [".utf8)
        guard let range = skeleton.range(of: marker),
              let close = skeleton[range.upperBound...].firstIndex(of: UInt8(ascii: "]")) else {
            throw InternalError("the manifest's chapter list was not found in its encoding")
        }
        guard !chapters.isEmpty else { return try emit(skeleton) }
        try emit(skeleton[..<range.upperBound] + Data("\n".utf8))
        let encoder = Self.encoder
        for (offset, chapter) in chapters.enumerated() {
            var piece = Data()
            for line in try encoder.encode(chapter).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                // An empty list is "[", a blank line, "]": the blank line stays blank.
                if !line.isEmpty { piece.append(contentsOf: "    ".utf8) }
                piece.append(contentsOf: line)
                piece.append(UInt8(ascii: "\n"))
            }
            if offset < chapters.count - 1 { piece.insert(UInt8(ascii: ","), at: piece.count - 1) }
            try emit(piece)
        }
        try emit(Data("  ".utf8) + skeleton[close...])
    }
}
