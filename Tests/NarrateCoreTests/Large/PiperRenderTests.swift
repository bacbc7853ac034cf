import Foundation
import Testing
@testable import NarrateCore

/// `--engine piper` and casts with Piper voices through the built binary.
@Suite(.enabled(if: PiperTestSupport.available, PiperTestSupport.skipReason), .tags(.large)) struct PiperRenderTests {
    let sample = TestSupport.packageRoot.appendingPathComponent("samples/the-lamplighter.txt").path
    let piper = ["--engine", "piper", "--voice", PiperTestSupport.voiceName]

    func render(_ input: String, out: URL, _ extra: [String]) throws -> RunReport {
        let result = try TestSupport.narrate(["render", input, "-o", out.path, "--format", "wav", "--json", "--quiet"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return try TestSupport.report(result.stdout)
    }

    func chapters(in folder: URL) throws -> [(samples: [Int16], rate: Int)] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".wav") }.sorted()
            .map { try PiperTestSupport.readWAV(folder.appendingPathComponent($0)) }
    }

    /// The samples between the first and the last louder than `floor`.
    static func speech(_ samples: [Int16], floor: Int = 300) -> ArraySlice<Int16> {
        guard let first = samples.firstIndex(where: { abs(Int($0)) > floor }),
              let last = samples.lastIndex(where: { abs(Int($0)) > floor }) else { return [] }
        return samples[first...last]
    }

    @Test func aRenderedChapterIsSpeechAtTheModelsRateAndAPlausiblePace() throws {
        let dir = try TestSupport.temporaryDirectory()
        let cache = dir.appendingPathComponent("c.sqlite").path
        let report = try render(sample, out: dir.appendingPathComponent("out"), piper + ["--cache", cache])
        #expect(report.segments.failed == 0 && report.segments.synthesized == report.segments.total)
        let plan = try TestSupport.narrate(["plan", sample, "--json"] + piper)
        let document = try JSONDecoder().decode(PlanDocument.self, from: plan.stdout)
        let chapter = try #require(chapters(in: dir.appendingPathComponent("out")).first)
        #expect(chapter.rate == 22050)
        #expect(chapter.samples.map { abs(Int($0)) }.max()! > 3000)
        let words = document.chapters[0].segments.reduce(0) { $0 + $1.text.split(whereSeparator: \.isWhitespace).count }
        let minutes = Double(chapter.samples.count) / Double(chapter.rate) / 60
        #expect((130...230).contains(Double(words) / minutes), "\(words) words in \(minutes) min")
        #expect(document.chapters[0].segments.allSatisfy { $0.voice == PiperTestSupport.voiceName })

        // Edit one sentence: only it is synthesized again.
        let edited = dir.appendingPathComponent("edited.txt")
        try String(contentsOfFile: sample, encoding: .utf8)
            .replacingOccurrences(of: "He had done it for forty-one\nyears", with: "He had done it for fifty-one\nyears")
            .write(to: edited, atomically: true, encoding: .utf8)
        let rerun = try render(edited.path, out: dir.appendingPathComponent("out2"), piper + ["--cache", cache])
        #expect(rerun.segments.synthesized == 1 && rerun.segments.cached == rerun.segments.total - 1)
    }

    @Test func theSameSamplesWithOneJobOrTwo() throws {
        let dir = try TestSupport.temporaryDirectory()
        let one = try render(sample, out: dir.appendingPathComponent("one"), piper + ["--no-cache", "--jobs", "1", "--chapters", "2"])
        let two = try render(sample, out: dir.appendingPathComponent("two"), piper + ["--no-cache", "--jobs", "2", "--chapters", "2"])
        #expect(one.segments.synthesized > 3 && two.segments.synthesized == one.segments.synthesized)
        let a = try chapters(in: dir.appendingPathComponent("one")), b = try chapters(in: dir.appendingPathComponent("two"))
        #expect(a.count == 1 && a.map(\.samples) == b.map(\.samples))
    }

    @Test func aCastMixesPiperAndEspeakVoicesAndRefusesPitchForPiper() throws {
        let dir = try TestSupport.temporaryDirectory()
        let cast = dir.appendingPathComponent("cast.yaml")
        try """
            narrator:
              engine: piper
              voice: \(PiperTestSupport.voiceName)
            characters:
              tobias:
                names: [Tobias, old Tobias]
                engine: espeak-ng
                voice: en-gb+m3
              abernathy:
                names: [Mrs. Abernathy]
                engine: espeak-ng
                voice: en-gb-scotland+f3

            """.write(to: cast, atomically: true, encoding: .utf8)
        let plan = try TestSupport.narrate(["plan", sample, "--voices", cast.path, "--json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let segments = try JSONDecoder().decode(PlanDocument.self, from: plan.stdout).chapters.flatMap(\.segments)
        #expect(Set(segments.map(\.voice)).isSuperset(of: [PiperTestSupport.voiceName, "en-gb+m3", "en-gb-scotland+f3"]))
        let report = try render(sample, out: dir.appendingPathComponent("out"), ["--voices", cast.path, "--no-cache", "--chapters", "1"])
        #expect(report.segments.failed == 0)
        let chapter = try #require(chapters(in: dir.appendingPathComponent("out")).first)
        #expect(chapter.rate == 22050 && chapter.samples.map { abs(Int($0)) }.max()! > 3000)

        try String(contentsOf: cast, encoding: .utf8).replacingOccurrences(of: "  voice: \(PiperTestSupport.voiceName)\n", with: "  voice: \(PiperTestSupport.voiceName)\n  pitch: 60\n")
            .write(to: cast, atomically: true, encoding: .utf8)
        let refused = try TestSupport.narrate(["plan", sample, "--voices", cast.path])
        #expect(refused.status == 65)
        #expect(refused.stderr.hasPrefix("narrate: error: \(cast.path):3: Piper voices have no pitch setting"), "\(refused.stderr)")
    }

    @Test(.enabled(if: PiperTestSupport.piperCLI != nil, "needs the piper command line: make deps-piper-cli"))
    func theSameSentenceAsThePiperCommandLineHasItsLengthAndSpectrum() throws {
        let dir = try TestSupport.temporaryDirectory()
        let text = "The lamplighter climbed the iron ladder at dusk, and one by one the lamps of Harrow Street began to glow."
        let ours = dir.appendingPathComponent("narrate.wav"), theirs = dir.appendingPathComponent("piper.wav")
        let said = try TestSupport.narrate(["say", text, "-o", ours.path] + piper)
        #expect(said.status == 0, "\(said.stderr)")
        // piper samples its durations at random, so its length is the mean of three runs.
        var lengths: [Int] = []
        for _ in 0..<3 {
            let cli = try TestSupport.run(PiperTestSupport.piperCLI!, ["-m", PiperTestSupport.voice!.path, "-f", theirs.path], stdin: Data(text.utf8))
            #expect(cli.status == 0, "\(cli.stderr)")
            lengths.append(Self.speech(try PiperTestSupport.readWAV(theirs).samples).count)
        }
        let (a, b) = (try PiperTestSupport.readWAV(ours), try PiperTestSupport.readWAV(theirs))
        #expect(a.rate == b.rate)
        let (speechA, speechB) = (Self.speech(a.samples), Self.speech(b.samples))
        let ratio = Double(speechA.count) / (Double(lengths.reduce(0, +)) / 3)
        #expect(abs(ratio - 1) <= 0.05, "narrate \(speechA.count) samples, piper \(lengths)")
        let envelopeA = PiperTestSupport.envelope(Array(speechA), rate: a.rate)
        let envelopeB = PiperTestSupport.envelope(Array(speechB), rate: b.rate)
        let correlation = PiperTestSupport.correlation(envelopeA, envelopeB)
        let distance = zip(envelopeA, envelopeB).map { abs($0 - $1) }.reduce(0, +) / Double(envelopeA.count)
        #expect(correlation > 0.97 && distance < 2.5, "envelope correlation \(correlation), mean distance \(distance) dB")
        // The same sentence from espeak-ng is measurably further away: the check tells voices apart.
        let espeak = dir.appendingPathComponent("espeak.wav")
        #expect(try TestSupport.narrate(["say", text, "-o", espeak.path]).status == 0)
        let other = try PiperTestSupport.readWAV(espeak)
        let envelopeC = PiperTestSupport.envelope(Array(Self.speech(other.samples)), rate: other.rate)
        #expect(PiperTestSupport.correlation(envelopeC, envelopeB) < correlation)
    }

    @Test func aMissingRuntimeOrADamagedModelIsOneLine() throws {
        let missing = try TestSupport.run(TestSupport.narrate, ["say", "Hello.", "-o", "/dev/null"] + piper,
                                          environment: ["NARRATE_NEURAL_HOME": "/nonexistent"])
        #expect(missing.status == 69)
        #expect(missing.stderr.split(separator: "\n").count == 1 && missing.stderr.contains("make deps-neural"), "\(missing.stderr)")
        let dir = try TestSupport.temporaryDirectory()
        let model = dir.appendingPathComponent("broken.onnx")
        try Data("not a model".utf8).write(to: model)
        try FileManager.default.copyItem(atPath: PiperTestSupport.voice!.path + ".json", toPath: model.path + ".json")
        let broken = try TestSupport.narrate(["say", "Hello.", "-o", "/dev/null", "--engine", "piper", "--voice", model.path])
        #expect(broken.status == 65)
        #expect(broken.stderr == "narrate: error: \(model.path): not a complete ONNX model (damaged or cut short); download the voice's .onnx and .onnx.json again\n")
    }

    @Test func voicesListsThePiperVoicesFound() throws {
        let result = try TestSupport.narrate(["voices", "--engine", "piper", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let listing = try JSONDecoder().decode(NarrateCommand.VoicesCommand.PiperListing.self, from: result.stdout)
        let joe = try #require(listing.voices.first { $0.name == PiperTestSupport.voiceName })
        #expect(joe.language == "en_US" && joe.quality == "medium" && joe.sampleRate == 22050 && joe.source == "package")
        #expect(FileManager.default.fileExists(atPath: joe.path))
    }
}
