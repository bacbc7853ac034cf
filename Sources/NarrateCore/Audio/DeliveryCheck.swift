import Foundation

/// Measures an audio file against the ACX (Audible) delivery rules: the numbers and a verdict
/// per rule. Works on any MP3 (or anything libsndfile decodes), not only narrate's.
public struct DeliveryCheck: Codable, Sendable, Equatable {
    public struct Rule: Codable, Sendable, Equatable {
        public var name: String
        public var value: String
        public var requirement: String
        public var passed: Bool
    }

    public var file: String
    public var rules: [Rule]
    /// Which rules these are, when not ACX's (an M4B is checked against the audiobook players' rules).
    public var note: String?
    public var passed: Bool { rules.allSatisfy(\.passed) }

    /// Quieter than this is room tone (silence) at the start and end of a file.
    static let roomToneThreshold = -50.0

    public static func run(_ url: URL) throws -> DeliveryCheck {
        if MP4File.isMP4(url) { return try audiobook(url) }
        let audio = try SoundFile.read(url)
        let mp3 = MP3FrameScan(bytes: Array((try? Data(contentsOf: url, options: .alwaysMapped)) ?? Data()))
        let rate = audio.sampleRate
        let mono = mixToMono(audio)
        var rules: [Rule] = []
        func rule(_ name: String, _ value: String, _ requirement: String, _ passed: Bool) {
            rules.append(Rule(name: name, value: value, requirement: requirement, passed: passed))
        }
        rule("format", mp3.frames > 0 ? "MP3" : "not MP3", "MP3", mp3.frames > 0)
        rule("bitrate", mp3.bitrates.isEmpty ? "n/a" : mp3.bitrates.count == 1 ? "\(mp3.bitrates[0]) kbit/s CBR"
                : "\(mp3.bitrates.min()!)–\(mp3.bitrates.max()!) kbit/s VBR",
             "192 kbit/s or more, constant", mp3.bitrates.count == 1 && mp3.bitrates[0] >= 192)
        rule("sample rate", "\(rate) Hz", "44100 Hz", rate == 44100)
        rule("channels", audio.channels == 1 ? "mono" : "\(audio.channels)", "mono (or the same on every file)", audio.channels <= 2)
        let rms = level(rms(mono[...]))
        rule("RMS", format(rms), "−23 to −18 dBFS", rms >= -23 && rms <= -18)
        let peak = level(Double(mono.reduce(0) { max($0, abs(Int($1))) }) / 32768)
        rule("peak", format(peak), "−3 dBFS or lower", peak <= -3)
        let floor = noiseFloor(mono, rate: rate)
        rule("noise floor", format(floor), "−60 dBFS or lower", floor <= -60)
        let (lead, tail) = roomTone(mono, rate: rate)
        rule("room tone at start", String(format: "%.2f s", lead), "0.5–1 s", lead >= 0.5 && lead <= 1.0)
        rule("room tone at end", String(format: "%.2f s", tail), "1–5 s", tail >= 1 && tail <= 5)
        let minutes = Double(mono.count) / Double(max(rate, 1)) / 60
        rule("length", String(format: "%.1f min", minutes), "120 min or less", minutes <= 120)
        return DeliveryCheck(file: url.path, rules: rules)
    }

    static func mixToMono(_ audio: DecodedAudio) -> [Int16] {
        guard audio.channels > 1 else { return audio.samples }
        return stride(from: 0, to: audio.samples.count, by: audio.channels).map { i in
            Int16(audio.samples[i..<(i + audio.channels)].reduce(0) { $0 + Int($1) } / audio.channels)
        }
    }

    static func rms(_ samples: ArraySlice<Int16>) -> Double {
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot() / 32768
    }

    static func level(_ linear: Double) -> Double { linear > 0 ? 20 * log10(linear) : -.infinity }

    static func format(_ dB: Double) -> String { dB.isFinite ? String(format: "%.1f dBFS", dB) : "silent" }

