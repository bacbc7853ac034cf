import Foundation

/// Reads a cast file (YAML, see Docs/voices.md) into a `Cast`, checking everything but the
/// engine's voice names (`VoiceOptions.assignment` checks those with the engine): every mistake
/// is one `ConfigError` with the file and the line.
public enum CastFile {
    public static func load(path: String) throws -> Cast {
        try read(ConfigDocument.read(path: path, kind: "cast file", option: "--voices"))
    }

    public static func parse(_ text: String, file: String) throws -> Cast {
        try read(ConfigDocument(text: text, file: file))
    }

    private static func read(_ document: ConfigDocument) throws -> Cast {
        let file = document.file
        let reader = Reader(document: document)
        var cast = Cast(file: file)
        var chapterNarrators: [(chapter: Int, node: ConfigDocument.Node)] = []
        for (key, node) in try reader.table(document.root) where node.value != .empty {
            switch key {
            case "narrator": cast.narrator = try reader.voice(node)
            case "dialogue": cast.dialogue = try reader.voice(node)
            case "lexicon":
                let name = try reader.string(node)
                cast.lexicon = URL(fileURLWithPath: name, relativeTo: URL(fileURLWithPath: file).deletingLastPathComponent()).standardizedFileURL.path
            case "characters": cast.characters = try characters(node, reader: reader)
            case "languages":
                for (tag, entry) in try reader.table(node) {
                    cast.languages[tag.lowercased()] = try reader.roles(entry)
                }
            case "chapters":
                for (number, entry) in try reader.table(node) {
                    guard let index = Int(number), index > 0 else {
                        throw entry.error("chapter keys are chapter numbers as 'narrate plan' shows them, e.g. 3: (got '\(number)')", in: document)
                    }
                    cast.chapters[index] = try reader.chapter(entry)
                    if case .character = cast.chapters[index] { chapterNarrators.append((index, entry.child("narrator") ?? entry)) }
                }
            default:
                throw node.error("unknown key '\(key)'; a cast file has narrator, dialogue, characters, languages, chapters and lexicon", in: document)
            }
        }
        // `narrator: watson`, a character of the cast: the book is told by them in the first person.
        if let name = cast.narrator?.name, cast.narrator?.variant == nil, let character = cast.character(name) {
            cast.narrator = character.voice
            cast.narratorCharacter = character.key
        }
        // Characters may be written after the chapters that name them.
        for (index, node) in chapterNarrators {
            if case let .character(key)? = cast.chapters[index], cast.character(key) == nil {
                throw node.error("chapter \(index): no character '\(key)' under characters; add it or give a voice instead", in: document)
            }
        }
        return cast
    }

    /// The `characters:` table; a name or description must identify one character.
    private static func characters(_ node: ConfigDocument.Node, reader: Reader) throws -> [CastCharacter] {
        let document = reader.document
        var owner: [String: String] = [:]
        var characters: [CastCharacter] = []
        for (characterKey, entry) in try reader.table(node) {
            let character = try reader.character(characterKey, entry)
            for name in character.names {
                if let other = owner[name.lowercased()], other != character.key {
                    throw (entry.child("names") ?? entry).error(
                        "the name \"\(name)\" is given to both '\(other)' and '\(character.key)'; a name must identify one character", in: document)
                }
                owner[name.lowercased()] = character.key
            }
            for description in character.descriptions {
                if let other = owner[description.lowercased()], other != character.key {
                    throw (entry.child("descriptions") ?? entry).error(
                        "\"\(description)\" is given to both '\(other)' and '\(character.key)'; a description must identify one character", in: document)
                }
                owner[description.lowercased()] = character.key
            }
            characters.append(character)
        }
        return characters
    }

    /// Typed access to the document's values, each mistake an error at its line.
    private struct Reader {
        let document: ConfigDocument

        func table(_ node: ConfigDocument.Node) throws -> [(key: String, value: ConfigDocument.Node)] {
            if node.value == .empty { return [] }
            guard case let .table(entries) = node.value else {
                throw node.error("'\(node.pathName)' must be a table of keys and values, indented under it (got \(node.value.kindName))", in: document)
            }
            return entries.map { ($0.key, $0.value) }
        }

        func string(_ node: ConfigDocument.Node) throws -> String {
            guard let value = node.text, !value.trimmingWhitespace().isEmpty else {
                throw node.error("'\(node.pathName)' must be a text value (got \(node.value.kindName))", in: document)
            }
            return value
        }

        func integer(_ node: ConfigDocument.Node, range: ClosedRange<Int>, unit: String) throws -> Int {
            guard case let .scalar(text, quoted: false) = node.value, let value = Int(text) else {
                throw node.error("'\(node.pathName)' must be a whole number, \(range.lowerBound)–\(range.upperBound)\(unit) (got \(node.value.kindName))", in: document)
            }
            guard range.contains(value) else {
                throw node.error("'\(node.pathName)' must be \(range.lowerBound)–\(range.upperBound)\(unit) (got \(value))", in: document)
            }
            return value
        }

