import Foundation
import Testing
@testable import NarrateCore

/// Casts, lexicons and `narrate say` through the built binary.
@Suite(.tags(.large)) struct CastCommandTests {
    let sample = TestSupport.packageRoot.appendingPathComponent("samples/the-lamplighter.txt").path
    let cast = TestSupport.packageRoot.appendingPathComponent("samples/lamplighter.cast.yaml").path

    @Test func planJSONGivesEachSegmentItsSpeakerVoiceAndSpokenText() throws {
        let result = try TestSupport.narrate(["plan", sample, "--voices", cast, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try JSONDecoder().decode(PlanDocument.self, from: result.stdout)
        let segments = plan.chapters.flatMap(\.segments)
        #expect(segments.first { $0.text == "“You'll wear out that ladder before it wears out you,”" }.map { [$0.speaker, $0.voice] } == ["abernathy", "en-gb-scotland+f3"])
        #expect(segments.first { $0.text == "Tobias replied." }.map { [$0.speaker, $0.voice] } == ["narrator", "en-gb"])
        #expect(segments.first { $0.text == "“Well?”" }.map { [$0.speaker, $0.voice] } == ["dialogue", "en-gb+f2"])
        #expect(segments.filter { $0.speaker == "eli" }.count == 2)
        let lexicon = try #require(segments.first { $0.text.contains("Tobias Wren") })
        #expect(lexicon.spoken == "Every evening at dusk, old Tobias [[r'En]] climbed the iron ladder at the end of Harro Street and lit the last lamp in the city.")
    }

    @Test func planDialogueListsEachQuoteWithItsSpeakerAndWhy() throws {
        let result = try TestSupport.narrate(["plan", sample, "--voices", cast, "--dialogue"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("  c1.p2  abernathy  “You'll wear out that ladder") && $0.hasSuffix("[verb]") })
        #expect(lines.contains { $0.hasPrefix("  c1.p3  tobias     “It holds me up") && $0.hasSuffix("[paragraph]") })
        #expect(lines.contains { $0.hasPrefix("  c2.p2  dialogue  “Well?”") && $0.hasSuffix("add gender: to resolve it)") })
        #expect(lines.last == "8 quotes: 5 credited to characters, 3 read by the dialogue voice")
        // Markup wins, and says so.
        let dir = try TestSupport.temporaryDirectory()
        let book = dir.appendingPathComponent("marked.txt")
        try "One\n\n{eli} “Well?” he asked.\n".write(to: book, atomically: true, encoding: .utf8)
        let marked = try TestSupport.narrate(["plan", book.path, "--voices", cast, "--dialogue"])
        #expect(marked.status == 0 && marked.stdoutText.contains("  c1.p2  eli  “Well?”  [markup]"), "\(marked.stdoutText)")
    }

    @Test func aCastFileBesideTheBookIsFoundAndCanBeIgnored() throws {
        let dir = try TestSupport.temporaryDirectory()
        let book = dir.appendingPathComponent("story.txt")
        try FileManager.default.copyItem(atPath: sample, toPath: book.path)
        try "characters:\n  eli:\n    voice: en-us+m1\n".write(to: dir.appendingPathComponent("story.cast.yaml"), atomically: true, encoding: .utf8)
        let found = try TestSupport.narrate(["plan", book.path, "--segments"])
        #expect(found.status == 0 && found.stdoutText.contains("[eli: en-us+m1]  “They'll be gone by winter,”"))
        let ignored = try TestSupport.narrate(["plan", book.path, "--segments", "--no-voice-files"])
        #expect(ignored.status == 0 && !ignored.stdoutText.contains("[eli:"))
    }

    @Test func badCastFilesGetOneLineWithFileAndLine() throws {
        let dir = try TestSupport.temporaryDirectory()
        let cases: [(String, String, Int32)] = [
            ("narrator:\n  voice: \"en-gb\n", "bad.yaml:3: ", 65),
            ("narrator:\n  voice: en-gb\n\ncharacters:\n  tobias:\n    voice: xx-nowhere\n", "bad.yaml:6: unknown voice 'xx-nowhere'", 65),
            ("narrator:\n  voice: en-gb\n  speed: 3\n", "bad.yaml:3: unknown key 'speed'", 65),
            ("characters:\n  eli:\n    rate: -20\n", "bad.yaml:3: 'characters.eli.rate' must be 80–450", 65),
            ("narrator:\n  voice: en-gb\n rate: 3\n", "bad.yaml:3: ", 65),
        ]
        for (text, message, status) in cases {
            let file = dir.appendingPathComponent("bad.yaml")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let result = try TestSupport.narrate(["plan", sample, "--voices", file.path])
            let stderr = result.stderr
            #expect(result.status == status, "\(stderr)")
            #expect(stderr.hasPrefix("narrate: error: \(file.path.replacingOccurrences(of: "bad.yaml", with: ""))\(message)"), "\(stderr)")
            #expect(stderr.split(separator: "\n").count == 1 && result.stdout.isEmpty)
        }
        let missing = try TestSupport.narrate(["plan", sample, "--voices", dir.appendingPathComponent("none.yaml").path])
        #expect(missing.status == 66)
    }

    /// Median fundamental frequency of voiced 40 ms frames, by autocorrelation (70–500 Hz).
    static func medianPitch(_ samples: ArraySlice<Int16>, rate: Int) -> Double {
        let frame = rate / 25
        var pitches: [Double] = []
        var start = samples.startIndex
        while start + frame <= samples.endIndex {
            let x = samples[start..<(start + frame)].map { Double($0) }
            let energy = x.reduce(0) { $0 + $1 * $1 }
            if energy / Double(frame) > 1e5 {
                var best = 0.0, bestLag = 0
                for lag in (rate / 500)...(rate / 70) {
                    var sum = 0.0
                    for i in 0..<(frame - lag) { sum += x[i] * x[i + lag] }
                    if sum > best { best = sum; bestLag = lag }
                }
                if best > 0.3 * energy, bestLag > 0 { pitches.append(Double(rate) / Double(bestLag)) }
            }
            start += frame
        }
        pitches.sort()
        return pitches.isEmpty ? 0 : pitches[pitches.count / 2]
    }

    @Test func aCharactersLineSoundsDifferentFromTheNarrator() throws {
        let dir = try TestSupport.temporaryDirectory()
        let out = dir.appendingPathComponent("out")
        let result = try TestSupport.narrate(["render", sample, "--voices", cast, "-o", out.path, "--format", "wav", "--loudness", "off",
                                              "--no-cache", "--chapters", "1", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let chapter = try TestSupport.manifest(in: out).chapters[0]
        let audio = try SoundFile.read(out.appendingPathComponent(chapter.file))
        func slice(_ segment: Manifest.Segment) -> ArraySlice<Int16> {
            let start = Int(segment.start * Double(audio.sampleRate))
            return audio.samples[start..<min(audio.samples.count, start + Int(segment.duration * Double(audio.sampleRate)))]
        }
        let abernathy = try #require(chapter.segments.first { $0.speaker == "abernathy" })
        let tobias = try #require(chapter.segments.first { $0.speaker == "tobias" })
        let narration = chapter.segments.filter { $0.speaker == "narrator" && $0.kind == "sentence" }
        #expect(abernathy.voice == "en-gb-scotland+f3" && tobias.voice == "en-gb+m3")
        let narrator = narration.map { Self.medianPitch(slice($0), rate: audio.sampleRate) }.sorted()[narration.count / 2]
        let her = Self.medianPitch(slice(abernathy), rate: audio.sampleRate)
        let his = Self.medianPitch(slice(tobias), rate: audio.sampleRate)
        print("median pitch: narrator \(narrator) Hz, Mrs. Abernathy \(her) Hz, Tobias \(his) Hz")
        #expect(her > narrator * 1.3)
        #expect(his < narrator * 0.95)
    }

    @Test func recastingOneCharacterResynthesizesOnlyTheirLines() throws {
        let dir = try TestSupport.temporaryDirectory()
        let (out, cache) = (dir.appendingPathComponent("out"), dir.appendingPathComponent("c.sqlite"))
        let castCopy = dir.appendingPathComponent("cast.yaml")
        let lexicon = dir.appendingPathComponent("lamplighter.lexicon.yaml")
        try FileManager.default.copyItem(atPath: cast, toPath: castCopy.path)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: cast).deletingLastPathComponent().appendingPathComponent("lamplighter.lexicon.yaml"), to: lexicon)
        func render() throws -> RunReport {
            let result = try TestSupport.narrate(["render", sample, "--voices", castCopy.path, "-o", out.path, "--cache", cache.path,
                                                  "--bitrate", "32", "--json", "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
            return try TestSupport.report(result.stdout)
        }
        _ = try render()
        let text = try String(contentsOf: castCopy, encoding: .utf8)
        try text.replacingOccurrences(of: "pitch: 70", with: "pitch: 80").write(to: castCopy, atomically: true, encoding: .utf8)
        let recast = try render()
        let eliLines = try TestSupport.manifest(in: out).chapters.flatMap(\.segments).filter { $0.speaker == "eli" }
        #expect(eliLines.count == 2 && recast.segments.synthesized == eliLines.count)

        try "say:\n  Harrow: Harrowe\nphonemes:\n  Wren: \"r'En\"\n".write(to: lexicon, atomically: true, encoding: .utf8)
        let relexed = try render()
        let touched = try TestSupport.manifest(in: out).chapters.flatMap(\.segments).filter { $0.text.contains("Harrow") }
        #expect(touched.count == 1 && relexed.segments.synthesized == touched.count)
        #expect(touched.first?.spoken?.contains("Harrowe Street") == true)
    }

    @Test func sayAuditionsACastVoice() throws {
        let dir = try TestSupport.temporaryDirectory()
        let line = dir.appendingPathComponent("line.wav")
        let result = try TestSupport.narrate(["say", "Good evening, Mr. Wren.", "--voice", "abernathy", "--voices", cast, "-o", line.path])
        #expect(result.status == 0, "\(result.stderr)")
        let audio = try SoundFile.read(line)
        #expect(audio.sampleRate == 22050 && Double(audio.samples.count) / 22050 > 0.8)
        let narrator = try TestSupport.narrate(["say", "Good evening, Mr. Wren.", "--voices", cast, "-o", "-"])
        #expect(narrator.status == 0 && narrator.stdout.starts(with: Array("RIFF".utf8)))
        let decoded = try SoundFile.decode(Array(narrator.stdout))
        #expect(Self.medianPitch(audio.samples[...], rate: 22050) > Self.medianPitch(decoded.samples[...], rate: 22050) * 1.3)
        let unknown = try TestSupport.narrate(["say", "Hi.", "--voice", "nobody-at-all", "-o", line.path])
        #expect(unknown.status == 64 && unknown.stderr.hasPrefix("narrate: error: unknown voice 'nobody-at-all'"))
        // The text from standard input, quotes attributed as in a book.
        let piped = try TestSupport.narrate(["say", "-", "--voices", cast, "-o", "-"], stdin: Data("“Evening,” said Mrs. Abernathy.".utf8))
        #expect(piped.status == 0 && piped.stdout.count > 44 + 22050)
    }

    @Test func epubSSMLAndPLSPronunciationsReachTheEngine() throws {
        let result = try TestSupport.narrate(["plan", TestSupport.corpus("epub-valid/georgia-pls-ssml_idpf.epub").path, "--json"])
        #expect(result.status == 0)
        let segments = try JSONDecoder().decode(PlanDocument.self, from: result.stdout).chapters.flatMap(\.segments)
        // ssml:ph="nɔrθ" on "N." and the PLS entry for Milledgeville.
        let north = try #require(segments.first { $0.text.contains("by Tennessee and North Carolina") })
        #expect(north.spoken?.contains("[[nO@T]]  by Tennessee") == true)
        #expect(segments.contains { $0.spoken?.contains("[['mIlIdZ,vIl]]") == true && $0.text.contains("Milledgeville") })
        #expect(!segments.contains { $0.text.contains("\u{E000}") || $0.text.contains("[[") })
    }
}
