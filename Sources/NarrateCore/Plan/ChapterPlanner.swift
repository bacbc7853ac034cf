/// Plans one chapter: markup, who speaks what, sentences, and one segment per sentence — or
/// per voice within a sentence, when narration and speech are read by different voices.
struct ChapterPlanner: Sendable {
    let voices: VoiceAssignment
    let pauses: Pauses
    let engine: EngineIdentity
    let splitter: SentenceSplitter
    let lexicon: Lexicon
    let markup: SpeakerMarkup
    let attributor: Attributor

    func plan(_ chapter: Chapter, index: Int, language: String, warnings: inout [String]) -> PlannedChapter {
        var segments = headingSegments(chapter, index: index, language: language, warnings: &warnings)
        let parsed = chapter.paragraphs.map { markup.parse($0.text) }
        for (paragraph, markup) in zip(chapter.paragraphs, parsed) {
            for name in markup.unknownNames {
                warnings.append("chapter \(index), line \(paragraph.line): {\(name)} names nobody in the cast and is read as text; add the character to the cast file or fix the name")
            }
        }
        // Without dialogue or character voices there is nobody to attribute speech to.
        let attributed = voices.cast.dialogue == nil && voices.cast.characters.isEmpty
            ? parsed.map { $0.text.isEmpty ? [] : [SpeechPiece(range: 0..<$0.text.count, speaker: .narrator)] }
            : attributor.pieces(chapter: parsed.map(\.text), narrator: firstPersonNarrator(chapter: index))
        for (p, (markup, attributedPieces)) in zip(parsed, attributed).enumerated() {
            let pieces = Self.overlay(markup, on: attributedPieces)
            func add(_ text: String, voice: VoiceSettings, speaker: Speaker, sentence: Int, part: Int?, pause: Int) {
                let id = "c\(index).p\(p + 1).s\(sentence)" + (part.map { ".\($0)" } ?? "")
                segments.append(segment(id: id, kind: .sentence, text: text, voice: voice, speaker: speaker, pause: pause,
                                        paragraph: p + 1, language: language))
            }
            // Most paragraphs have one speaker and no pauses: their sentences need no offsets.
            if markup.pauses.isEmpty, pieces.count <= 1 {
                let speaker = pieces.first?.speaker ?? .narrator
                let voice = voices.voice(for: speaker, chapter: index, language: language)
                let sentences = splitter.split(markup.string).filter(\.isSpeakable)
                for (s, sentence) in sentences.enumerated() {
                    add(sentence, voice: voice, speaker: speaker, sentence: s + 1, part: nil,
                        pause: s == sentences.count - 1 ? pauses.paragraph : pauses.sentence)
                }
                continue
            }
            var sentenceNumber = 0
            for run in Self.runs(markup) {
                let sentences = sentenceRanges(markup.text, in: run.range)
                for (s, sentence) in sentences.enumerated() {
                    sentenceNumber += 1
                    let parts = voiced(pieces, in: sentence, text: markup.text, chapter: index, language: language)
                    let last = s == sentences.count - 1
                    for (n, part) in parts.enumerated() {
                        let pause = n < parts.count - 1 ? pauses.voiceChange : last && run.isLast ? pauses.paragraph : pauses.sentence
                        add(part.text, voice: part.voice, speaker: part.speaker, sentence: sentenceNumber,
                            part: parts.count > 1 ? n + 1 : nil, pause: pause)
                    }
                }
                // The silence asked for follows whatever was read last, in this paragraph or before.
                if let silence = run.pauseAfter, !segments.isEmpty { segments[segments.count - 1].pauseAfter = silence }
            }
        }
        // The chapter ends with its edge silence, not a paragraph pause.
        if !segments.isEmpty { segments[segments.count - 1].pauseAfter = 0 }
        return PlannedChapter(
            index: index, title: chapter.title, language: language, words: chapter.wordCount,
            isFrontMatter: chapter.isFrontMatter, part: chapter.part, segments: segments)
    }

    /// The character telling this chapter in the first person (`chapters: {3: {narrator: darcy}}`), if any.
    private func firstPersonNarrator(chapter index: Int) -> String? {
        if case let .character(key)? = voices.cast.chapters[index] { return key }
        return nil
    }

    /// The chapter's heading read by the narrator, or nothing (with a warning when it has
    /// nothing to say).
    private func headingSegments(_ chapter: Chapter, index: Int, language: String, warnings: inout [String]) -> [Segment] {
        guard let heading = chapter.spokenHeading else { return [] }
        guard heading.isSpeakable else {
            warnings.append("chapter \(index), heading (\"\(heading.prefix(60))\"): no letters or digits to say; not read aloud (the title is kept)")
            return []
        }
        let narrator = voices.voice(for: .narrator, chapter: index, language: language)
        return [segment(id: "c\(index).h", kind: .heading, text: heading, voice: narrator, speaker: .narrator,
                        pause: pauses.heading, paragraph: 0, language: language)]
    }

