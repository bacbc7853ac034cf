import Foundation
import Testing
@testable import NarrateCore

/// Every bitrate the options accept at every sample rate they accept encodes (from the
/// engine's 22.05 kHz, resampled by LAME) and decodes to the right rate and duration.
@Suite(.tags(.medium)) struct MP3BitrateMatrixTests {
    static let combinations: [(Int, Int)] = MP3Settings.sampleRates.flatMap { rate in
        MP3Settings.validBitrates(sampleRate: rate).map { (rate, $0) }
    }

    @Test(arguments: combinations)
    func everyAcceptedBitrateEncodesAndDecodes(sampleRate: Int, bitrate: Int) throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("tone.mp3")
        // A second of loud noise-like audio, so every frame is full at the highest bitrates.
        var seed: UInt32 = 12345
        let samples = (0..<22050 * 3 / 2).map { _ -> Int16 in
            seed = seed &* 1_664_525 &+ 1_013_904_223
            return Int16(truncatingIfNeeded: Int32(seed >> 16) - 32768) / 2
        }
        let writer = try MP3FileWriter(
            destination: url, sampleRate: 22050, settings: MP3Settings(bitrate: bitrate, sampleRate: sampleRate), tag: ID3Tag())
        // One big buffer (as a chapter's long segment is) and then small ones.
        try writer.append(samples)
        try writer.append(Array(samples.prefix(1000)))
        _ = try writer.finish()
        let probe = try TestSupport.ffprobe(url)
        #expect(probe.sampleRate == sampleRate)
        let pcm = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/ffmpeg"), ["-v", "error", "-i", url.path, "-f", "s16le", "-"])
        let seconds = Double(pcm.stdout.count / 2) / Double(sampleRate)
        #expect(abs(seconds - Double(samples.count + 1000) / 22050) < 0.05, "decoded \(seconds) s")
    }
}
