/// Finds the audible part of a segment, so the pauses between segments are exactly what the
/// plan asks for rather than whatever silence the engine leaves at the edges.
public struct SilenceTrimmer: Sendable {
    /// Samples with a magnitude at or below this count as silence (about -50 dBFS).
    public var threshold: Int16
    /// Kept on each side of the audible part so word onsets and decays are not clipped.
    public var margin: Int

    public init(threshold: Int16 = 100, margin: Int = 220) {
        self.threshold = threshold
        self.margin = margin
    }

    /// The range of `samples` to keep; empty when everything is silent.
    public func audibleRange(_ samples: [Int16]) -> Range<Int> {
        guard let first = samples.firstIndex(where: { abs(Int32($0)) > Int32(threshold) }),
              let last = samples.lastIndex(where: { abs(Int32($0)) > Int32(threshold) })
        else { return 0..<0 }
        return max(0, first - margin)..<min(samples.count, last + 1 + margin)
    }
}
