/// Audio for one segment: 16-bit mono PCM plus word timings when the engine gives them.
public struct SynthesizedAudio: Sendable, Equatable {
    public var samples: [Int16]
    public var sampleRate: Int
    public var words: [WordTiming]

    public init(samples: [Int16], sampleRate: Int, words: [WordTiming] = []) {
        self.samples = samples
        self.sampleRate = sampleRate
        self.words = words
    }

    public var duration: Double { Double(samples.count) / Double(sampleRate) }
}

/// Where a word starts in the audio, and which characters of the segment's text it spans.
public struct WordTiming: Codable, Sendable, Equatable {
    /// Sample offset from the start of the segment's audio.
    public var sample: Int
    /// Character offset (0-based) into the segment text, and length in characters.
    public var textOffset: Int
    public var length: Int
}

/// A text-to-speech engine. Implementations must be safe to call from any thread; engines whose
/// C library keeps global state serialise calls internally (see `ESpeakEngine`).
public protocol SpeechEngine: Sendable {
    var identity: EngineIdentity { get }
    /// Throws `SynthesisError.unknownVoice` when the engine has no such voice.
    func validate(voice: VoiceSettings) throws
    func synthesize(_ text: String, voice: VoiceSettings) throws -> SynthesizedAudio
}

public enum SynthesisError: NarrateError, Equatable {
    case engineUnavailable(reason: String)
    case unknownVoice(name: String)
    case failed(operation: String, reason: String)
    case workerFailed(reason: String)
    /// Piper voices need sherpa-onnx, loaded at run time, and it is not there (exit 69).
    case neuralUnavailable(reason: String)
    /// A Piper voice name that no folder narrate searches has (exit 64).
    case unknownPiperVoice(name: String)
    /// A Piper voice's files cannot be used: a damaged .onnx, a missing or invalid .onnx.json (exit 65).
    case brokenPiperVoice(path: String, reason: String)
    /// sherpa-onnx failed on a voice that loaded (exit 70).
    case piperFailed(operation: String, reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .neuralUnavailable: return .unavailable
        case .unknownPiperVoice: return .usage
        case .brokenPiperVoice: return .dataError
        case .piperFailed: return .software
        case .unknownVoice: return .usage
        case .engineUnavailable: return .software
        case .failed, .workerFailed: return .software
        }
    }

    public var description: String {
        switch self {
        case let .engineUnavailable(reason):
            return "espeak-ng cannot start: \(reason); install the espeak-ng-data package (make deps)"
        case let .unknownVoice(name):
            return "unknown voice '\(name)'; run 'narrate voices' to list voices and variants (e.g. en-us, en-gb, en+f3)"
        case let .failed(operation, reason):
            return "espeak-ng failed in \(operation): \(reason)"
        case let .workerFailed(reason):
            return "synthesis failed: \(reason)"
        case let .neuralUnavailable(reason):
            return "Piper voices need the neural runtime (sherpa-onnx), which is not installed: \(reason); run 'make deps-neural' or see Docs/voices.md"
        case let .unknownPiperVoice(name):
            return "unknown Piper voice '\(name)'; run 'narrate voices --engine piper' to list them, or give the path of a .onnx file with its .onnx.json beside it"
        case let .brokenPiperVoice(path, reason):
            return "\(path): \(reason); download the voice's .onnx and .onnx.json again"
        case let .piperFailed(operation, reason):
            return "Piper synthesis failed in \(operation): \(reason)"
        }
    }
}
