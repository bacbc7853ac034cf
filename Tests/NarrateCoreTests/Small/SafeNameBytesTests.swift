import Testing
@testable import NarrateCore

/// File systems limit a name to 255 bytes, not characters: names are cut by UTF-8 bytes, between
/// characters, with room for the temporary name's `.NAME.PID.partial`.
@Suite(.tags(.small)) struct SafeNameBytesTests {
    static let titles = [
        String(repeating: "漢", count: 80),
        String(repeating: "😀", count: 80),
        String(repeating: "👨‍👩‍👧‍👦", count: 40),  // 25 bytes each, one character
        String(repeating: "e\u{301}", count: 200),
        String(repeating: "ж", count: 120),
    ]

    @Test(arguments: titles)
    func longNonLatinTitlesFitWithTheirTemporaryName(title: String) {
        for ext in ["mp3", "flac"] {
            let name = OutputLayout.chapterFileName(index: 12_345, of: 99_999, title: title, extension: ext)
            let temporary = ".\(name).4194304.partial"
            #expect(temporary.utf8.count <= 255, "\(temporary.utf8.count) bytes")
            #expect(CaptionFormat.vtt.fileName(forAudio: name).utf8.count + 20 <= 255)
            // Cut between characters: what is kept is a prefix of the title, character for character.
            let kept = name.dropFirst("12345 - ".count).dropLast(ext.count + 1)
            #expect(title.hasPrefix(kept))
            #expect(!kept.isEmpty)
        }
    }

    @Test func folderNamesAreCutByBytesToo() {
        let name = OutputLayout.safeName(String(repeating: "漢", count: 120))
        #expect(name.utf8.count <= 200)
        #expect(name == String(repeating: "漢", count: 66))
        #expect(OutputLayout.safeName(String(repeating: "x", count: 100)).count == 100)
    }
}
