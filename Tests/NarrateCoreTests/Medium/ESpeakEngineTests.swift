import Testing
@testable import NarrateCore

/// A short fingerprint of PCM, so failures print a hash rather than a million samples.
func digest(_ samples: [Int16]) -> String {
    var hasher = SHA256()
    samples.withUnsafeBytes { hasher.update($0) }
    return hasher.hexDigest()
}

@Suite(.tags(.medium)) struct ESpeakEngineTests {
    let engine: ESpeakEngine
    init() throws { engine = try ESpeakEngine.shared() }

    @Test func synthesizesNonSilentSpeechOfPlausibleDuration() throws {
        let audio = try engine.synthesize("The quick brown fox jumps over the lazy dog.", voice: VoiceSettings())
        #expect(audio.sampleRate == 22050)
        // Nine words at 175 words per minute: about three seconds, give or take the engine's style.
        #expect(audio.duration > 1.5 && audio.duration < 5)
        let peak = audio.samples.map { abs(Int($0)) }.max() ?? 0
        #expect(peak > 3000)
        #expect(!SilenceTrimmer().audibleRange(audio.samples).isEmpty)
    }

    @Test func fasterRateGivesShorterAudio() throws {
        let text = "Every evening at dusk the old man climbed the ladder."
        let slow = try engine.synthesize(text, voice: VoiceSettings(rate: 120))
        let fast = try engine.synthesize(text, voice: VoiceSettings(rate: 300))
        #expect(fast.duration < slow.duration * 0.7)
    }

    @Test func sameInputGivesIdenticalSamples() throws {
        let text = "Determinism matters for caching."
        let first = try engine.synthesize(text, voice: VoiceSettings())
        _ = try engine.synthesize("Something else in between, with another voice.", voice: VoiceSettings(name: "en-gb", pitch: 70))
        let second = try engine.synthesize(text, voice: VoiceSettings())
        #expect(first.samples.count == second.samples.count)
        #expect(digest(first.samples) == digest(second.samples))
    }

    @Test func concurrentCallsGiveTheSameSamplesAsSerialOnes() async throws {
        let texts = (1...8).map { "Sentence number \($0) is spoken here, with a comma." }
        let shared = engine
        let serial = try texts.map { digest(try shared.synthesize($0, voice: VoiceSettings()).samples) }
        let parallel = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask { (index, digest(try shared.synthesize(text, voice: VoiceSettings()).samples)) }
            }
            var result = [String](repeating: "", count: texts.count)
            for try await (index, hash) in group { result[index] = hash }
            return result
        }
        #expect(parallel == serial)
    }

    /// Regression: with parameters set in the long-lived process, espeak-ng's state drifted until
    /// some utterances came out silent (first seen after ~350 segments of Pride and Prejudice).
    @Test func hundredsOfSegmentsInOneProcessAreNeverSilent() throws {
        let texts = ["“Dear Lizzy!”", "Very well.", "Yours ever,", "Jane was by no means better.", "Good-bye.”"]
        var silent: [String] = []
        for round in 0..<80 {
            for text in texts {
                let audio = try engine.synthesize(text, voice: VoiceSettings(rate: 175 + round % 3, pitch: 50 + round % 5))
                if SilenceTrimmer().audibleRange(audio.samples).isEmpty { silent.append("\(round): \(text)") }
            }
        }
        #expect(silent.isEmpty)
    }

    @Test func preloadingAVoiceDoesNotChangeTheOutput() throws {
        // The first validation preloads a voice in this process; children select it again.
        let before = try engine.synthesize("Preloading must not matter.", voice: VoiceSettings(name: "en-gb"))
        try engine.validate(voice: VoiceSettings(name: "en-gb"))
        let after = try engine.synthesize("Preloading must not matter.", voice: VoiceSettings(name: "en-gb"))
        #expect(digest(before.samples) == digest(after.samples))
    }

    @Test func testFaultSpecificationsAreParsed() {
        let faults = TestFaults("crash:boom")
        #expect(faults.fault(for: "it goes boom") == 1)
        #expect(faults.fault(for: "quiet") == 0)
        #expect(TestFaults("hang:x").fault(for: "x") == 2)
        #expect(TestFaults(nil).fault(for: "anything") == 0)
    }

    @Test func wordEventsGiveTimingsInsideTheAudio() throws {
        let text = "One two three four."
        let audio = try engine.synthesize(text, voice: VoiceSettings())
        #expect(audio.words.count == 4)
        #expect(audio.words.map(\.textOffset) == [0, 4, 8, 14])
        #expect(audio.words.allSatisfy { $0.sample < audio.samples.count })
        #expect(zip(audio.words, audio.words.dropFirst()).allSatisfy { $0.sample < $1.sample })
    }

    @Test func unknownVoiceIsAUsageError() {
        #expect(throws: SynthesisError.unknownVoice(name: "xx-nonexistent")) {
            try engine.validate(voice: VoiceSettings(name: "xx-nonexistent"))
        }
        #expect(SynthesisError.unknownVoice(name: "x").exitStatus == .usage)
    }

    @Test func listsVoicesWithLanguages() {
        let voices = engine.voices()
        #expect(voices.count > 50)
        #expect(voices.contains { $0.languages.contains("de") })
    }
}
