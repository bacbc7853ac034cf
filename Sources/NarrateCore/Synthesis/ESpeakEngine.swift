import CEspeakNG
import Foundation

/// The one owner of libespeak-ng in this process.
///
/// espeak-ng keeps its state in C globals, and that state drifts: the same text comes out
/// differently depending on what was spoken before, and many `espeak_ng_SetParameter` calls in
/// one process eventually make utterances silent (both measured; see Docs/architecture.md). So
/// this type initialises espeak-ng once and never synthesizes here: worker processes forked
/// from that pristine state (`SynthesisWorkerPool`) fork one grandchild per segment, which
/// selects the voice, sets the parameters and synthesizes (`Sources/CNarrateWorker/worker.c`).
public final class ESpeakEngine: SpeechEngine {
    // Sendable without `@unchecked`: everything here is immutable after init, and the pool
    // keeps its idle workers in a `Locked`.
    private let workers = SynthesisWorkerPool()
    private let knownLanguages: Set<String>
    private let voiceList: [(name: String, identifier: String, languages: [String])]
    private let variantNames: Set<String>
    public let identity: EngineIdentity

    /// Initialised once, on first use: Swift runs a global or static `let`'s initialiser exactly
    /// once, even when several threads ask at the same time. A failure is kept and thrown again.
    private static let sharedEngine = Result { try ESpeakEngine() }.mapError { $0 as! SynthesisError }

    /// The process-wide engine, initialised on first use.
    public static func shared() throws -> ESpeakEngine {
        started.withLock { $0 = true }
        return try sharedEngine.get()
    }

    /// Whether `shared()` was called: `retireWorkers()` must not start espeak-ng just to stop it.
    private static let started = Locked(false)

    /// Stops the engine's idle worker processes and reaps them; called when a command ends.
    public static func retireWorkers() {
        guard started.withLock({ $0 }), let engine = try? sharedEngine.get() else { return }
        engine.workers.retireIdle()
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
        voiceList = Self.listVoices()
        knownLanguages = Set(voiceList.flatMap { $0.languages.map { $0.lowercased() } })
        variantNames = Set(Self.variantNames())
    }

    /// Checks in a worker that the voice exists (an unknown voice is a usage error).
    public func validate(voice: VoiceSettings) throws {
        let records = try request(text: nil, voice: voice, fault: 0)
        let status = espeak_ng_STATUS(rawValue: UInt32(bitPattern: records.status))
        if status == ENS_VOICE_NOT_FOUND { throw SynthesisError.unknownVoice(name: voice.name) }
        try Self.check(status, "SetVoice(\(voice.name))")
    }

    /// Synthesizes in a worker's grandchild (see above), so the result depends only on text and
    /// voice. Safe to call from several threads at once: each call has a worker of its own. A
    /// crashed or hung synthesis is retried once in a fresh process.
    public func synthesize(_ text: String, voice: VoiceSettings) throws -> SynthesizedAudio {
        let fault = TestFaults.shared.fault(for: text)
        let records: WorkerProtocol.Records
        do {
            records = try request(text: text, voice: voice, fault: fault)
        } catch SynthesisError.workerFailed {
            records = try request(text: text, voice: voice, fault: fault)
        }
        let status = espeak_ng_STATUS(rawValue: UInt32(bitPattern: records.status))
        if status == ENS_VOICE_NOT_FOUND { throw SynthesisError.unknownVoice(name: voice.name) }
        try Self.check(status, "Synthesize")
        let rate = identity.sampleRate
        let count = text.count
        let words = records.words.compactMap { word -> WordTiming? in
            let offset = word.position - 1  // espeak counts characters from 1
            guard offset >= 0, offset < count else { return nil }
            return WordTiming(sample: word.milliseconds * rate / 1000, textOffset: offset, length: min(word.length, count - offset))
        }
        return SynthesizedAudio(samples: records.samples, sampleRate: rate, words: words)
    }

