import Foundation

extension DeliveryCheck {
    /// What `narrate check` says of an M4B or M4A: ACX's rules are for MP3 files, so these are
    /// the audiobook players' (AAC-LC in MP4, index first, chapters, tags) with the level and
    /// peaks measured as for MP3.
    static let audiobookNote = "M4B/M4A: audiobook player rules; ACX's rules (MP3, 192 kbit/s, 44.1 kHz, room tone) apply to MP3 files only"

    /// Measures an MP4 audio file: format, fast start, sample rate, channels, bitrate, loudness,
    /// peak, chapters, tags and cover.
    static func audiobook(_ url: URL) throws -> DeliveryCheck {
        let contents = try MP4File.read(url)
        let audio = contents.audio
        var rules: [Rule] = []
        func rule(_ name: String, _ value: String, _ requirement: String, _ passed: Bool) {
            rules.append(Rule(name: name, value: value, requirement: requirement, passed: passed))
        }
        let brand = contents.tags["major_brand"]?.trimmingCharacters(in: .whitespaces) ?? "?"
        let formatName = "\(contents.codec.uppercased())\(contents.profile.map { "-\($0)" } ?? "") in MP4 (\(brand))"
        rule("format", formatName, "AAC-LC in MP4", contents.codec == "aac" && (contents.profile ?? "LC") == "LC")
        let boxes = topLevelBoxes(url)
        let moovFirst = (boxes.firstIndex(of: "moov") ?? .max) < (boxes.firstIndex(of: "mdat") ?? .max)
        rule("fast start", moovFirst ? "index before audio" : "index after audio", "moov before mdat", moovFirst)
        rule("sample rate", "\(audio.sampleRate) Hz", "16000 Hz or more", audio.sampleRate >= 16000)
        rule("bitrate", "\(contents.bitrate / 1000) kbit/s", "32 kbit/s or more", contents.bitrate >= 32000)
        let loudness = LoudnessMeter.integrated(try LoudnessMeter.measure(audio.samples, sampleRate: audio.sampleRate).blocks)
        rule("loudness", loudness.map { String(format: "%.1f LUFS", $0) } ?? "silent", "−23 to −16 LUFS",
             loudness.map { $0 >= -23 && $0 <= -16 } ?? false)
        let peak = level(Double(audio.samples.reduce(0) { max($0, abs(Int($1))) }) / 32768)
        // AAC's rounding lifts peaks a little above the limiter's ceiling; what matters is no clipping.
        rule("peak", format(peak), "−0.1 dBFS or lower", peak <= -0.1)
        let titled = contents.chapters.filter { !$0.title.isEmpty }.count
        rule("chapters", "\(contents.chapters.count) (\(titled) titled)", "at least one, each with a title",
             !contents.chapters.isEmpty && titled == contents.chapters.count)
        let missing = ["title", "artist", "album"].filter { (contents.tags[$0] ?? "").isEmpty }
        rule("tags", missing.isEmpty ? "title, artist, album" : "no " + missing.joined(separator: ", "), "title, artist, album", missing.isEmpty)
        let kind = contents.tags["media_type"]
        rule("media kind", kind == "2" ? "audiobook" : kind.map { "stik \($0)" } ?? "none", "audiobook (stik 2)", kind == "2")
        rule("cover", contents.hasCover ? "yes" : "none", "optional", true)
        rule("length", TimeFormat.clock(audio.duration), "any", true)
        var check = DeliveryCheck(file: url.path, rules: rules)
        check.note = audiobookNote
        return check
    }

    /// The types of an MP4's top-level boxes, in file order.
    static func topLevelBoxes(_ url: URL) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return [] }
        defer { try? handle.close() }
        let end = (try? handle.seekToEnd()) ?? 0
        var offset: UInt64 = 0, types: [String] = []
        while offset + 8 <= end, types.count < 64 {
            try? handle.seek(toOffset: offset)
            guard let header = try? handle.read(upToCount: 16), header.count >= 8 else { break }
            let bytes = [UInt8](header)
            var size = bytes[0..<4].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            if size == 1, bytes.count == 16 { size = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
            if size == 0 { size = end - offset }  // to the end of the file
            types.append(String(decoding: bytes[4..<8], as: UTF8.self))
            guard size >= 8 else { break }
            offset += size
        }
        return types
    }
}
