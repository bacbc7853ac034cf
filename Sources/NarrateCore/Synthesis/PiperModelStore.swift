import Foundation

/// The copies of Piper models that sherpa-onnx can load, in narrate's cache folder
/// (`NeuralLocations.store`). A Piper `.onnx` lacks the metadata sherpa-onnx requires
/// (`model_type=vits`, `comment=piper`, `sample_rate`…), and the voice's file belongs to its
/// package or its user: narrate writes a patched copy once, with `tokens.txt` made from the
/// voice's `phoneme_id_map`, and never modifies the original.
struct PiperModelStore: Sendable {
    let folder: URL

    /// What a prepared voice is: the files to load and the hash that identifies its audio.
    struct Prepared: Sendable, Equatable {
        var model: String
        var tokens: String
        /// SHA-256 of the `.onnx` file and of its `.onnx.json`: part of every cache key.
        var hash: String
    }

    /// The patched copy of `voice`, written on first use (atomically, so concurrent runs agree).
    func prepare(_ voice: PiperVoice) throws -> Prepared {
        let configPath = [voice.path + ".json", URL(fileURLWithPath: voice.path).deletingPathExtension().path + ".json"]
            .first { FileManager.default.fileExists(atPath: $0) } ?? voice.path + ".json"
        let modelHash = try fileHash(voice.path)
        let configHash = try fileHash(configPath)
        let hash = SHA256.hex("piper-model=\(modelHash) config=\(configHash)")
        let directory = folder.appendingPathComponent(String(hash.prefix(32)))
        let model = directory.appendingPathComponent("model.onnx")
        let tokens = directory.appendingPathComponent("tokens.txt")
        if !FileManager.default.fileExists(atPath: model.path) || !FileManager.default.fileExists(atPath: tokens.path) {
            try create(directory)
            var bytes = try read(voice.path)
            try Self.checkModel(bytes, path: voice.path)
            bytes += Self.metadata(for: voice)
            try AtomicFile.write(Data(Self.tokens(voice.phonemeIDs).utf8), to: tokens)
            try AtomicFile.write(Data(bytes), to: model)
        }
        return Prepared(model: model.path, tokens: tokens.path, hash: "\(modelHash)+\(configHash)")
    }

    /// The SHA-256 of a file, remembered by path, size, inode and modification time so a
    /// 60 MB model is hashed once, not on every run.
    private func fileHash(_ path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw SynthesisError.brokenPiperVoice(path: path, reason: String(cString: strerror(errno))) }
        let memo = folder.appendingPathComponent("hashes")
            .appendingPathComponent(SHA256.hex("\(path)|\(info.st_size)|\(info.st_ino)|\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"))
        if let known = try? String(contentsOf: memo, encoding: .utf8), known.count == 64 { return known }
        var hasher = SHA256()
        hasher.update(try read(path))
        let digest = hasher.hexDigest()
        try create(memo.deletingLastPathComponent())
        try AtomicFile.write(Data(digest.utf8), to: memo)
        return digest
    }

    private func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SynthesisError.brokenPiperVoice(path: path, reason: "cannot be read")
        }
        return [UInt8](data)
    }

    private func create(_ directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError.writing(directory.path, errno: (error as NSError).code == NSFileWriteNoPermissionError ? EACCES : EIO)
        }
    }

    /// Checks that `bytes` are a whole ONNX model (a protocol buffer whose top-level fields are
    /// all complete, with a graph), so a damaged file is one clear error here rather than a
    /// failure inside ONNX Runtime.
    static func checkModel(_ bytes: [UInt8], path: String) throws {
        var offset = 0, hasGraph = false
        func varint() -> UInt64? {
            var value: UInt64 = 0, shift: UInt64 = 0
            while offset < bytes.count, shift < 64 {
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        while offset < bytes.count {
            guard let key = varint(), key >> 3 > 0 else { return try damaged(path) }
            switch key & 7 {
            case 0: guard varint() != nil else { return try damaged(path) }
            case 1: offset += 8
            case 5: offset += 4
            case 2:
                guard let length = varint(), length <= UInt64(bytes.count - offset) else { return try damaged(path) }
                offset += Int(length)
                if key >> 3 == 7 { hasGraph = true }
            default: return try damaged(path)
            }
            if offset > bytes.count { return try damaged(path) }
        }
        if !hasGraph { try damaged(path) }
    }

    private static func damaged(_ path: String) throws {
        throw SynthesisError.brokenPiperVoice(path: path, reason: "not a complete ONNX model (damaged or cut short)")
    }

    /// sherpa-onnx's metadata as `ModelProto.metadata_props` entries (field 14): protocol
    /// buffers merge repeated fields, so appending them to the file adds them.
    static func metadata(for voice: PiperVoice) -> [UInt8] {
        let entries = [
            ("model_type", "vits"), ("comment", "piper"), ("language", voice.language), ("voice", voice.espeakVoice),
            ("has_espeak", "1"), ("n_speakers", "\(voice.speakers)"), ("sample_rate", "\(voice.sampleRate)"),
        ]
        return entries.flatMap { key, value in
            field(14, field(1, Array(key.utf8)) + field(2, Array(value.utf8)))
        }
    }

    private static func field(_ number: Int, _ payload: [UInt8]) -> [UInt8] {
        varint(UInt64(number << 3 | 2)) + varint(UInt64(payload.count)) + payload
    }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var value = value, bytes: [UInt8] = []
        repeat {
            bytes.append(UInt8(value & 0x7F) | (value > 0x7F ? 0x80 : 0))
            value >>= 7
        } while value > 0
        return bytes
    }

    /// sherpa-onnx's `tokens.txt`: `symbol id` per line, from the voice's `phoneme_id_map`.
    static func tokens(_ ids: [String: Int]) -> String {
        ids.filter { !$0.key.contains("\n") && !$0.key.isEmpty }.sorted { $0.value < $1.value }
            .map { "\($0.key) \($0.value)\n" }.joined()
    }
}
