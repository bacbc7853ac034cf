import Foundation
import Testing
@testable import NarrateCore

/// Loudness normalisation, the ACX preset and `narrate check`, measured with ffmpeg's ebur128
/// and astats filters (implementations no one here wrote).
@Suite(.tags(.large)) struct LoudnessRenderTests {
    let sample = TestSupport.packageRoot.appendingPathComponent("samples/the-lamplighter.txt")

    func ffmpegLoudness(_ url: URL) throws -> (integrated: Double, peak: Double, rms: Double) {
        let result = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/ffmpeg"), [
            "-hide_banner", "-nostats", "-i", url.path, "-af", "ebur128,astats=measure_perchannel=none", "-f", "null", "-",
        ])
        func value(_ label: String) -> Double {
            let line = result.stderr.split(separator: "\n").last { $0.contains(label) }!
            return Double(line.split(separator: ":").last!.trimmingCharacters(in: .whitespaces).split(separator: " ")[0])!
        }
        return (value("    I:"), value("Peak level dB"), value("RMS level dB"))
    }

    @Test func chaptersAreNormalisedAndTheMeasurementMatchesFFmpeg() throws {
        let dir = try TestSupport.temporaryDirectory()
        let cache = dir.appendingPathComponent("c.sqlite").path
        let raw = dir.appendingPathComponent("raw"), normal = dir.appendingPathComponent("normal")
        #expect(try TestSupport.narrate(["render", sample.path, "-o", raw.path, "--loudness", "off", "--cache", cache, "-q"]).status == 0)
        #expect(try TestSupport.narrate(["render", sample.path, "-o", normal.path, "--cache", cache, "-q"]).status == 0)
        #expect(try TestSupport.manifest(in: raw).chapters.allSatisfy { $0.loudness == nil })
        for (unprocessed, chapter) in zip(try TestSupport.manifest(in: raw).chapters, try TestSupport.manifest(in: normal).chapters) {
            // narrate's measurement (libebur128 blocks from the cache) agrees with ffmpeg on the unprocessed file.
            let before = try ffmpegLoudness(raw.appendingPathComponent(unprocessed.file))
            let measured = try #require(chapter.loudness?.measured)
            #expect(abs(measured - before.integrated) < 0.5, "\(chapter.file): \(measured) vs ffmpeg \(before.integrated)")
            // After the gain and the limiter: near −18 LUFS, peaks at the −1 dBFS ceiling (plus MP3's overshoot).
            let after = try ffmpegLoudness(normal.appendingPathComponent(chapter.file))
            #expect(abs(after.integrated - (-18)) < 1, "\(chapter.file): \(after.integrated) LUFS")
            #expect(after.peak <= -0.5, "\(chapter.file): peak \(after.peak)")
        }
        // Every cached segment carries its measurement, so later runs need not measure again.
        let unmeasured = try SQLiteDatabase(path: cache, readOnly: true).query("SELECT COUNT(*) FROM segments WHERE loudness IS NULL")
        #expect(unmeasured[0][0].integer == 0)
    }

    @Test func acxPresetPassesNarrateCheckAndFFmpegAgrees() throws {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("acx")
        let result = try TestSupport.narrate(["render", sample.path, "-o", out.path, "--preset", "acx", "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try TestSupport.manifest(in: out).chapters.map { out.appendingPathComponent($0.file) }
        let check = try TestSupport.narrate(["check", "--json"] + files.map(\.path))
        #expect(check.status == 0, "\(check.stdoutText)")
        let reports = try JSONDecoder().decode([DeliveryCheck].self, from: check.stdout)
        #expect(reports.count == files.count && reports.allSatisfy(\.passed))
        for file in files {
            let probe = try TestSupport.ffprobe(file)
            #expect(probe.sampleRate == 44100)
            let levels = try ffmpegLoudness(file)
            #expect(levels.rms >= -23 && levels.rms <= -18, "\(file.lastPathComponent): RMS \(levels.rms)")
            #expect(levels.peak <= -3, "\(file.lastPathComponent): peak \(levels.peak)")
            let bitrate = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/ffprobe"), [
                "-v", "error", "-show_entries", "stream=bit_rate", "-of", "csv=p=0", file.path])
            #expect(bitrate.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "192000")
        }
    }

    @Test func checkNamesTheRulesAFileBreaks() throws {
        let dir = try TestSupport.temporaryDirectory()
        // A loud 128 kbit/s sine (ffmpeg's is −18 dBFS, +17 dB: peaks at −1) with no room tone.
        let sine = dir.appendingPathComponent("sine.mp3")
        _ = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/ffmpeg"), [
            "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-af", "volume=17dB", "-ar", "44100", "-b:a", "128k", sine.path])
        let result = try TestSupport.narrate(["check", sine.path])
        #expect(result.status == 1)
        let failed = result.stdoutText.split(separator: "\n").filter { $0.contains("FAIL ") }.map { $0.split(separator: " ").dropFirst().first! }
        #expect(Set(failed.map(String.init)) == ["bitrate", "RMS", "peak", "noise", "room"])
        #expect(try TestSupport.narrate(["check", "/etc/hostname"]).status == 65)
        #expect(try TestSupport.narrate(["check", dir.appendingPathComponent("missing.mp3").path]).status == 66)
    }
}
