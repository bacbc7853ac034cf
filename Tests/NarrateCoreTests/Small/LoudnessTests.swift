import Foundation
import Testing
@testable import NarrateCore

@Suite(.tags(.small)) struct LoudnessTests {
    @Test func integratedLoudnessGatesSilenceAndQuietBlocks() {
        #expect(abs(LoudnessMeter.integrated([-20, -20, -20])! - (-20)) < 1e-6)
        // Silence (below −70) and blocks 10 LU under the mean are gated out.
        #expect(abs(LoudnessMeter.integrated([-20, -20, -200, -200, -45])! - (-20)) < 1e-6)
        #expect(LoudnessMeter.integrated([-200, -80]) == nil)
    }

    @Test func aSineAt1kHzMeasuresAsTheStandardSays() throws {
        // BS.1770: a 997 Hz sine with peaks at 0 dBFS reads −3.01 LUFS; at −20 dBFS, −23.01.
        let rate = 22050
        let samples: [Int16] = (0..<(rate * 3)).map { (i: Int) -> Int16 in
            let phase: Double = 2 * Double.pi * 997 * Double(i) / Double(rate)
            return Int16((sin(phase) * 0.1 * 32767).rounded())
        }
        let loudness = try LoudnessMeter.measure(samples, sampleRate: rate)
        let integrated = try #require(LoudnessMeter.integrated(loudness.blocks))
        #expect(abs(integrated - (-23.01)) < 0.5, "\(integrated)")
        #expect(SegmentLoudness(encoded: loudness.encoded) == loudness)
    }

    @Test func limiterNeverPassesTheCeilingAndLeavesQuietAudioAlone() {
        let rate = 22050
        var limiter = PeakLimiter(gain: 2, ceiling: 0.5, sampleRate: rate)
        let input: [Int16] = (0..<rate).map { (i: Int) -> Int16 in
            let amplitude: Double = (i / 2000) % 2 == 0 ? 30000 : 3000
            return Int16((sin(Double(i) / 7) * amplitude).rounded())
        }
        let output = limiter.process(input) + limiter.flush()
        #expect(output.count == input.count)
        #expect(output.allSatisfy { abs(Int($0)) <= 16384 })
        // Far from any peak, the gain is exactly the requested 2×.
        var quiet = PeakLimiter(gain: 2, ceiling: 1, sampleRate: rate)
        let soft = (0..<1000).map { Int16($0 % 200 - 100) }
        #expect(quiet.process(soft) + quiet.flush() == soft.map { $0 * 2 })
    }

    @Test func gainsFollowTheMeasure() {
        let lufs = LoudnessSettings(target: -18)
        #expect(abs(lufs.gain(from: -21) - Float(pow(10, 3.0 / 20))) < 1e-6)
        #expect(lufs.gain(from: nil) == 1)
        let rms = LoudnessSettings.acx
        let segment = SegmentLevels(samples: 100, peak: 1000, rms: 0.1, loudness: SegmentLoudness(blocks: []))
        // RMS of 0.1 over half the chapter (the rest silence): −20 − 3.01 dBFS.
        #expect(abs(rms.level(of: [segment], totalSamples: 200)! - (-23.0103)) < 1e-3)
    }
}
