import Foundation
import Testing
@testable import NarrateCore

/// `Manifest.decode` reads a chapter at a time to keep a re-run's memory low; it must read what
/// `JSONDecoder` reads from the whole document, whatever the layout.
@Suite(.tags(.small)) struct ManifestLoadingTests {
    @Test(arguments: [0, 1, 3])
    func chapterByChapterEqualsTheWholeDecoding(chapters: Int) throws {
        let manifest = ManifestStreamingTests.manifest(chapters: chapters)
        let pretty = try manifest.encoded()
        let compact = try JSONEncoder().encode(manifest)
        for data in [pretty, compact] {
            #expect(Manifest.decode(data) == manifest)
            #expect(Manifest.decode(data) == (try JSONDecoder().decode(Manifest.self, from: data)))
        }
        let list = try #require(JSONArrayScanner.elements(ofTopLevelKey: "chapters", in: pretty))
        #expect(list.elements.count == chapters)
    }

    @Test func findsOnlyTheTopLevelArrayAndSkipsStrings() throws {
        let text = #"{"a": {"chapters": [9]}, "t": "\"chapters\": [1, 2]", "chapters" : [ {"x": "]}[{,"}, [1, [2]] , "s\"", 3 ], "z": []}"#
        let list = try #require(JSONArrayScanner.elements(ofTopLevelKey: "chapters", in: Data(text.utf8)))
        let elements = list.elements.map { String(decoding: Data(text.utf8)[$0], as: UTF8.self) }
        #expect(elements == [#"{"x": "]}[{,"}"#, "[1, [2]]", #""s\"""#, "3"])
        let bytes = Array(text.utf8)
        #expect(String(decoding: bytes[list.open..<list.end], as: UTF8.self) == #"[ {"x": "]}[{,"}, [1, [2]] , "s\"", 3 ]"#)
    }

    @Test func noListOrACutDocumentFallsBackOrFails() {
        #expect(JSONArrayScanner.elements(ofTopLevelKey: "chapters", in: Data(#"{"chapters": 3}"#.utf8)) == nil)
        #expect(JSONArrayScanner.elements(ofTopLevelKey: "chapters", in: Data(#"{"chapters": [{"a": 1}"#.utf8)) == nil)
        #expect(Manifest.decode(Data(#"{"chapters": [{"a": 1}]}"#.utf8)) == nil)
        #expect(Manifest.decode(Data("not json".utf8)) == nil)
    }
}
