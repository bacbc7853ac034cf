import CEspeakNG
import Foundation

/// The one owner of libespeak-ng in this process.
///
/// espeak-ng keeps all its state in C globals (voice, parameters, the synth callback), so it is
/// initialised once, lazily, and every call goes through `lock`. For parallel synthesis narrate
/// uses several processes, each with its own `ESpeakEngine`.
public final class ESpeakEngine: SpeechEngine, @unchecked Sendable {
    // Safe: the mutable state (`currentVoice`, espeak's globals) is only touched under `lock`.
    private let lock = NSLock()
    private var currentVoice: String?
    public let identity: EngineIdentity

    private nonisolated(unsafe) static var sharedEngine: Result<ESpeakEngine, SynthesisError>?
    private static let sharedLock = NSLock()

    /// The process-wide engine, initialised on first use.
    public static func shared() throws -> ESpeakEngine {
        try sharedLock.withLock {
            if sharedEngine == nil { sharedEngine = Result { try ESpeakEngine() }.mapError { $0 as! SynthesisError } }
            return try sharedEngine!.get()
        }
    }

    private init() throws {
        espeak_ng_InitializePath(nil)
        var context: espeak_ng_ERROR_CONTEXT?
        let status = espeak_ng_Initialize(&context)
        defer { if context != nil { espeak_ng_ClearErrorContext(&context) } }
        guard status == ENS_OK else {
            throw SynthesisError.engineUnavailable(reason: Self.message(for: status))
        }
        try Self.check(espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, nil), "InitializeOutput")
        espeak_SetSynthCallback(synthCallback)

        var dataPath: UnsafePointer<CChar>?
        let version = String(cString: espeak_Info(&dataPath))
        let path = dataPath.map { String(cString: $0) } ?? "?"
        identity = EngineIdentity(
            name: "espeak-ng", version: version, dataVersion: Self.dataFingerprint(path: path),
            sampleRate: Int(espeak_ng_GetSampleRate()))
    }

    public func validate(voice: VoiceSettings) throws {
        try lock.withLock { try select(voice) }
    }

    public func synthesize(_ text: String, voice: VoiceSettings) throws -> SynthesizedAudio {
        try lock.withLock {
            try select(voice)
            let collector = Collector()
            let box = Unmanaged.passRetained(collector)
            defer { box.release() }
            let status = text.withCString { cText in
                espeak_ng_Synthesize(
                    cText, strlen(cText) + 1, 0, POS_CHARACTER, 0, UInt32(espeakCHARS_UTF8), nil, box.toOpaque())
            }
            try Self.check(status, "Synthesize")
            try Self.check(espeak_ng_Synchronize(), "Synchronize")
            return SynthesizedAudio(
                samples: collector.samples, sampleRate: identity.sampleRate,
                words: collector.words(in: text, sampleRate: identity.sampleRate))
        }
    }

    /// Lists the voices espeak-ng has, with their languages.
    public func voices() -> [(name: String, identifier: String, languages: [String])] {
        lock.withLock {
            guard let list = espeak_ListVoices(nil) else { return [] }
            var result: [(String, String, [String])] = []
            var index = 0
            while let voice = list[index]?.pointee {
                var languages: [String] = []
                if var cursor = voice.languages {
                    while cursor.pointee != 0 {
                        cursor += 1  // skip the priority byte
                        let language = String(cString: cursor)
                        languages.append(language)
                        cursor += strlen(cursor) + 1
                    }
                }
                result.append((String(cString: voice.name), String(cString: voice.identifier), languages))
                index += 1
            }
            return result
        }
    }

    /// Sets voice and parameters; caller holds `lock`.
    private func select(_ voice: VoiceSettings) throws {
        if currentVoice != voice.name {
            let status = espeak_ng_SetVoiceByName(voice.name)
            if status == ENS_VOICE_NOT_FOUND { throw SynthesisError.unknownVoice(name: voice.name) }
            try Self.check(status, "SetVoiceByName(\(voice.name))")
            currentVoice = voice.name
        }
        try Self.check(espeak_ng_SetParameter(espeakRATE, Int32(voice.rate), 0), "SetParameter(rate)")
        try Self.check(espeak_ng_SetParameter(espeakPITCH, Int32(voice.pitch), 0), "SetParameter(pitch)")
        try Self.check(espeak_ng_SetParameter(espeakVOLUME, Int32(voice.volume), 0), "SetParameter(volume)")
    }

    /// The one place espeak-ng status codes become Swift errors.
    private static func check(_ status: espeak_ng_STATUS, _ operation: String) throws {
        guard status != ENS_OK else { return }
        throw SynthesisError.failed(operation: operation, reason: message(for: status))
    }

    private static func message(for status: espeak_ng_STATUS) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        espeak_ng_GetStatusCodeMessage(status, &buffer, buffer.count)
        return String(cString: buffer)
    }

    /// The data directory and the size of its phoneme data: new data means new audio.
    private static func dataFingerprint(path: String) -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: path + "/phondata")[.size] as? Int) ?? 0
        return "\(path)#phondata=\(size)"
    }
}

/// Receives PCM and events from the synth callback for one `synthesize` call.
private final class Collector {
    var samples: [Int16] = []
    var wordEvents: [(milliseconds: Int, position: Int, length: Int)] = []

    /// espeak reports word positions in characters from 1; convert to 0-based offsets.
    func words(in text: String, sampleRate: Int) -> [WordTiming] {
        let count = text.count
        return wordEvents.compactMap { event in
            let offset = event.position - 1
            guard offset >= 0, offset < count else { return nil }
            let sample = event.milliseconds * sampleRate / 1000
            return WordTiming(sample: sample, textOffset: offset, length: min(event.length, count - offset))
        }
    }
}

/// espeak-ng's synth callback: a C function, so it finds its collector through `user_data`.
private func synthCallback(
    _ wav: UnsafeMutablePointer<Int16>?, _ count: Int32, _ events: UnsafeMutablePointer<espeak_EVENT>?
) -> Int32 {
    guard let events, let userData = events.pointee.user_data else { return 0 }
    let collector = Unmanaged<Collector>.fromOpaque(userData).takeUnretainedValue()
    var event = events
    while event.pointee.type != espeakEVENT_LIST_TERMINATED {
        if event.pointee.type == espeakEVENT_WORD {
            collector.wordEvents.append((Int(event.pointee.audio_position), Int(event.pointee.text_position), Int(event.pointee.length)))
        }
        event += 1
    }
    if let wav, count > 0 {
        collector.samples.append(contentsOf: UnsafeBufferPointer(start: wav, count: Int(count)))
    }
    return 0
}