    /// The quietest half second (in 50 ms steps): what is left when nobody speaks. One pass:
    /// sums of squares per step, then a sliding sum over ten steps.
    static func noiseFloor(_ samples: [Int16], rate: Int) -> Double {
        let step = max(1, rate / 20), stepsPerWindow = 10
        let energies = stride(from: 0, to: samples.count, by: step).map { start in
            samples[start..<min(samples.count, start + step)].reduce(0.0) { $0 + Double($1) * Double($1) }
        }
        guard energies.count >= stepsPerWindow else { return level(rms(samples[...])) }
        var sum = energies[0..<stepsPerWindow].reduce(0, +)
        var quietest = sum
        for i in stepsPerWindow..<energies.count {
            sum += energies[i] - energies[i - stepsPerWindow]
            if i < energies.count - 1 { quietest = min(quietest, sum) }  // the last step may be short
        }
        return level((max(0, quietest) / Double(step * stepsPerWindow)).squareRoot() / 32768)
    }

    /// Seconds below the room-tone threshold before the first and after the last louder 10 ms.
    static func roomTone(_ samples: [Int16], rate: Int) -> (start: Double, end: Double) {
        let window = max(1, rate / 100)
        let loud = stride(from: 0, to: samples.count, by: window).map { start in
            level(rms(samples[start..<min(samples.count, start + window)])) > roomToneThreshold
        }
        guard let first = loud.firstIndex(of: true), let last = loud.lastIndex(of: true) else {
            let all = Double(samples.count) / Double(rate)
            return (all, all)
        }
        return (Double(first * window) / Double(rate), Double(samples.count - (last + 1) * window) / Double(rate))
    }
}

/// The bitrates of an MP3's frames (after any ID3v2 tag), read from the frame headers.
struct MP3FrameScan {
    private(set) var frames = 0
    /// Distinct bitrates in kbit/s, ascending.
    private(set) var bitrates: [Int] = []

    init(bytes: [UInt8]) {
        var offset = 0
        if bytes.count >= 10, bytes.starts(with: Array("ID3".utf8)) {
            offset = 10 + (Int(bytes[6]) << 21 | Int(bytes[7]) << 14 | Int(bytes[8]) << 7 | Int(bytes[9]))
        }
        var seen = Set<Int>()
        while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF, bytes[offset + 1] & 0xE0 == 0xE0, let frame = Self.frame(bytes[offset..<(offset + 4)]) else {
                if frames > 0 { break }  // Past the audio (an ID3v1 tag, say).
                offset += 1
                continue
            }
            frames += 1
            // The first frame of a LAME file is its Xing/Info frame; its bitrate is the stream's for CBR only.
            if frames > 1 || !Self.isInfoFrame(bytes, at: offset) { seen.insert(frame.bitrate) }
            offset += frame.length
        }
        bitrates = seen.sorted()
    }

    static func isInfoFrame(_ bytes: [UInt8], at offset: Int) -> Bool {
        let window = bytes[offset..<min(bytes.count, offset + 64)]
        return ["Xing", "Info"].contains { tag in
            let t = Array(tag.utf8)
            return window.indices.contains { i in i + 4 <= window.endIndex && Array(window[i..<(i + 4)]) == t }
        }
    }

    static func frame(_ header: ArraySlice<UInt8>) -> (bitrate: Int, length: Int)? {
        let h = Array(header)
        let version = (h[1] >> 3) & 0x3  // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
        let layer = (h[1] >> 1) & 0x3    // 1: Layer III
        let bitrateIndex = Int(h[2] >> 4), rateIndex = Int((h[2] >> 2) & 0x3), padding = Int((h[2] >> 1) & 0x1)
        guard version != 1, layer == 1, bitrateIndex > 0, bitrateIndex < 15, rateIndex < 3 else { return nil }
        let mpeg1 = version == 3
        let bitrate = (mpeg1 ? MP3Settings.mpeg1Bitrates : MP3Settings.mpeg2Bitrates)[bitrateIndex - 1]
        let rates = mpeg1 ? [44100, 48000, 32000] : version == 2 ? [22050, 24000, 16000] : [11025, 12000, 8000]
        let length = (mpeg1 ? 144 : 72) * bitrate * 1000 / rates[rateIndex] + padding
        return length > 4 ? (bitrate, length) : nil
    }
}
