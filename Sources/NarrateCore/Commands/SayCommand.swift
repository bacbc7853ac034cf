import ArgumentParser
import Foundation

extension NarrateCommand {
    /// `narrate say "Mr. Darcy bowed." --voice darcy --voices cast.yaml -o - | play -`: audition
    /// a line with a voice of the cast, its lexicon and attribution, without a book.
    public struct SayCommand: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "say",
            abstract: "Speak a line with a voice of the cast, to audition voices and pronunciations.",
            discussion: """
                --voice takes a character's key from the cast file, narrator, dialogue, or an \
                engine voice (en-gb+f2). Quotes in the text are attributed as in a book: \
                "“Hello,” said Darcy." switches voices. Blank lines separate paragraphs.
                """)

        @Argument(help: ArgumentHelp("The text to speak, or - to read it from standard input.", valueName: "text"))
        public var text: String

        @OptionGroup public var voice: VoiceOptions

        @Option(help: "Language of the text as a BCP 47 tag (default: en).")
        public var language: String = "en"

        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the audio: a .wav, .flac or .mp3 file, or - for standard output.", valueName: "path"))
        public var output: String = "-"

        @Option(help: "Audio format (default: from the file's extension; wav on standard output).")
        public var format: OutputFormat?

        public init() {}

        public func validate() throws {
            if text != "-", !text.contains(where: { !$0.isWhitespace }) {
                throw ValidationError("nothing to say; give some words, or - to read them from standard input")
            }
            if output == "" { throw ValidationError("-o is empty (an unset variable?); give a .wav, .flac or .mp3 file, or - for standard output") }
            if output == "-" && format == .flac { throw ValidationError("FLAC cannot be streamed to a pipe; use --format wav or raw with -o -") }
            if output != "-" && format == .raw { throw ValidationError("--format raw writes to standard output only; add -o -") }
            if output != "-", format == nil, OutputFormat(rawValue: URL(fileURLWithPath: output).pathExtension.lowercased()) == nil,
               !OutputTarget.isStream(URL(fileURLWithPath: output)) {  // -o /dev/null is WAV
                throw ValidationError("cannot tell the format of '\(output)'; name it .wav, .flac or .mp3, or give --format")
            }
            if output == "-", isatty(STDOUT_FILENO) == 1 {
                throw ValidationError("standard output is a terminal; pipe it (| play -) or give -o line.wav")
            }
        }

        public func run() async throws {
            try reportingErrors {
                Interruption.install()
                let spoken = text == "-" ? String(decoding: try ManuscriptSource.readAll(descriptor: STDIN_FILENO, name: "standard input"), as: UTF8.self) : text
                var options = voice
                let cast = try options.cast(bookPath: "-")
                // A speaker's name picks the speaker; anything else is an engine voice for the narrator.
                var speaker: String?
                if let name = options.voice, name == "narrator" || name == "dialogue" || cast.character(name) != nil {
                    speaker = name
                    options.voice = nil
                }
                let paragraphs = spoken.components(separatedBy: "\n\n").map { $0.collapsingWhitespace }.filter { !$0.isEmpty }
                guard !paragraphs.isEmpty, paragraphs.joined().isSpeakable else {
                    throw ValidationError("nothing to say; give some words")
                }
                let marked = paragraphs.enumerated().map { index, paragraph in
                    Paragraph(text: speaker.map { "{\($0)} \(paragraph)" } ?? paragraph, line: index + 1)
                }
                let book = Book(title: "say", author: nil, language: language,
                                chapters: [Chapter(title: "say", spokenHeading: nil, paragraphs: marked)])
                let espeak = try ESpeakEngine.shared()
                var assignment = try options.assignment(for: book, cast: cast, engine: espeak)
                let engine = try EngineSetup.engine(
                    for: &assignment, chapterLanguages: [(1, language)], espeak: espeak, jobs: 1, threads: options.threads,
                    warnings: WarningLog(echo: true))
                let lexicon = try options.userLexicon(cast: cast, bookPath: "-")
                let plan = Planner(voices: assignment, pauses: options.pauses, engine: engine.identity, lexicon: lexicon).plan(book)
                for warning in plan.warnings { Diagnostics.warning(warning) }
                try write(plan, engine: engine)
            }
        }

        private func write(_ plan: Plan, engine: any SpeechEngine) throws {
            let rate = engine.identity.sampleRate
            let source = SegmentAudioSource(engine: engine, cache: nil, warnings: WarningLog(echo: true))
            let sink: AudioSink
            var opened: Int32 = -1
            defer { if opened >= 0 { close(opened) } }
            if output == "-" {
                sink = try StreamWriter(format: format ?? .wav, sampleRate: rate, mp3: MP3Settings(), tag: ID3Tag())
            } else if case let .stream(url) = try OutputTarget.resolve(URL(fileURLWithPath: output)),
                      (format ?? OutputFormat(rawValue: url.pathExtension.lowercased())) != .mp3 {
                // A device or FIFO (-o /dev/null, -o >(play -)) is written into as a stream.
                let chosen = format ?? OutputFormat(rawValue: URL(fileURLWithPath: output).pathExtension.lowercased()) ?? .wav
                guard chosen != .flac else { throw ValidationError("\(output): FLAC cannot be streamed into a device or FIFO; use --format wav or mp3") }
                let descriptor = open(url.path, O_WRONLY | O_CLOEXEC)
                guard descriptor >= 0 else { throw OutputError.writing(output, errno: errno) }
                opened = descriptor
                sink = try StreamWriter(format: chosen, sampleRate: rate, mp3: MP3Settings(), tag: ID3Tag(),
                                        descriptor: descriptor, name: output)
            } else {
                let url = URL(fileURLWithPath: output)
                let chosen = format ?? OutputFormat(rawValue: url.pathExtension.lowercased()) ?? .wav
                sink = chosen == .mp3
                    ? try MP3FileWriter(destination: url, sampleRate: rate, settings: MP3Settings(), tag: ID3Tag())
                    : try SoundFile.Writer(destination: url, format: chosen, sampleRate: rate,
                                           tags: .init(title: "narrate say", album: "narrate say", artist: nil, track: "1"))
            }
            do {
                for segment in plan.chapters.flatMap(\.segments) {
                    try sink.append(try source.audio(for: segment, chapter: 1).audio.samples)
                    try sink.appendSilence(segment.pauseAfter * rate / 1000)
                }
                _ = try sink.finish()
            } catch {
                sink.cancel()
                throw error
            }
        }
    }
}
