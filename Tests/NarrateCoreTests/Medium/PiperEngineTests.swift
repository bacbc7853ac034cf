import Foundation
import Testing
@testable import NarrateCore

/// `PiperEngine` and `SherpaOnnxVoiceModel` against the real sherpa-onnx runtime and the
/// en_US-joe-medium voice, and the espeak-ng phonemes they read.
@Suite(.enabled(if: PiperTestSupport.available, PiperTestSupport.skipReason), .tags(.medium)) struct PiperEngineTests {
    let voice = PiperTestSupport.voice!

    func engine(instances: Int = 1, threads: Int = 1) throws -> PiperEngine {
        try PiperEngine(voice: voice, locations: PiperTestSupport.locations, instances: instances, threads: threads,
                        espeak: try ESpeakEngine.shared())
    }

    @Test func espeakPhonemesAreThoseOfPiperWithClauseTextAndMnemonics() throws {
        let clauses = try ESpeakEngine.shared().phonemize("Good evening, said Tobias. Hello [[h@l'oU]] world!", voice: "en-us")
        #expect(clauses.map(\.ipa) == ["ɡˈʊd ˈiːvnɪŋ", "sˈɛd təbˈaɪəs", "həlˈoʊ həlˈoʊ wˈɜːld"])
        #expect(clauses.map(\.source).joined() == "Good evening, said Tobias. Hello [[h@l'oU]] world!")
        let sentences = PiperPhonemes.sentences(clauses, known: voice.phonemeIDs)
        #expect(PiperPhonemesTests.text(sentences) == ["ɡˈʊd ˈiːvnɪŋ, sˈɛd təbˈaɪəs.", "həlˈoʊ həlˈoʊ wˈɜːld!"])
    }

    @Test func speechAtTheModelsRateTheSameEveryTimeOnAnyInstanceAndThreadCount() async throws {
        let text = "It was a bright cold day in April, and the clocks were striking thirteen."
        let one = try engine()
        let first = try one.synthesize(text, rate: 175, volume: 100)
        #expect(first.sampleRate == 22050)
        #expect((3.0...4.2).contains(first.duration), "\(first.duration) s")
        #expect(first.samples.map { abs(Int($0)) }.max()! > 3000)
        #expect(try one.synthesize(text, rate: 175, volume: 100).samples == first.samples)
        // Two instances at once, and two threads per instance: the same samples.
        let two = try engine(instances: 2, threads: 2)
        async let a = Task.detached { try two.synthesize(text, rate: 175, volume: 100).samples }.value
        async let b = Task.detached { try two.synthesize(text, rate: 175, volume: 100).samples }.value
        let (left, right) = try await (a, b)
        #expect(left == first.samples && right == first.samples)
    }

    @Test func rateIsLengthAndVolumeIsGain() throws {
        let one = try engine()
        let normal = try one.synthesize("The lamps were lit one by one.", rate: 175, volume: 100)
        let fast = try one.synthesize("The lamps were lit one by one.", rate: 350, volume: 100)
        let quiet = try one.synthesize("The lamps were lit one by one.", rate: 175, volume: 50)
        // Twice the rate is half the length scale; the edges of an utterance do not shrink with it.
        #expect((0.45...0.7).contains(fast.duration / normal.duration), "\(fast.duration) s vs \(normal.duration) s")
        #expect(quiet.samples.count == normal.samples.count)
        let peak = { (audio: SynthesizedAudio) in Double(audio.samples.map { abs(Int($0)) }.max()!) }
        #expect(abs(peak(quiet) / peak(normal) - 0.5) < 0.02)
    }

    @Test func instancesThatWouldNotFitInMemoryAreLoweredWithAWarning() {
        let warnings = WarningLog(echo: false)
        let instances = EngineSetup.memoryBound(1000, models: [voice], warnings: warnings)  // 1000 × ~500 MB
        #expect((1..<1000).contains(instances))
        #expect(warnings.all.count == 1 && warnings.all[0].hasPrefix("running \(instances) Piper instance"))
        #expect(EngineSetup.memoryBound(1, models: [voice], warnings: warnings) == 1)
    }

    @Test func aDamagedModelOrMissingConfigIsOneClearError() throws {
        let dir = try TestSupport.temporaryDirectory()
        let model = dir.appendingPathComponent("cut.onnx")
        try Data(try Data(contentsOf: URL(fileURLWithPath: voice.path)).prefix(100_000)).write(to: model)
        #expect(throws: SynthesisError.brokenPiperVoice(path: model.path, reason: "no cut.onnx.json beside it")) {
            try PiperVoice.load(model: model.path, source: "path")
        }
        try FileManager.default.copyItem(atPath: voice.path + ".json", toPath: model.path + ".json")
        let cut = try PiperVoice.load(model: model.path, source: "path")
        let locations = NeuralLocations(environment: ["XDG_DATA_HOME": dir.path])
        #expect(throws: SynthesisError.brokenPiperVoice(path: model.path, reason: "not a complete ONNX model (damaged or cut short)")) {
            try PiperModelStore(folder: locations.store).prepare(cut)
        }
    }
}
