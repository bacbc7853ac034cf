import Foundation
import Testing
@testable import NarrateCore

@Suite(.tags(.small)) struct TextDecodingTests {
    @Test func utf8WithAndWithoutBOM() throws {
        #expect(try TextDecoding.decode(Array("Grüße".utf8), name: "x").text == "Grüße")
        let bom = try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("Grüße".utf8), name: "x")
        #expect(bom.text == "Grüße")
        #expect(bom.warning == nil)
    }

    @Test func utf16WithBOMBothByteOrders() throws {
        let le: [UInt8] = [0xFF, 0xFE] + "Hé!".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + "Hé!".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try TextDecoding.decode(le, name: "x").text == "Hé!")
        #expect(try TextDecoding.decode(be, name: "x").text == "Hé!")
    }

    @Test func invalidUTF8IsReadAsWindows1252WithAWarning() throws {
        let bytes: [UInt8] = Array("caf".utf8) + [0xE9, 0x20, 0x93, 0x71, 0x94, 0x20, 0x80]
        let result = try TextDecoding.decode(bytes, name: "old.txt")
        #expect(result.text == "café “q” €")
        #expect(result.warning?.contains("old.txt") == true)
        #expect(result.warning?.contains("Windows-1252") == true)
    }

    @Test func crlfAndCRBecomeLF() throws {
        #expect(try TextDecoding.decode(Array("a\r\nb\rc\n".utf8), name: "x").text == "a\nb\nc\n")
    }

    @Test func emptyFileIsAnError() {
        #expect(throws: ManuscriptError.empty(path: "e.txt")) { try TextDecoding.decode([], name: "e.txt") }
    }

    @Test func binaryFilesAreRefused() throws {
        for bytes: [UInt8] in [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A], [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], [0x41, 0, 0x42, 0x43]] {
            #expect(throws: ManuscriptError.self) { try TextDecoding.decode(bytes, name: "b") }
        }
        #expect(TextDecoding.binaryKind(Array("PK\u{3}\u{4}rest".utf8))?.contains("ZIP") == true)
    }
}

@Suite(.tags(.small)) struct SHA256Tests {
    @Test func standardTestVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func incrementalUpdatesMatchOneShot() {
        var hasher = SHA256()
        for chunk in ["The quick brown fox ", "jumps over ", "the lazy dog"] { hasher.update(chunk) }
        #expect(hasher.hexDigest() == "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592")
        let long = String(repeating: "a", count: 1000)
        #expect(SHA256.hex(long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
