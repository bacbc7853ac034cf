import Foundation

/// One Piper voice, spoken in-process by sherpa-onnx: up to `instances` loaded copies of the
/// model, each with `threads` ONNX Runtime intra-op threads, loaded on first use and kept warm
/// for the run (never one load per segment). A caller takes an idle instance, or waits for one.
///
/// Phonemes come from espeak-ng in a worker process (`ESpeakEngine.phonemize`): its API is not
/// thread-safe and its state drifts, and the workers are where narrate already runs it.
///
/// Audio is a function of text and voice alone: the VITS noise scales are set to the smallest
/// float instead of Piper's 0.667/0.8 (the models draw their noise from an unseeded generator,
/// and sherpa-onnx reads 0 as "default"), which makes every run, instance and thread count give
/// the same samples (`PiperEngineTests`) at the cost of Piper's sampled prosody variation.
public final class PiperEngine: Sendable {
    public let voice: PiperVoice
    public let identity: EngineIdentity
    public let instances: Int
    public let threads: Int
    private let library: SherpaOnnxVoiceModel.Library
    private let prepared: PiperModelStore.Prepared
    private let espeak: ESpeakEngine
    /// Loaded models not in use; at most `instances` exist, one per `available` slot.
    private let idle = Locked<[SherpaOnnxModelBox]>([])
    private let available: DispatchSemaphore

    /// The noise scales narrate runs every Piper model with (see above).
    static let noise = Float.leastNonzeroMagnitude

    /// Finds the runtime and prepares the model (a patched copy, hashed once); loads nothing yet.
    public init(voice: PiperVoice, locations: NeuralLocations, instances: Int, threads: Int, espeak: ESpeakEngine) throws {
        library = try SherpaOnnxVoiceModel.library(at: try locations.requireRuntime())
        prepared = try PiperModelStore(folder: locations.store).prepare(voice)
        self.voice = voice
        self.instances = max(1, instances)
        self.threads = max(1, threads)
        self.espeak = espeak
        available = DispatchSemaphore(value: self.instances)
        // The thread count is not part of the identity: measured not to change the samples.
        identity = EngineIdentity(
            name: EngineIdentity.piperName, version: "sherpa-onnx \(library.version)",
            dataVersion: "\(voice.name)#\(prepared.hash)#noise=0", sampleRate: voice.sampleRate)
    }

    /// Loads one instance now, so a damaged model fails before rendering starts.
    public func load() throws {
        let model = try checkout()
        checkin(model)
    }

    /// Speaks `text` with this voice: `rate` (words per minute, 175 normal) becomes Piper's
    /// speed, `volume` a gain. Pitch cannot be changed (`EngineSetup` refuses it up front).
    public func synthesize(_ text: String, rate: Int, volume: Int) throws -> SynthesizedAudio {
        let clauses = try espeak.phonemize(text, voice: voice.espeakVoice)
        let sentences = PiperPhonemes.sentences(clauses, known: voice.phonemeIDs)
        guard !sentences.isEmpty else { return SynthesizedAudio(samples: [], sampleRate: voice.sampleRate) }
        let model = try checkout()
        defer { checkin(model) }
        let floats = try model.model.generate(sentences: sentences, speed: Float(rate) / 175)
        let gain = Float(volume) / 100 * 32767
        let samples = floats.map { Int16(max(-32767, min(32767, ($0 * gain).rounded()))) }
        return SynthesizedAudio(samples: samples, sampleRate: model.model.sampleRate)
    }

    private func checkout() throws -> SherpaOnnxModelBox {
        available.wait()
        if let reused = idle.withLock({ $0.popLast() }) { return reused }
        do {
            return SherpaOnnxModelBox(model: try SherpaOnnxVoiceModel(
                library: library, model: prepared.model, tokens: prepared.tokens, threads: threads,
                noise: Self.noise, noiseW: Self.noise))
        } catch {
            available.signal()
            throw error
        }
    }

    private func checkin(_ model: SherpaOnnxModelBox) {
        idle.withLock { $0.append(model) }
        available.signal()
    }
}

/// A loaded model moving between `PiperEngine`'s pool and the one caller using it.
///
/// `@unchecked Sendable`: the model is not thread-safe, but the pool hands each box to one
/// caller at a time (checked out under the pool's lock, checked back in when done), so no two
/// threads ever use it at once.
final class SherpaOnnxModelBox: @unchecked Sendable {
    let model: SherpaOnnxVoiceModel
    init(model: SherpaOnnxVoiceModel) { self.model = model }
}