    /// The paragraph cut at its pause markup: each run is split into sentences on its own.
    static func runs(_ markup: SpeakerMarkup.Parsed) -> [(range: Range<Int>, pauseAfter: Int?, isLast: Bool)] {
        var runs: [(Range<Int>, Int?, Bool)] = []
        var start = 0
        for pause in markup.pauses {
            runs.append((start..<pause.offset, pause.milliseconds, false))
            start = pause.offset
        }
        runs.append((start..<markup.text.count, nil, true))
        return runs
    }

    /// Markup wins over attribution: a paragraph speaker takes the paragraph, a span its text.
    static func overlay(_ markup: SpeakerMarkup.Parsed, on pieces: [SpeechPiece]) -> [SpeechPiece] {
        if let speaker = markup.paragraphSpeaker { return [SpeechPiece(range: 0..<markup.text.count, speaker: speaker)] }
        guard !markup.spans.isEmpty else { return pieces }
        var result: [SpeechPiece] = []
        for piece in pieces {
            var cursor = piece.range.lowerBound
            for span in markup.spans where span.range.overlaps(piece.range) {
                if span.range.lowerBound > cursor { result.append(SpeechPiece(range: cursor..<span.range.lowerBound, speaker: piece.speaker)) }
                cursor = max(cursor, span.range.upperBound)
            }
            if cursor < piece.range.upperBound { result.append(SpeechPiece(range: cursor..<piece.range.upperBound, speaker: piece.speaker)) }
        }
        return (result + markup.spans).sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The sentences of `text[range]` as ranges (the splitter returns trimmed substrings in order).
    func sentenceRanges(_ text: [Character], in range: Range<Int>) -> [Range<Int>] {
        let sentences = splitter.split(String(text[range])).filter(\.isSpeakable)
        var result: [Range<Int>] = []
        var cursor = range.lowerBound
        for sentence in sentences {
            let chars = Array(sentence)
            guard let first = chars.first else { continue }
            var start = cursor
            while start + chars.count <= range.upperBound {
                if text[start] == first, Array(text[start..<(start + chars.count)]) == chars { break }
                start += 1
            }
            guard start + chars.count <= range.upperBound else { continue }
            result.append(start..<(start + chars.count))
            cursor = start + chars.count
        }
        return result
    }

    /// The sentence cut where the voice changes; pieces with nothing to pronounce (a lone
    /// quotation mark, a comma) join their neighbour.
    func voiced(_ pieces: [SpeechPiece], in sentence: Range<Int>, text: [Character], chapter: Int, language: String)
        -> [(text: String, voice: VoiceSettings, speaker: Speaker)]
    {
        let overlapping = pieces.filter { $0.range.overlaps(sentence) }
        if overlapping.count == 1, let piece = overlapping.first {  // most sentences: one speaker
            return [(String(text[sentence]), voices.voice(for: piece.speaker, chapter: chapter, language: language), piece.speaker)]
        }
        var parts: [(range: Range<Int>, voice: VoiceSettings, speakers: [Speaker])] = []
        for piece in overlapping {
            let range = max(piece.range.lowerBound, sentence.lowerBound)..<min(piece.range.upperBound, sentence.upperBound)
            let voice = voices.voice(for: piece.speaker, chapter: chapter, language: language)
            let speakable = String(text[range]).isSpeakable
            if let last = parts.last, last.voice == voice || !speakable {
                parts[parts.count - 1].range = last.range.lowerBound..<range.upperBound
                if speakable { parts[parts.count - 1].speakers.append(piece.speaker) }
            } else if !speakable, parts.isEmpty {
                parts.append((range, voice, []))
            } else if let last = parts.last, last.speakers.isEmpty {
                parts[parts.count - 1] = (last.range.lowerBound..<range.upperBound, voice, [piece.speaker])
            } else {
                parts.append((range, voice, [piece.speaker]))
            }
        }
        if parts.isEmpty {
            parts = [(sentence, voices.voice(for: .narrator, chapter: chapter, language: language), [.narrator])]
        }
        return parts.compactMap { part in
            let text = String(text[part.range]).trimmingWhitespace()
            guard !text.isEmpty else { return nil }
            // One voice read several speakers' pieces: say so only when it is one speaker.
            let speakers = Set(part.speakers)
            let speaker: Speaker = speakers.count == 1 ? speakers.first! : speakers.contains(.narrator) || speakers.isEmpty ? .narrator : .dialogue
            return (text, part.voice, speaker)
        }
    }

    private func segment(id: String, kind: Segment.Kind, text: String, voice: VoiceSettings, speaker: Speaker,
                         pause: Int, paragraph: Int, language: String) -> Segment {
        let display = PhonemeMarks.written(text)
        // The lexicons first (a user's entry for "Henry VIII" wins), then numerals as a narrator says them.
        let spoken = SpokenForm.apply(PhonemeMarks.spoken(text, lexicon: lexicon), heading: kind == .heading, language: language)
        return Segment(
            id: id, kind: kind, text: display, spoken: spoken, voice: voice, speaker: speaker.name, pauseAfter: pause,
            paragraph: paragraph, key: SegmentKey.make(text: spoken, voice: voice, engine: engine))
    }
}
