import Foundation

/// The engine a plan is spoken with when some of its voices are Piper voices: each voice goes to
/// its engine (espeak-ng, or the `PiperEngine` of its model). Its identity is espeak-ng's, the
/// plan's; Piper voices carry their own (`VoiceSettings.engine`), and their audio is resampled to
/// the plan's rate when the model's differs (e.g. a 16 kHz `low` voice next to espeak-ng's 22 050).
public final class VoiceRouter: SpeechEngine {
    public let espeak: ESpeakEngine
    /// By voice name, as the plan's voices give it.
    public let piper: [String: PiperEngine]
    public var identity: EngineIdentity { espeak.identity }

    public init(espeak: ESpeakEngine, piper: [String: PiperEngine]) {
        self.espeak = espeak
        self.piper = piper
    }

    public func validate(voice: VoiceSettings) throws {
        if voice.isPiper {
            guard piper[voice.name] != nil else { throw SynthesisError.unknownPiperVoice(name: voice.name) }
        } else {
            try espeak.validate(voice: voice)
        }
    }

    public func synthesize(_ text: String, voice: VoiceSettings) throws -> SynthesizedAudio {
        guard voice.isPiper else { return try espeak.synthesize(text, voice: voice) }
        guard let engine = piper[voice.name] else { throw SynthesisError.unknownPiperVoice(name: voice.name) }
        var audio = try engine.synthesize(text, rate: voice.rate, volume: voice.volume)
        let rate = identity.sampleRate
        if audio.sampleRate != rate, !audio.samples.isEmpty {
            let resampler = try Resampler(from: audio.sampleRate, to: rate)
            audio = SynthesizedAudio(samples: try resampler.process(audio.samples) + resampler.flush(), sampleRate: rate)
        }
        return audio
    }
}

/// Sets up Piper voices for a plan: finds each one the voice assignment uses (a name or a
/// path), refuses what a Piper voice cannot do (pitch, espeak-ng variants) naming the cast line,
/// prepares its model and decides how many instances of it may run.
public enum EngineSetup {
    /// An estimate of one loaded instance's memory: ONNX Runtime holds about eight times the
    /// model file (measured: 510 MB peak RSS for a 63 MB medium voice).
    static let memoryPerModelByte = 8

    /// The engine for `assignment` (espeak-ng alone when no voice is a Piper voice), with the
    /// Piper identities put into `assignment` so cache keys carry them. `jobs` is the render's
    /// parallelism and `threads` each instance's ONNX Runtime threads (default 1).
    public static func engine(
        for assignment: inout VoiceAssignment, chapterLanguages: [(chapter: Int, language: String)],
        espeak: ESpeakEngine, jobs: Int, threads: Int?, warnings: WarningLog?
    ) throws -> any SpeechEngine {
        let piperVoices = assignment.voiceSettings(chapterLanguages: chapterLanguages).filter { $0.voice.isPiper }
        guard !piperVoices.isEmpty else { return espeak }
        let locations = NeuralLocations()
        let file = assignment.cast.file ?? "cast"
        let threads = max(1, threads ?? 1)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var instances = max(1, min(jobs, cores / threads))
        var found: [String: PiperVoice] = [:]
        for (voice, line) in piperVoices {
            do {
                found[voice.name] = try check(voice, locations: locations)
            } catch let error as SynthesisError where line != nil {
                if case .neuralUnavailable = error { throw error }
                throw ConfigError(file: file, line: line!, message: "\(error)", status: error.exitStatus)
            } catch let error as UsageError where line != nil {
                throw ConfigError(file: file, line: line!, message: error.message)
            }
        }
        instances = memoryBound(instances, models: Array(found.values), warnings: warnings)
        var engines: [String: PiperEngine] = [:]
        for (name, voice) in found.sorted(by: { $0.key < $1.key }) {
            let engine = try PiperEngine(voice: voice, locations: locations, instances: instances, threads: threads, espeak: espeak)
            try engine.load()
            engines[name] = engine
            assignment.piperEngines[name] = engine.identity
        }
        return VoiceRouter(espeak: espeak, piper: engines)
    }

    /// The Piper voice `voice` names, after refusing what Piper cannot honour.
    private static func check(_ voice: VoiceSettings, locations: NeuralLocations) throws -> PiperVoice {
        if voice.pitch != 50 {
            throw UsageError("Piper voices have no pitch setting (got pitch \(voice.pitch)); remove pitch for the Piper voice \(voice.name), or pick another Piper voice")
        }
        _ = try locations.requireRuntime()
        return try locations.voice(named: voice.name)
    }

    /// Lowers `instances` so every model's instances fit in the memory available, saying so.
    static func memoryBound(_ instances: Int, models: [PiperVoice], warnings: WarningLog?) -> Int {
        let perInstance = models.reduce(0) { total, voice in
            total + ((try? FileManager.default.attributesOfItem(atPath: voice.path)[.size] as? Int) ?? 0) * memoryPerModelByte
        }
        guard perInstance > 0, let available = availableMemory() else { return instances }
        let fitting = max(1, available * 8 / 10 / perInstance)
        if fitting < instances {
            warnings?.add("running \(fitting) Piper instance\(fitting == 1 ? "" : "s") instead of \(instances): each needs about \(perInstance >> 20) MB and \(available >> 20) MB of memory is available")
            return fitting
        }
        return instances
    }

    /// `MemAvailable` from /proc/meminfo, in bytes.
    private static func availableMemory() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kilobytes = Int(fields[1]) { return kilobytes * 1024 }
        }
        return nil
    }

    /// The Piper voice `--engine piper` reads a book in when no voice is named: the first one
    /// found for the book's language (`en` → `en_US-…`), else the first one found.
    public static func defaultPiperVoice(language: String) throws -> String {
        let locations = NeuralLocations()
        _ = try locations.requireRuntime()
        let voices = locations.voices().voices
        let primary = VoiceAssignment.primary(language)
        guard let voice = voices.first(where: { VoiceAssignment.primary($0.language.replacingOccurrences(of: "_", with: "-")) == primary }) ?? voices.first else {
            throw SynthesisError.unknownPiperVoice(name: "(none installed)")
        }
        return voice.name
    }
}
