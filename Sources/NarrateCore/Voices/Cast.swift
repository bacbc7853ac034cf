/// Who reads a book: the narrator, the voice for quoted speech, named characters, and
/// overrides per language and per chapter. Read from a cast file (`CastFile`); an empty cast
/// reads everything with the narrator's voice.
public struct Cast: Sendable, Equatable {
    /// Where the cast came from, for messages (nil: no cast file).
    public var file: String?
    public var narrator: VoiceSpec?
    /// The voice for quoted speech nobody is credited with (default: the narrator's).
    public var dialogue: VoiceSpec?
    public var characters: [CastCharacter]
    /// Keyed by a lower-cased BCP 47 tag or its primary language: `fr`, `pt-br`.
    public var languages: [String: RoleVoices]
    /// Keyed by the chapter's 1-based number, as `narrate plan` shows it.
    public var chapters: [Int: ChapterCasting]
    /// A pronunciation lexicon named by the cast file (absolute path).
    public var lexicon: String?
    /// The character who tells the book in the first person (`narrator: watson`): reads the
    /// narration, and "I said" is theirs.
    public var narratorCharacter: String?

    public init(file: String? = nil, narrator: VoiceSpec? = nil, dialogue: VoiceSpec? = nil, characters: [CastCharacter] = [],
                languages: [String: RoleVoices] = [:], chapters: [Int: ChapterCasting] = [:], lexicon: String? = nil) {
        self.file = file
        self.narrator = narrator
        self.dialogue = dialogue
        self.characters = characters
        self.languages = languages
        self.chapters = chapters
        self.lexicon = lexicon
    }

    public func character(_ key: String) -> CastCharacter? { characters.first { $0.key == key } }
}

/// A voice as the cast file gives it: any field left out is inherited (from the narrator, and
/// the narrator's from the command line or the defaults).
public struct VoiceSpec: Sendable, Equatable {
    public var name: String?
    /// An espeak-ng variant (`m3`, `f2`, `Alex`), appended as `name+variant`.
    public var variant: String?
    public var rate: Int?
    public var pitch: Int?
    public var volume: Int?
    /// The line of the cast file that defines it, for messages.
    public var line: Int
    /// `piper` or `espeak-ng` (`engine:` in the cast file, `--engine`); nil inherits.
    public var engine: String?

    public init(name: String? = nil, variant: String? = nil, rate: Int? = nil, pitch: Int? = nil, volume: Int? = nil, line: Int = 0,
                engine: String? = nil) {
        self.engine = engine
        self.name = name
        self.variant = variant
        self.rate = rate
        self.pitch = pitch
        self.volume = volume
        self.line = line
    }

    /// These settings over `base`: what is given replaces, what is not is inherited. A variant
    /// given alone is put on the inherited voice (`en-gb` + `f2` = `en-gb+f2`).
    public func resolved(over base: VoiceSettings) -> VoiceSettings {
        var voice = base
        if let name { voice.name = name }
        if let variant {
            let language = voice.name.split(separator: "+", maxSplits: 1).first.map(String.init) ?? voice.name
            voice.name = "\(language)+\(variant)"
        }
        if let rate { voice.rate = rate }
        if let pitch { voice.pitch = pitch }
        if let volume { voice.volume = volume }
        if let engine { voice.engine = engine == EngineIdentity.piperName ? .unresolvedPiper : nil }
        return voice
    }
}

public struct CastCharacter: Sendable, Equatable {
    /// The key in the cast file (`darcy`): what plans and manifests call the speaker.
    public var key: String
    /// The names and aliases that identify the character in the text: "Mr. Darcy", "Darcy".
    public var names: [String]
    /// How the text refers to them without a name, any case: "her mother", "the old man".
    public var descriptions: [String]
    /// Resolves "said she" when they are the one cast member of that gender in the scene.
    public var gender: Gender?
    public var voice: VoiceSpec

    public init(key: String, names: [String], descriptions: [String] = [], gender: Gender? = nil, voice: VoiceSpec) {
        self.key = key
        self.names = names
        self.descriptions = descriptions
        self.gender = gender
        self.voice = voice
    }
}

/// A character's gender as the cast file gives it, for pronouns (he/il/er, she/elle).
public enum Gender: String, Sendable, Hashable, CaseIterable {
    case male, female
}

/// Narrator and dialogue voices for one language.
public struct RoleVoices: Sendable, Equatable {
    public var narrator: VoiceSpec?
    public var dialogue: VoiceSpec?

    public init(narrator: VoiceSpec? = nil, dialogue: VoiceSpec? = nil) {
        self.narrator = narrator
        self.dialogue = dialogue
    }
}

/// Who narrates one chapter: a voice, or a character of the cast (a first-person chapter).
public enum ChapterCasting: Sendable, Equatable {
    case voice(VoiceSpec)
    case character(String)
}

/// Who speaks a piece of text.
public enum Speaker: Sendable, Hashable {
    case narrator
    case dialogue
    case character(String)

    /// As plans and manifests write it: `narrator`, `dialogue` or the character's key.
    public var name: String {
        switch self {
        case .narrator: return "narrator"
        case .dialogue: return "dialogue"
        case let .character(key): return key
        }
    }
}

