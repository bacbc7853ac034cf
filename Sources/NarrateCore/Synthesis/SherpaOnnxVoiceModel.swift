import CSherpaOnnx
import Foundation

/// The one owner of sherpa-onnx in this process: loads `libsherpa-onnx-c-api.so` with `dlopen`
/// (it is never linked, so narrate builds and runs with espeak-ng without it), and holds one
/// loaded Piper model with its ONNX Runtime session. Everything it hands out is a Swift value.
///
/// An instance is not thread-safe and is used by one caller at a time: `PiperEngine` checks
/// instances out of its pool, so each model runs on one thread at a time with its own
/// `threads` intra-op threads.
final class SherpaOnnxVoiceModel {
    /// The runtime's functions, looked up once per process.
    struct Library: @unchecked Sendable {
        // @unchecked: C function pointers and a dlopen handle, all immutable after loading
        // and valid for the life of the process (the library is never closed).
        let version: String
        let create: SherpaOnnxCreateOfflineTtsFn
        let destroy: SherpaOnnxDestroyOfflineTtsFn
        let sampleRate: SherpaOnnxOfflineTtsSampleRateFn
        let generate: SherpaOnnxOfflineTtsGenerateWithConfigFn
        let destroyAudio: SherpaOnnxDestroyOfflineTtsGeneratedAudioFn
    }

    private static let loaded = Locked<[String: Result<Library, SynthesisError>]>([:])

    /// Loads the runtime at `path` once; a failure is one line saying what to install.
    static func library(at path: String) throws -> Library {
        try loaded.withLock { cache in
            if let known = cache[path] { return try known.get() }
            let result = Result { try open(path) }.mapError { $0 as? SynthesisError ?? .neuralUnavailable(reason: "\($0)") }
            cache[path] = result
            return try result.get()
        }
    }

    private static func open(_ path: String) throws -> Library {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "cannot load \(path)"
            throw SynthesisError.neuralUnavailable(reason: reason)
        }
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let pointer = dlsym(handle, name) else {
                throw SynthesisError.neuralUnavailable(reason: "\(path) has no \(name) (sherpa-onnx 2.x is needed)")
            }
            return unsafeBitCast(pointer, to: type)
        }
        let version = try symbol("SherpaOnnxGetVersionStr", as: SherpaOnnxGetVersionStrFn.self)
        return Library(
            version: version().map { String(cString: $0) } ?? "?",
            create: try symbol("SherpaOnnxCreateOfflineTts", as: SherpaOnnxCreateOfflineTtsFn.self),
            destroy: try symbol("SherpaOnnxDestroyOfflineTts", as: SherpaOnnxDestroyOfflineTtsFn.self),
            sampleRate: try symbol("SherpaOnnxOfflineTtsSampleRate", as: SherpaOnnxOfflineTtsSampleRateFn.self),
            generate: try symbol("SherpaOnnxOfflineTtsGenerateWithConfig", as: SherpaOnnxOfflineTtsGenerateWithConfigFn.self),
            destroyAudio: try symbol("SherpaOnnxDestroyOfflineTtsGeneratedAudio", as: SherpaOnnxDestroyOfflineTtsGeneratedAudioFn.self))
    }

    private let library: Library
    private let handle: OpaquePointer
    let sampleRate: Int

    /// Loads `model` (an ONNX file carrying sherpa-onnx's metadata) and `tokens` (`symbol id`
    /// lines) with `threads` intra-op threads. `noise` and `noiseW` are the VITS noise scales.
    init(library: Library, model: String, tokens: String, threads: Int, noise: Float, noiseW: Float) throws {
        self.library = library
        var config = SherpaOnnxOfflineTtsConfig()
        let made: OpaquePointer? = model.withCString { modelPath in
            tokens.withCString { tokensPath in
                "cpu".withCString { provider in
                    config.model.vits.model = modelPath
                    config.model.vits.tokens = tokensPath
                    config.model.vits.noise_scale = noise
                    config.model.vits.noise_scale_w = noiseW
                    config.model.vits.length_scale = 1
                    config.model.num_threads = Int32(threads)
                    config.model.provider = provider
                    config.max_num_sentences = 1
                    return library.create(&config)
                }
            }
        }
        handle = try Self.check(made, .brokenPiperVoice(path: model, reason: "sherpa-onnx cannot load this model"))
        sampleRate = Int(library.sampleRate(made))
    }

    deinit { library.destroy(handle) }

    /// Speaks sentences given as phoneme codepoints (each non-empty), `speed` > 1 faster.
    /// Returns float samples in [-1, 1] at `sampleRate`.
    func generate(sentences: [[Int32]], speed: Float) throws -> [Float] {
        let sentences = sentences.filter { !$0.isEmpty }
        guard !sentences.isEmpty else { return [] }
        let flat = sentences.flatMap { $0 }
        let lengths = sentences.map { Int32($0.count) }
        let audio: UnsafePointer<SherpaOnnxGeneratedAudio>? = flat.withUnsafeBufferPointer { codepoints in
            lengths.withUnsafeBufferPointer { counts in
                var generation = SherpaOnnxGenerationConfig()
                generation.speed = speed
                generation.silence_scale = 1
                generation.phoneme_codepoints = codepoints.baseAddress
                generation.phoneme_codepoints_lens = counts.baseAddress
                generation.phoneme_codepoints_num_sentences = Int32(counts.count)
                return "".withCString { library.generate(handle, $0, &generation, nil, nil) }
            }
        }
        let generated = try Self.check(audio, .piperFailed(operation: "generating speech", reason: "sherpa-onnx returned no audio"))
        defer { library.destroyAudio(generated) }
        let result = generated.pointee
        guard result.n > 0 else { return [] }
        let samples = try Self.check(result.samples, .piperFailed(operation: "reading the generated audio", reason: "sherpa-onnx returned no samples"))
        return Array(UnsafeBufferPointer(start: samples, count: Int(result.n)))
    }

    /// The one place a sherpa-onnx result is checked: its functions report failure as NULL.
    private static func check<T>(_ value: T?, _ failure: @autoclosure () -> SynthesisError) throws -> T {
        guard let value else { throw failure() }
        return value
    }
}
