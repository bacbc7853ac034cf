import Foundation
import Testing
@testable import NarrateCore

/// Piper's side of narrate without the runtime: espeak-ng clauses to phoneme codepoints, the
/// patched model's metadata, the cast file's `engine:` and the cache keys of Piper voices.
@Suite(.tags(.small)) struct PiperPhonemesTests {
    static let known: [String: Int] = Dictionary(
        uniqueKeysWithValues: ["_", "^", "$", " ", ",", ".", "?", "!", "h", "ə", "l", "ˈ", "o", "ʊ", "w", "ɜ", "ː", "d", "ɪ", "z", "t"]
            .enumerated().map { ($0.element, $0.offset) })

    static func text(_ sentences: [[Int32]]) -> [String] {
        sentences.map { String(String.UnicodeScalarView($0.compactMap { Unicode.Scalar(UInt32($0)) })) }
    }

    @Test func theClauseTerminatorIsFoundPastQuotesAndTheCharacterReadAhead() {
        #expect(PiperPhonemes.terminator(of: "Good evening, s") == ",")
        #expect(PiperPhonemes.terminator(of: "“Yes,” s") == ",")
        #expect(PiperPhonemes.terminator(of: "He asked? “") == "?")
        #expect(PiperPhonemes.terminator(of: "It ended…") == ".")
        #expect(PiperPhonemes.terminator(of: "no punctuation") == nil)
        #expect(PiperPhonemes.terminator(of: "Stop!") == "!")
    }

    @Test func clausesBecomeSentencesOfKnownCodepointsLikePiper() {
        let clauses = [(source: "Hello, w", ipa: "həlˈoʊ"), (source: "world. I", ipa: "wˈɜːld"), (source: "Is it?", ipa: "(fr)ɪz(en) ɪt")]
        let sentences = PiperPhonemes.sentences(clauses, known: Self.known)
        #expect(Self.text(sentences) == ["həlˈoʊ, wˈɜːld.", "ɪz ɪt?"])
        // Unknown symbols (here ʒ and the stress mark's absence from a map) are dropped, as Piper drops them.
        #expect(Self.text(PiperPhonemes.sentences([(source: "x", ipa: "ʒhə")], known: Self.known)) == ["hə"])
        #expect(PiperPhonemes.sentences([(source: "…", ipa: "")], known: Self.known).isEmpty)
    }

    @Test func aDamagedModelIsRefusedBeforeONNXRuntimeSeesIt() throws {
        let graph: [UInt8] = [0x3A, 0x02, 0x0A, 0x00]  // field 7 (graph), 2 bytes
        try PiperModelStore.checkModel([0x08, 0x07] + graph, path: "ok.onnx")
        for bytes: [UInt8] in [Array("garbage\n".utf8), [0x08, 0x07] + graph.dropLast(), [0x08, 0x07], []] {
            #expect(throws: SynthesisError.self) { try PiperModelStore.checkModel(bytes, path: "bad.onnx") }
        }
        #expect(throws: SynthesisError.brokenPiperVoice(path: "bad.onnx", reason: "not a complete ONNX model (damaged or cut short)")) {
            try PiperModelStore.checkModel(Array("garbage\n".utf8), path: "bad.onnx")
        }
    }

    @Test func theMetadataIsSherpaOnnxsKeysAsModelProtoFields() {
        let voice = PiperVoice(name: "x", path: "/x.onnx", language: "en_US", quality: "medium", sampleRate: 22050, speakers: 1,
                               espeakVoice: "en-us", source: "path", phonemeIDs: [:])
        let bytes = PiperModelStore.metadata(for: voice)
        #expect(bytes.first == 0x72)  // field 14, length-delimited
        let text = String(decoding: bytes, as: UTF8.self)
        for part in ["model_type", "vits", "comment", "piper", "sample_rate", "22050", "en-us"] { #expect(text.contains(part)) }
        #expect(PiperModelStore.tokens(["_": 0, " ": 3, "a": 14]) == "_ 0\n  3\na 14\n")
    }

    @Test func aCastRoleNamesItsEngine() throws {
        let cast = try CastFile.parse("narrator:\n  engine: piper\n  voice: en_US-joe-medium\ncharacters:\n  eli:\n    engine: espeak-ng\n    voice: en-gb\n", file: "c.yaml")
        #expect(cast.narrator?.engine == "piper")
        #expect(cast.character("eli")?.voice.engine == "espeak-ng")
        let assignment = VoiceAssignment(cast: cast, base: VoiceSettings(), bookLanguage: "en")
        #expect(assignment.narrator.isPiper && assignment.narrator.name == "en_US-joe-medium")
        #expect(!assignment.voice(for: .character("eli"), chapter: 1, language: "en").isPiper)
        #expect(throws: ConfigError(file: "c.yaml", line: 2, message: "'narrator.engine' must be piper or espeak-ng (got 'coqui')")) {
            try CastFile.parse("narrator:\n  engine: coqui\n", file: "c.yaml")
        }
    }

    @Test func aPiperVoicesKeyCarriesItsModelAndEspeakKeysAreUnchanged() throws {
        let espeak = EngineIdentity(name: "espeak-ng", version: "1.51", dataVersion: "d", sampleRate: 22050)
        var voice = VoiceSettings(name: "en_US-joe-medium")
        let plain = SegmentKey.make(text: "Hello.", voice: voice, engine: espeak)
        voice.engine = EngineIdentity(name: "piper", version: "sherpa-onnx 2.0.1", dataVersion: "a", sampleRate: 22050)
        let piperA = SegmentKey.make(text: "Hello.", voice: voice, engine: espeak)
        voice.engine?.dataVersion = "b"
        #expect(Set([plain, piperA, SegmentKey.make(text: "Hello.", voice: voice, engine: espeak)]).count == 3)
        // A voice without an engine keeps the key it always had (no re-synthesis after upgrading).
        #expect(!String(decoding: try JSONEncoder().encode(VoiceSettings()), as: UTF8.self).contains("engine"))
    }

    @Test func phonemeRecordsAreReadFromTheWorker() throws {
        let ipa = Array("həlˈoʊ".utf8)
        let bytes = WorkerProtocolTests.le(3, 7, Int32(ipa.count)) + ipa + WorkerProtocolTests.le(3, -1, 0) + WorkerProtocolTests.le(0, 0)
        let records = try WorkerProtocol.Records.parse(bytes)
        #expect(records.clauses == [.init(consumed: 7, ipa: "həlˈoʊ"), .init(consumed: nil, ipa: "")])
        let request = WorkerProtocol.Request(voice: "en-us", language: nil, variant: nil, rate: 175, pitch: 50, volume: 100, text: "x", phonemize: true)
        #expect(Array(request.encoded[16..<20]) == WorkerProtocolTests.le(2))
    }
}
