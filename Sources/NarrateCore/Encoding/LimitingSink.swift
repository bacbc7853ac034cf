import Foundation

/// A sink that applies a chapter's gain and the peak limiter before passing samples on. Counts
/// the samples it is given, so segment times are those of the input (the limiter's delay is
/// drained at `finish()`).
final class LimitingSink: AudioSink {
    private let inner: any AudioSink
    private var limiter: PeakLimiter
    private(set) var sampleCount = 0

    init(_ inner: any AudioSink, gain: Float, settings: LoudnessSettings, sampleRate: Int) {
        self.inner = inner
        limiter = PeakLimiter(gain: gain, ceiling: settings.ceilingLinear, sampleRate: sampleRate)
    }

    func append(_ samples: [Int16]) throws {
        sampleCount += samples.count
        let out = limiter.process(samples)
        if !out.isEmpty { try inner.append(out) }
    }

    /// Drains the limiter's delay into the inner sink (at the end of a chapter).
    func drain() throws {
        let rest = limiter.flush()
        if !rest.isEmpty { try inner.append(rest) }
    }

    func finish() throws -> Int {
        try drain()
        return try inner.finish()
    }

    func cancel() { inner.cancel() }
}