        /// `en-gb+f2`, or a table: `{voice: en-gb, variant: f2, rate: 160, pitch: 40, volume: 100}`,
        /// `{engine: piper, voice: en_US-joe-medium}` for a Piper voice.
        func voice(_ node: ConfigDocument.Node, extraKeys: Set<String> = []) throws -> VoiceSpec {
            var spec = VoiceSpec(line: node.line)
            if case .scalar = node.value {
                spec.name = try voiceName(node)
                return spec
            }
            // An unknown voice is reported at the variant's line when there is one, else the voice's.
            var voiceLine: Int?, variantLine: Int?, engineLine: Int?
            for (key, value) in try table(node) {
                switch key {
                case "voice": spec.name = try voiceName(value); voiceLine = value.line
                case "variant": spec.variant = try string(value); variantLine = value.line
                case "rate": spec.rate = try integer(value, range: VoiceSettings.rateRange, unit: " words per minute")
                case "pitch": spec.pitch = try integer(value, range: VoiceSettings.pitchRange, unit: "")
                case "volume": spec.volume = try integer(value, range: VoiceSettings.volumeRange, unit: " (100 is normal)")
                case "engine":
                    let engine = try string(value)
                    guard ["piper", "espeak-ng"].contains(engine) else {
                        throw value.error("'\(value.pathName)' must be piper or espeak-ng (got '\(engine)')", in: document)
                    }
                    spec.engine = engine
                    engineLine = value.line
                case _ where extraKeys.contains(key): continue
                default:
                    let allowed = (["voice", "engine", "variant", "rate", "pitch", "volume"] + extraKeys.sorted()).joined(separator: ", ")
                    throw value.error("unknown key '\(key)' in '\(node.pathName)'; a voice has \(allowed)", in: document)
                }
            }
            spec.line = variantLine ?? voiceLine ?? engineLine ?? node.line
            return spec
        }

        private func voiceName(_ node: ConfigDocument.Node) throws -> String {
            let name = try string(node)
            guard !name.contains(where: \.isWhitespace) else {
                throw node.error("'\(name)' is not a voice name; use a name from 'narrate voices', e.g. en-gb or en-gb+f2", in: document)
            }
            return name
        }

        func character(_ key: String, _ node: ConfigDocument.Node) throws -> CastCharacter {
            guard !key.isEmpty, !["narrator", "dialogue"].contains(key), key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw node.error("'\(key)' cannot name a character; use letters, digits, - and _ (not narrator or dialogue)", in: document)
            }
            let spec = try voice(node, extraKeys: ["names", "descriptions", "gender"])
            let names = try list(node.child("names"), example: "[Mr. Darcy, Darcy]") ?? [key.prefix(1).uppercased() + key.dropFirst()]
            let descriptions = try list(node.child("descriptions"), example: "[her mother, the old man]") ?? []
            var gender: Gender?
            if let genderNode = node.child("gender") {
                guard let value = Gender(rawValue: try string(genderNode).trimmingWhitespace().lowercased()) else {
                    throw genderNode.error("'\(genderNode.pathName)' must be male or female (it resolves \"said he\" and \"said she\")", in: document)
                }
                gender = value
            }
            return CastCharacter(key: key, names: names, descriptions: descriptions, gender: gender, voice: spec)
        }

        /// A non-empty list of texts (`names`, `descriptions`), or nil when the key is absent.
        private func list(_ node: ConfigDocument.Node?, example: String) throws -> [String]? {
            guard let node else { return nil }
            guard case let .array(items) = node.value, !items.isEmpty else {
                throw node.error("'\(node.pathName)' must be a list, e.g. \(example)", in: document)
            }
            return try items.map { try string($0).trimmingWhitespace() }
        }

        func roles(_ node: ConfigDocument.Node) throws -> RoleVoices {
            var roles = RoleVoices()
            for (key, value) in try table(node) {
                switch key {
                case "narrator": roles.narrator = try voice(value)
                case "dialogue": roles.dialogue = try voice(value)
                default: throw value.error("unknown key '\(key)' in '\(node.pathName)'; a language has narrator and dialogue", in: document)
                }
            }
            return roles
        }

        /// `3: {narrator: elizabeth}` (a character) or `3: {voice: en-us, rate: …}`.
        func chapter(_ node: ConfigDocument.Node) throws -> ChapterCasting {
            if case .scalar = node.value { return .voice(try voice(node)) }
            let entries = try table(node)
            if let narrator = entries.first(where: { $0.key == "narrator" })?.value {
                guard entries.count == 1 else {
                    throw node.error("'\(node.pathName)' gives both a narrator and a voice; give one", in: document)
                }
                return .character(try string(narrator))
            }
            return .voice(try voice(node))
        }
    }
}
