import Foundation

/// Loudness normalisation of each chapter: a gain to a target, then a peak limiter at a ceiling.
public struct LoudnessSettings: Sendable, Equatable, Codable {
    public enum Measure: String, Sendable, Codable {
        /// EBU R 128 integrated loudness (LUFS), from libebur128's blocks.
        case lufs
        /// Plain RMS of the whole file in dBFS, pauses included (what ACX measures).
        case rms
    }

    public var measure: Measure
    /// LUFS or dBFS, by `measure`.
    public var target: Double
    /// Sample-peak ceiling, dBFS.
    public var ceiling: Double

    public init(measure: Measure = .lufs, target: Double = -18, ceiling: Double = -1) {
        self.measure = measure
        self.target = target
        self.ceiling = ceiling
    }

    /// The ACX delivery rules: RMS −23…−18 dBFS (aim −20), peaks ≤ −3 dBFS (limit at −3.5).
    public static let acx = LoudnessSettings(measure: .rms, target: -20, ceiling: -3.5)

    /// The chapter's level before the gain (LUFS or dBFS), from its segments' levels and its
    /// length in samples (pauses and edges included); nil when it is silent.
    public func level(of segments: [SegmentLevels], totalSamples: Int) -> Double? {
        switch measure {
        case .lufs:
            return LoudnessMeter.integrated(segments.flatMap(\.loudness.blocks))
        case .rms:
            let energy = segments.reduce(0.0) { $0 + $1.rms * $1.rms * Double($1.samples) }
            guard energy > 0, totalSamples > 0 else { return nil }
            return 10 * log10(energy / Double(totalSamples))
        }
    }

    /// Linear gain from a measured level to the target (1 when there is nothing to measure).
    public func gain(from level: Double?) -> Float {
        guard let level else { return 1 }
        return Float(pow(10, (target - level) / 20))
    }

    public var ceilingLinear: Float { Float(pow(10, ceiling / 20)) }

    var fingerprint: String { "\(measure.rawValue) \(target) \(ceiling)" }
}
