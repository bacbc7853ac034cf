import CSoxr
import Foundation

/// The one owner of a libsoxr resampler: 16-bit mono PCM at one rate in, another rate out
/// (high quality). Streaming: `process` as samples arrive, `flush` at the end.
public final class Resampler {
    private let handle: soxr_t
    public let inputRate: Int
    public let outputRate: Int
    private var buffer: [Int16] = []

    public init(from inputRate: Int, to outputRate: Int) throws {
        var error: soxr_error_t?
        guard let handle = narrate_soxr_create_int16(Double(inputRate), Double(outputRate), &error), error == nil else {
            throw SoundFileError.failed(operation: "soxr_create", reason: error.map { String(cString: $0) } ?? "unknown")
        }
        self.handle = handle
        self.inputRate = inputRate
        self.outputRate = outputRate
    }

    deinit { soxr_delete(handle) }

    public func process(_ samples: [Int16]) throws -> [Int16] {
        try run(samples)
    }

    /// The samples still inside the filter, at the end of the stream.
    public func flush() throws -> [Int16] {
        try run(nil)
    }

    private func run(_ samples: [Int16]?) throws -> [Int16] {
        if let samples, samples.isEmpty { return [] }
        var output: [Int16] = []
        let count = samples?.count ?? 0
        var consumed = 0
        repeat {
            let room = max(4096, (count - consumed) * outputRate / max(inputRate, 1) + 64)
            if buffer.count < room { buffer = [Int16](repeating: 0, count: room) }
            var used = 0, produced = 0
            let error: soxr_error_t? = buffer.withUnsafeMutableBufferPointer { out in
                if let samples {
                    return samples.withUnsafeBufferPointer { input in
                        soxr_process(handle, input.baseAddress! + consumed, count - consumed, &used, out.baseAddress, out.count, &produced)
                    }
                }
                return soxr_process(handle, nil, 0, nil, out.baseAddress, out.count, &produced)
            }
            try check(error)
            consumed += used
            output += buffer[0..<produced]
            // Flushing: keep draining until the filter has nothing left.
            if samples == nil && produced == 0 { break }
            if samples != nil && consumed >= count && produced < buffer.count { break }
        } while true
        return output
    }

    /// The one place libsoxr errors become Swift errors.
    private func check(_ error: soxr_error_t?) throws {
        guard let error else { return }
        throw SoundFileError.failed(operation: "soxr_process", reason: String(cString: error))
    }
}
