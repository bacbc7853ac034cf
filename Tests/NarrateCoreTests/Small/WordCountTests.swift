import Testing
@testable import NarrateCore

/// `wordCount` tests ASCII letters by value before asking Unicode's properties.
@Suite(.tags(.small)) struct WordCountTests {
    @Test func everyASCIICharacterCountsAsUnicodeSaysIt() {
        for value in 0..<128 {
            let scalar = Unicode.Scalar(UInt8(value))
            let isWord = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
            #expect(" \(Character(scalar)) ".wordCount == (isWord ? 1 : 0), "U+\(String(value, radix: 16))")
        }
    }

    @Test(arguments: [("It's a well-known fact, 1813.", 5), ("Grüße aus Köln — «Été» 42", 5), ("... — !", 0), ("naïve café", 2)])
    func words(text: String, count: Int) {
        #expect(text.wordCount == count)
    }
}
