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

    public var exitStatus: ExitStatus {
        switch self {
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
        }
    }
}
