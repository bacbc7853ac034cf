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

    /// Synthesizes in a forked child of the initialised engine (see shim.h for why), so the
    /// result depends only on text and voice. Safe to call from several threads at once: the
    /// lock covers only voice selection and the fork; children run in parallel.
    public func synthesize(_ text: String, voice: VoiceSettings) throws -> SynthesizedAudio {
        do {
            return try synthesizeInChild(text, voice: voice)
        } catch SynthesisError.workerFailed {
            // A crashed or hung child is retried once in a fresh child before giving up.
            return try synthesizeInChild(text, voice: voice)
        }
    }

    private func synthesizeInChild(_ text: String, voice: VoiceSettings) throws -> SynthesizedAudio {
        let fault = TestFaults.shared.fault(for: text)
        var fds: [Int32] = [-1, -1]
        let pid: pid_t = try lock.withLock {
            try select(voice)
            guard pipe(&fds) == 0 else { throw SynthesisError.failed(operation: "pipe", reason: String(cString: strerror(errno))) }
            let pid = text.withCString {
                narrate_espeak_fork_synthesize(
                    fds[0], fds[1], Int32(voice.rate), Int32(voice.pitch), Int32(voice.volume), $0, fault)
            }
            close(fds[1])
            if pid < 0 {
                close(fds[0])
                throw SynthesisError.failed(operation: "fork", reason: String(cString: strerror(errno)))
            }
            return pid
        }
        defer { close(fds[0]) }
        // Generous: synthesis runs at hundreds of times realtime, so a child this slow is stuck.
        let timeout = (TestFaults.shared.timeout ?? 10) + Double(text.count) * 0.05
        let bytes = ChildPipe.readAll(fds[0], timeout: timeout)
        if bytes == nil { kill(pid, SIGKILL) }
        let status = ChildPipe.wait(pid)
        guard let bytes else { throw SynthesisError.workerFailed(reason: "timed out after \(Int(timeout)) s") }
        guard status.exitedNormally else { throw SynthesisError.workerFailed(reason: status.description) }
        let records = try SynthesisRecords.parse(bytes)
        try Self.check(espeak_ng_STATUS(rawValue: UInt32(bitPattern: records.status)), "Synthesize")
        let rate = identity.sampleRate
        let count = text.count
        let words = records.words.compactMap { word -> WordTiming? in
            let offset = word.position - 1  // espeak counts characters from 1
            guard offset >= 0, offset < count else { return nil }
            return WordTiming(sample: word.milliseconds * rate / 1000, textOffset: offset, length: min(word.length, count - offset))
        }
        return SynthesizedAudio(samples: records.samples, sampleRate: rate, words: words)
    }

    /// Lists the voices espeak-ng has, with their languages.
    public func voices() -> [(name: String, identifier: String, languages: [String])] {
        lock.withLock { voicesUnlocked() }
    }

    private func voicesUnlocked() -> [(name: String, identifier: String, languages: [String])] {
        do {
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
            var status = espeak_ng_SetVoiceByName(voice.name)
            if status == ENS_VOICE_NOT_FOUND { status = setVoiceByLanguage(voice.name) }
            if status == ENS_VOICE_NOT_FOUND { throw SynthesisError.unknownVoice(name: voice.name) }
            try Self.check(status, "SetVoiceByName(\(voice.name))")
            currentVoice = voice.name
        }
        try Self.check(espeak_ng_SetParameter(espeakRATE, Int32(voice.rate), 0), "SetParameter(rate)")
        try Self.check(espeak_ng_SetParameter(espeakPITCH, Int32(voice.pitch), 0), "SetParameter(pitch)")
        try Self.check(espeak_ng_SetParameter(espeakVOLUME, Int32(voice.volume), 0), "SetParameter(volume)")
    }

    /// Like the espeak-ng command line: a name that is not a voice file ("en-gb") is tried as a
    /// language, keeping a "+variant" suffix. Only known languages are accepted, so a typo is an
    /// error rather than a silent fallback to some default voice.
    private func setVoiceByLanguage(_ name: String) -> espeak_ng_STATUS {
        let parts = name.split(separator: "+", maxSplits: 1).map(String.init)
        let language = parts.first ?? name
        guard knownLanguages.contains(language.lowercased()) else { return ENS_VOICE_NOT_FOUND }
        var status = language.withCString { cLanguage -> espeak_ng_STATUS in
            var selector = espeak_VOICE()
            selector.languages = cLanguage
            return espeak_ng_SetVoiceByProperties(&selector)
        }
        if status == ENS_OK, parts.count == 2 {
            // Re-select by the resolved voice's file name with the variant attached.
            if let current = espeak_GetCurrentVoice()?.pointee, let identifier = current.identifier {
                status = espeak_ng_SetVoiceByName(String(cString: identifier).split(separator: "/").last.map(String.init)! + "+" + parts[1])
                if status != ENS_OK { status = espeak_ng_SetVoiceByName(String(cString: identifier) + "+" + parts[1]) }
            }
        }
        return status
    }

    private lazy var knownLanguages: Set<String> = Set(voicesUnlocked().flatMap { $0.languages.map { $0.lowercased() } })

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

