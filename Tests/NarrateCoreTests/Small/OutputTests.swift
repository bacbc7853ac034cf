import Testing
@testable import NarrateCore

@Suite(.tags(.small)) struct OutputNamingTests {
    @Test func chapterFileNamesAreSafeAndPadded() {
        #expect(OutputLayout.chapterFileName(index: 3, of: 12, title: "Chapter 3: The End?") == "03 - Chapter 3 The End.mp3")
        #expect(OutputLayout.chapterFileName(index: 7, of: 135, title: "A/B\\C") == "007 - A B C.mp3")
        #expect(OutputLayout.safeName("...hidden") == "hidden")
        #expect(OutputLayout.safeName("  ") == "Untitled")
        #expect(OutputLayout.safeName(String(repeating: "x", count: 300), limit: 80).count == 80)
    }
}

@Suite(.tags(.small)) struct ID3TagTests {
    @Test func tagHasHeaderSynchsafeSizeAndUTF16Frames() {
        let tag = ID3Tag(frames: [.text(id: "TIT2", value: "Grüße")])
        let bytes = tag.bytes()
        #expect(Array(bytes[0..<5]) == [0x49, 0x44, 0x33, 3, 0])
        let size = Int(bytes[6]) << 21 | Int(bytes[7]) << 14 | Int(bytes[8]) << 7 | Int(bytes[9])
        #expect(size == bytes.count - 10)
        #expect(Array(bytes[10..<14]) == Array("TIT2".utf8))
        let frameSize = Int(bytes[14]) << 24 | Int(bytes[15]) << 16 | Int(bytes[16]) << 8 | Int(bytes[17])
        #expect(frameSize == 1 + 2 + 2 * 5)
        #expect(Array(bytes[20..<23]) == [0x01, 0xFF, 0xFE])
    }

    @Test func synchsafeUsesSevenBitsPerByte() {
        #expect(ID3Tag.synchsafe(0x7F) == [0, 0, 0, 0x7F])
        #expect(ID3Tag.synchsafe(0x80) == [0, 0, 1, 0])
        #expect(ID3Tag.synchsafe(0x0FFF_FFFF) == [0x7F, 0x7F, 0x7F, 0x7F])
    }
}

@Suite(.tags(.small)) struct SilenceTrimmerTests {
    @Test func keepsTheAudiblePartWithAMargin() {
        let samples = [Int16](repeating: 0, count: 1000) + [Int16](repeating: 5000, count: 100) + [Int16](repeating: 10, count: 1000)
        let trimmer = SilenceTrimmer(threshold: 100, margin: 50)
        #expect(trimmer.audibleRange(samples) == 950..<1150)
        #expect(trimmer.audibleRange([Int16](repeating: 3, count: 500)).isEmpty)
    }
}
