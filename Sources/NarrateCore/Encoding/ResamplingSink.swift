import Foundation

/// A sink that resamples before passing samples on; counts input samples, so times stay in the
/// engine's rate.
final class ResamplingSink: AudioSink {
    private let inner: any AudioSink
    private let resampler: Resampler
    private(set) var sampleCount = 0

    init(_ inner: any AudioSink, from inputRate: Int, to outputRate: Int) throws {
        self.inner = inner
        resampler = try Resampler(from: inputRate, to: outputRate)
    }

    func append(_ samples: [Int16]) throws {
        sampleCount += samples.count
        let out = try resampler.process(samples)
        if !out.isEmpty { try inner.append(out) }
    }

    func finish() throws -> Int {
        let rest = try resampler.flush()
        if !rest.isEmpty { try inner.append(rest) }
        return try inner.finish()
    }

    func cancel() { inner.cancel() }
}