/// The cast applied to one book: the voice settings for every speaker in every chapter.
public struct VoiceAssignment: Sendable {
    public var cast: Cast
    /// The narrator from the command line and defaults, under the cast.
    public var base: VoiceSettings
    public var bookLanguage: String
    /// What the command line says about the narrator (`--voice`, `--rate`…); it wins over the cast.
    public var commandLine: VoiceSpec
    /// The languages the engine has voices for (lower-cased); others are read by the narrator.
    public var engineLanguages: Set<String>
    /// Piper voices' identities by voice name, filled in once their models are found
    /// (`EngineSetup`): `voice(for:)` puts them on the voices it returns.
    public var piperEngines: [String: EngineIdentity] = [:]

    public init(cast: Cast, base: VoiceSettings, bookLanguage: String, commandLine: VoiceSpec = VoiceSpec(),
                engineLanguages: Set<String> = []) {
        self.cast = cast
        self.base = base
        self.bookLanguage = bookLanguage
        self.commandLine = commandLine
        self.engineLanguages = engineLanguages
    }

    /// The book's narrator: the defaults, then the cast's narrator, then the command line.
    public var narrator: VoiceSettings {
        commandLine.resolved(over: (cast.narrator ?? VoiceSpec()).resolved(over: base))
    }

    public func voice(for speaker: Speaker, chapter: Int, language: String) -> VoiceSettings {
        var voice = unresolvedVoice(for: speaker, chapter: chapter, language: language)
        if voice.isPiper, let engine = piperEngines[voice.name] { voice.engine = engine }
        return voice
    }

    private func unresolvedVoice(for speaker: Speaker, chapter: Int, language: String) -> VoiceSettings {
        switch speaker {
        case .narrator: return narrator(chapter: chapter, language: language)
        case .dialogue: return dialogue(chapter: chapter, language: language)
        case let .character(key):
            guard let character = cast.character(key) else { return dialogue(chapter: chapter, language: language) }
            return character.voice.resolved(over: narrator)
        }
    }

    func narrator(chapter: Int, language: String) -> VoiceSettings {
        switch cast.chapters[chapter] {
        case let .voice(spec)?: return spec.resolved(over: languageNarrator(language))
        case let .character(key)?: return voice(for: .character(key), chapter: chapter, language: language)
        case nil: return languageNarrator(language)
        }
    }

    func dialogue(chapter: Int, language: String) -> VoiceSettings {
        if let spec = roles(for: language)?.dialogue { return spec.resolved(over: languageNarrator(language)) }
        if let spec = cast.dialogue, Self.sameLanguage(language, bookLanguage) { return spec.resolved(over: narrator) }
        return narrator(chapter: chapter, language: language)
    }

    /// The narrator for a chapter in `language`: the cast's entry for it, else the book's
    /// narrator when it is the book's language, else the engine's voice for the language with
    /// the narrator's rate, pitch and volume.
    private func languageNarrator(_ language: String) -> VoiceSettings {
        if let spec = roles(for: language)?.narrator { return spec.resolved(over: narrator) }
        if Self.sameLanguage(language, bookLanguage) { return narrator }
        let name = VoiceSettings.defaultName(for: language)
        guard engineLanguages.contains(name) || engineLanguages.contains(Self.primary(name)) else { return narrator }
        var voice = narrator
        voice.name = engineLanguages.contains(name) ? name : Self.primary(name)
        voice.engine = nil  // espeak-ng's voice for the language, even under a Piper narrator
        return voice
    }

    private func roles(for language: String) -> RoleVoices? {
        let tag = language.lowercased()
        return cast.languages[tag] ?? cast.languages[Self.primary(tag)]
    }

    static func primary(_ tag: String) -> String { String(tag.lowercased().split(separator: "-").first ?? "") }
    static func sameLanguage(_ a: String, _ b: String) -> Bool { primary(a) == primary(b) }

    /// Every engine voice name the book may use, once each (checking one forks a process), with
    /// the cast-file line that asks for it.
    public func voiceNames(chapterLanguages: [(chapter: Int, language: String)]) -> [(name: String, line: Int?)] {
        voiceSettings(chapterLanguages: chapterLanguages).map { ($0.voice.name, $0.line) }
    }

    /// Like `voiceNames`, with each voice's settings (its engine, pitch…): once per engine and name.
    public func voiceSettings(chapterLanguages: [(chapter: Int, language: String)]) -> [(voice: VoiceSettings, line: Int?)] {
        var result: [(VoiceSettings, Int?)] = [(narrator, cast.narrator?.line)]
        for character in cast.characters { result.append((voice(for: .character(character.key), chapter: 0, language: bookLanguage), character.voice.line)) }
        for (chapter, language) in chapterLanguages {
            let line: Int? = switch cast.chapters[chapter] { case let .voice(spec)?: spec.line; default: nil }
            result.append((narrator(chapter: chapter, language: language), line ?? roles(for: language)?.narrator?.line))
            result.append((dialogue(chapter: chapter, language: language), roles(for: language)?.dialogue?.line ?? cast.dialogue?.line))
        }
        var seen = Set<String>()
        return result.filter { seen.insert(($0.0.isPiper ? "piper:" : "") + $0.0.name).inserted }
    }
}

extension VoiceSettings {
    /// The engine's voice for a language when nobody chose one: English as `en-us`, else the tag.
    public static func defaultName(for language: String) -> String {
        let tag = language.lowercased()
        return tag == "en" || tag.hasPrefix("en-") ? "en-us" : tag
    }
}
