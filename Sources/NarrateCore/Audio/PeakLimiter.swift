/// Applies a gain and keeps every sample under a ceiling with a look-ahead limiter: the gain
/// ramps down linearly over the `lookahead` samples before a peak that would pass the ceiling,
/// reaches exactly what the peak needs at the peak, and recovers at `releasePerSample`. Output
/// is delayed by `lookahead` samples; `flush()` returns the rest. Deterministic: the same input
/// gives the same output, whatever else runs.
public struct PeakLimiter: Sendable {
    public let gain: Float
    public let ceiling: Float
    public let lookahead: Int
    public let releasePerSample: Float
    private var delay: [Float]
    private var written = 0
    /// Samples in the window that need less than unity gain: (index, required gain).
    private var overs: [(index: Int, gain: Float)] = []
    private var overStart = 0
    private var current: Float = 1

    /// `ceiling` in full-scale units (1.0 = 32768), e.g. −1 dBFS = 0.891.
    public init(gain: Float, ceiling: Float, sampleRate: Int, lookaheadMilliseconds: Int = 5, releaseMilliseconds: Int = 80) {
        self.gain = gain
        self.ceiling = ceiling * 32767
        lookahead = max(1, lookaheadMilliseconds * sampleRate / 1000)
        releasePerSample = 1 / Float(max(1, releaseMilliseconds * sampleRate / 1000))
        delay = [Float](repeating: 0, count: lookahead + 1)
    }

    /// Feeds samples; returns the samples that leave the delay line.
    public mutating func process(_ samples: [Int16]) -> [Int16] {
        var out: [Int16] = []
        out.reserveCapacity(samples.count)
        for sample in samples {
            let x = Float(sample) * gain
            let index = written
            written += 1
            delay[index % delay.count] = x
            if abs(x) > ceiling { overs.append((index, ceiling / abs(x))) }
            if index >= lookahead { out.append(emit(index - lookahead)) }
        }
        if overStart > 1024 { overs.removeFirst(overStart); overStart = 0 }
        return out
    }

    /// Drains the delay line at the end of the stream.
    public mutating func flush() -> [Int16] {
        var out: [Int16] = []
        for position in max(0, written - lookahead)..<written { out.append(emit(position)) }
        return out
    }

    private mutating func emit(_ position: Int) -> Int16 {
        while overStart < overs.count, overs[overStart].index < position { overStart += 1 }
        var target: Float = 1
        var i = overStart
        while i < overs.count, overs[i].index <= position + lookahead {
            let distance = Float(overs[i].index - position) / Float(lookahead)
            target = min(target, overs[i].gain + (1 - overs[i].gain) * distance)
            i += 1
        }
        current = min(target, current + releasePerSample, 1)
        let y = delay[position % delay.count] * current
        return Int16(max(-ceiling, min(ceiling, y)).rounded())
    }
}