    /// The IPA phonemes of `text` as espeak-ng reads it with `voice` (an espeak-ng voice name, e.g.
    /// `en-us`), clause by clause, each with the text it consumed: for Piper voices. Runs in a
    /// worker's grandchild like synthesis (espeak-ng's API is not thread-safe, and its state
    /// drifts), so it is safe from any thread and deterministic. `[[…]]` mnemonics are honoured.
    func phonemize(_ text: String, voice: String) throws -> [(source: String, ipa: String)] {
        let records = try request(text: text, voice: VoiceSettings(name: voice), fault: 0, phonemize: true)
        let status = espeak_ng_STATUS(rawValue: UInt32(bitPattern: records.status))
        if status == ENS_VOICE_NOT_FOUND { throw SynthesisError.unknownVoice(name: voice) }
        try Self.check(status, "TextToPhonemes")
        var bytes = Array(text.utf8)[...]
        return records.clauses.map { clause in
            let taken = bytes.prefix(clause.consumed ?? bytes.count)
            bytes = bytes.dropFirst(taken.count)
            return (String(decoding: taken, as: UTF8.self), clause.ipa)
        }
    }

    /// One request to a worker: select `voice` and, when `text` is given, synthesize it (or,
    /// with `phonemize`, write its phonemes).
    private func request(text: String?, voice: VoiceSettings, fault: Int32, phonemize: Bool = false) throws -> WorkerProtocol.Records {
        let parts = voice.name.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let language = parts.first.flatMap { knownLanguages.contains($0.lowercased()) ? $0 : nil }
        let variant = parts.count == 2 ? parts[1] : nil
        // espeak-ng silently ignores a variant it has no file for and reads the voice name and
        // variant as paths under its data folder: only listed variants, and no `..`, get through.
        if let variant, !variantNames.contains(variant) { throw SynthesisError.unknownVoice(name: voice.name) }
        if parts[0].isEmpty || parts[0].split(separator: "/").contains("..") { throw SynthesisError.unknownVoice(name: voice.name) }
        let request = WorkerProtocol.Request(
            voice: voice.name, language: language, variant: variant,
            rate: Int32(voice.rate), pitch: Int32(voice.pitch), volume: Int32(voice.volume), fault: fault, text: text,
            phonemize: phonemize)
        // Generous: synthesis runs at hundreds of times realtime, so a process this slow is stuck.
        let timeout = (TestFaults.shared.timeout ?? 10) + Double(text?.count ?? 0) * 0.05
        return try workers.run(request, timeout: timeout).records()
    }

    /// The language tags espeak-ng has voices for, lower-cased.
    public var languages: Set<String> { knownLanguages }

    /// The voices espeak-ng has, with their languages (read once at start-up).
    public func voices() -> [(name: String, identifier: String, languages: [String])] { voiceList }

    /// The voice variants (`en+f3`, `de+Alex`…): names to put after `+`.
    public func variants() -> [String] {
        Self.variantNames().sorted { $0.lowercased() < $1.lowercased() }
    }

    private static func variantNames() -> [String] {
        "variant".withCString { language in
            var spec = espeak_VOICE()
            spec.languages = language
            return listVoices(&spec).map { $0.identifier.split(separator: "/").last.map(String.init) ?? $0.identifier }
        }
    }

    private static func listVoices(_ spec: UnsafeMutablePointer<espeak_VOICE>? = nil) -> [(name: String, identifier: String, languages: [String])] {
        guard let list = espeak_ListVoices(spec) else { return [] }
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

    /// The one place espeak-ng status codes become Swift errors.
    private static func check(_ status: espeak_ng_STATUS, _ operation: String) throws {
        guard status != ENS_OK else { return }
        throw SynthesisError.failed(operation: operation, reason: message(for: status))
    }

    private static func message(for status: espeak_ng_STATUS) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        espeak_ng_GetStatusCodeMessage(status, &buffer, buffer.count)
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// The data directory and the size of its phoneme data: new data means new audio.
    private static func dataFingerprint(path: String) -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: path + "/phondata")[.size] as? Int) ?? 0
        return "\(path)#phondata=\(size)"
    }
}
