import Foundation
import Testing
@testable import NarrateCore

/// `--chapters` and `--captions` end to end, read back with ffprobe and the decoded audio.
@Suite(.tags(.large)) struct OutputOptionsTests {
    let sample = TestSupport.packageRoot.appendingPathComponent("samples/the-lamplighter.txt")

    @Test func chapterSelectionRendersOnlyThoseAndKeepsTheRest() throws {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("book")
        let first = try TestSupport.narrate(["render", sample.path, "-o", out.path, "--chapters", "2", "--json", "-q"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try TestSupport.report(first.stdout).chapters.total == 1)
        #expect(try TestSupport.manifest(in: out).chapters.map(\.index) == [2])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".mp3") } == ["02 - Chapter 2 The Apprentice.mp3"])

        let second = try TestSupport.narrate(["render", sample.path, "-o", out.path, "--chapters", "1,3", "--json", "-q"])
        #expect(try TestSupport.report(second.stdout).chapters.encoded == 2)
        #expect(try TestSupport.manifest(in: out).chapters.map(\.index) == [1, 2, 3])
        // Everything is now in place: a full render reuses all three, synthesizing nothing.
        let full = try TestSupport.report(try TestSupport.narrate(["render", sample.path, "-o", out.path, "--json", "-q"]).stdout)
        #expect(full.chapters.reused == 3 && full.segments.synthesized == 0)
    }

    @Test(arguments: [
        (["--chapters", "5-3"], "must not run backwards"), (["--chapters", "0"], "numbers and ranges"),
        (["--chapters", "2-9"], "past the end"), (["--chapters", "1,,2"], "numbers and ranges"),
        (["--captions", "ass"], "captions"),
    ])
    func badSelectionsAreUsageErrors(arguments: [String], message: String) throws {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("book")
        let result = try TestSupport.narrate(["render", sample.path, "-o", out.path] + arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path))
    }

    @Test func captionsFollowTheAudioAsWritten() throws {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("book")
        let result = try TestSupport.narrate(["render", sample.path, "-o", out.path, "--captions", "vtt", "--captions", "srt", "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        for chapter in try TestSupport.manifest(in: out).chapters {
            let audio = try SoundFile.read(out.appendingPathComponent(chapter.file))
            for format in CaptionFormat.allCases {
                let file = out.appendingPathComponent(format.fileName(forAudio: chapter.file))
                // ffprobe reads the captions back: one cue per segment, at the segment's times.
                let probe = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/ffprobe"), [
                    "-v", "error", "-show_entries", "packet=pts_time,duration_time", "-of", "csv=p=0", file.path,
                ])
                let cues = probe.stdoutText.split(separator: "\n").map { $0.split(separator: ",").compactMap { Double($0) } }
                #expect(cues.count == chapter.segments.count, "\(file.lastPathComponent)")
                for (cue, segment) in zip(cues, chapter.segments) {
                    #expect(abs(cue[0] - segment.start) < 0.002 && abs(cue[1] - segment.duration) < 0.002)
                }
            }
            // Word timings from espeak-ng's word events: the segment's words, in order (espeak-ng
            // does not report every word: "forty-one" gives one event), inside their segment.
            for segment in chapter.segments {
                let words = try #require(segment.words, "\(segment.id) has no word timings")
                #expect(Double(words.count) >= 0.8 * Double(segment.text.wordCount))
                #expect(words.allSatisfy { !$0.text.isEmpty && segment.text.contains($0.text) })
                #expect(words.first.map { abs($0.start - segment.start) < 0.05 } == true)
                #expect(zip(words, words.dropFirst()).allSatisfy { $0.start < $1.start })
                #expect(words.allSatisfy { $0.start >= segment.start - 0.001 && $0.start < segment.start + segment.duration })
            }
            // Against the decoded audio: speech inside every cue, silence in every pause between cues.
            let rate = Double(audio.sampleRate)
            func rms(_ from: Double, _ to: Double) -> Double {
                let a = max(0, Int(from * rate)), b = min(audio.samples.count, Int(to * rate))
                guard b > a else { return 0 }
                return (audio.samples[a..<b].reduce(0.0) { $0 + Double($1) * Double($1) } / Double(b - a)).squareRoot()
            }
            for (segment, next) in zip(chapter.segments, chapter.segments.dropFirst()) {
                #expect(rms(segment.start + 0.02, segment.start + segment.duration - 0.02) > 300, "\(segment.id) should be speech")
                #expect(rms(segment.start + segment.duration + 0.02, next.start - 0.02) < 30, "after \(segment.id) should be silence")
            }
        }
    }
}
