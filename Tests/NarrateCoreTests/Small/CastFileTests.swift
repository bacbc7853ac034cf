import Foundation
import Testing
@testable import NarrateCore

@Suite(.tags(.small)) struct CastFileTests {
    let sample = """
        lexicon: names.yaml

        narrator:
          voice: en-gb
          rate: 160

        dialogue:
          variant: f2

        characters:
          darcy:
            names: [Mr. Darcy, Darcy]
            voice: en-gb+m3
            pitch: 40
          eli:

        languages:
          fr:
            narrator: {voice: fr, rate: 150}

        chapters:
          3:
            narrator: darcy
          4:
            voice: en-us
        """

    @Test func readsRolesCharactersLanguagesAndChapters() throws {
        let cast = try CastFile.parse(sample, file: "/books/cast.yaml")
        #expect(cast.narrator == VoiceSpec(name: "en-gb", rate: 160, line: 4))
        #expect(cast.dialogue?.variant == "f2")
        #expect(cast.characters.map(\.key) == ["darcy", "eli"])
        #expect(cast.character("darcy")?.names == ["Mr. Darcy", "Darcy"])
        #expect(cast.character("eli")?.names == ["Eli"])  // the key, capitalised, when no names are given
        #expect(cast.character("darcy")?.voice.line == 13)  // the voice line, where an unknown voice is fixed
        #expect(cast.languages["fr"]?.narrator?.rate == 150)
        #expect(cast.chapters[3] == .character("darcy"))
        #expect(cast.chapters[4] == .voice(VoiceSpec(name: "en-us", line: 25)))
        #expect(cast.lexicon == "/books/names.yaml")
    }

    @Test func fieldsLeftOutAreInheritedFromTheNarratorAndTheCommandLineWins() throws {
        let cast = try CastFile.parse(sample, file: "cast.yaml")
        let voices = VoiceAssignment(cast: cast, base: VoiceSettings(name: "en-us"), bookLanguage: "en",
                                     engineLanguages: ["en", "fr", "en-gb", "en-us"])
        #expect(voices.narrator == VoiceSettings(name: "en-gb", rate: 160, pitch: 50, volume: 100))
        #expect(voices.voice(for: .dialogue, chapter: 1, language: "en").name == "en-gb+f2")
        #expect(voices.voice(for: .character("darcy"), chapter: 1, language: "en") == VoiceSettings(name: "en-gb+m3", rate: 160, pitch: 40))
        #expect(voices.voice(for: .narrator, chapter: 3, language: "en").name == "en-gb+m3")  // darcy narrates chapter 3
        #expect(voices.voice(for: .narrator, chapter: 4, language: "en").name == "en-us")
        #expect(voices.voice(for: .narrator, chapter: 1, language: "fr") == VoiceSettings(name: "fr", rate: 150))
        #expect(voices.voice(for: .narrator, chapter: 1, language: "de").name == "en-gb")  // no German voice known: the narrator
        var commandLine = voices
        commandLine.commandLine = VoiceSpec(name: "en-us", rate: 200)
        #expect(commandLine.narrator == VoiceSettings(name: "en-us", rate: 200))
    }

    func error(_ text: String) -> ConfigError? {
        do {
            _ = try CastFile.parse(text, file: "cast.yaml")
            return nil
        } catch let error as ConfigError {
            return error
        } catch {
            return nil
        }
    }

    @Test func mistakesNameTheirLine() throws {
        let syntax = try #require(error("narrator:\n  voice: en-gb\n rate: 3\n"))
        #expect(syntax.line == 3 && syntax.exitStatus == .dataError)
        #expect(syntax.description.hasPrefix("cast.yaml:3: ") && syntax.description.hasSuffix("fix the YAML syntax"))

        let negative = try #require(error("narrator:\n  voice: en-gb\n\ncharacters:\n  darcy:\n    rate: -5\n"))
        #expect(negative.description == "cast.yaml:6: 'characters.darcy.rate' must be 80–450 words per minute (got -5)")

        let unknownKey = try #require(error("narrator:\n  voice: en\n  speed: 3\n"))
        #expect(unknownKey.line == 3 && unknownKey.description.contains("unknown key 'speed'"))

        let topLevel = try #require(error("narator: en\n"))
        #expect(topLevel.line == 1 && topLevel.description.contains("unknown key 'narator'"))

        let wrongType = try #require(error("characters:\n  jane:\n    pitch: high\n"))
        #expect(wrongType.line == 3 && wrongType.description.contains("whole number"))

        let quotedNumber = try #require(error("characters:\n  jane:\n    pitch: \"40\"\n"))
        #expect(quotedNumber.line == 3)

        let inline = try #require(error("languages:\n  fr:\n    narrator: {voice: fr, volume: 900}\n"))
        #expect(inline.line == 3 && inline.description.contains("0–200"))

        let shared = try #require(error("characters:\n  jane:\n    names: [Miss Bennet]\n  lizzy:\n    names: [Miss Bennet]\n"))
        #expect(shared.line == 5 && shared.description.contains("both 'jane' and 'lizzy'"))

        let chapter = try #require(error("chapters:\n  2:\n    narrator: nobody\n"))
        #expect(chapter.line == 3 && chapter.description.contains("no character 'nobody'"))

        let chapterKey = try #require(error("chapters:\n  two:\n    voice: en\n"))
        #expect(chapterKey.line == 3)

        let twice = try #require(error("narrator:\n  voice: en\n  voice: de\n"))
        #expect(twice.line == 3 && twice.description.contains("given twice"))

        // YAML's implicit types do not apply: a voice called "no" is a voice name.
        #expect(try CastFile.parse("narrator: no\n", file: "cast.yaml").narrator?.name == "no")
    }

    @Test func descriptionsGenderAndAFirstPersonNarrator() throws {
        let text = """
            narrator: watson
            characters:
              watson:
                names: [Watson, Dr. Watson]
                voice: en-gb+m3
              hudson:
                names: [Mrs. Hudson]
                descriptions: [the landlady, our landlady]
                gender: Female
            """
        let cast = try CastFile.parse(text, file: "cast.yaml")
        #expect(cast.narratorCharacter == "watson")
        #expect(cast.narrator?.name == "en-gb+m3")  // the narration is read in Watson's voice
        #expect(cast.character("hudson")?.descriptions == ["the landlady", "our landlady"])
        #expect(cast.character("hudson")?.gender == .female && cast.character("watson")?.gender == nil)
        // A voice name that is no character's stays a voice.
        #expect(try CastFile.parse("narrator: en-gb\n", file: "cast.yaml").narratorCharacter == nil)

        let gender = try #require(error("characters:\n  jane:\n    gender: girl\n"))
        #expect(gender.description == "cast.yaml:3: 'characters.jane.gender' must be male or female (it resolves \"said he\" and \"said she\")")
        let list = try #require(error("characters:\n  jane:\n    descriptions: her sister\n"))
        #expect(list.line == 3 && list.description.contains("must be a list, e.g. [her mother, the old man]"))
        let shared = try #require(error("characters:\n  jane:\n    descriptions: [her sister]\n  kitty:\n    descriptions: [Her Sister]\n"))
        #expect(shared.line == 5 && shared.description.contains("\"Her Sister\" is given to both 'jane' and 'kitty'"))
    }

    @Test func aliasesCannotBlowUp() throws {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 { text += "\(Character(UnicodeScalar(97 + level)!)): &\(Character(UnicodeScalar(97 + level)!)) [" + Array(repeating: "*\(Character(UnicodeScalar(96 + level)!))", count: 10).joined(separator: ", ") + "]\n" }
        let error = try #require(self.error(text))
        #expect(error.description.contains("more than 100000 values"))
    }
}

@Suite(.tags(.small)) struct LexiconTests {
    func lexicon(_ text: String) throws -> Lexicon { try LexiconFile.parse(text, file: "lexicon.yaml") }

    @Test func wordsAreWholeWordsInAnyCaseUnlessAsked() throws {
        let lexicon = try lexicon("""
            say:
              Bingley: Bing-lee

            rules:
              - word: US
                say: United States
                match-case: true
            """)
        #expect(lexicon.apply("Mr. Bingley and bingley’s sister; Bingleys.") == "Mr. Bing-lee and Bing-lee’s sister; Bingleys.")
        #expect(lexicon.apply("The US and us.") == "The United States and us.")
    }

    @Test func phonemesAreBracketedAndNotMatchedAgain() throws {
        let lexicon = try lexicon("""
            phonemes:
              Darcy: "d'A@si"

            say:
              A: eh

            ipa:
              Hermione: hɜːˈmaɪəni
            """)
        #expect(lexicon.apply("Darcy met Hermione, a friend.") == "[[d'A@si]] met [[h3:'maI@ni]], eh friend.")
    }

    @Test func regexRulesUseCaptureGroups() throws {
        let lexicon = try lexicon("""
            rules:
              - regex: 'Mr\\.\\s+(\\w+)'
                say: Mister $1
            """)
        #expect(lexicon.apply("Mr. Collins bowed to mr.  Darcy.") == "Mister Collins bowed to Mister Darcy.")
    }

    @Test func badEntriesNameTheirLine() throws {
        #expect(throws: ConfigError(file: "lexicon.yaml", line: 3, message: "'(' is not a valid regular expression (ICU syntax); fix or quote it")) {
            try lexicon("rules:\n  - say: x\n    regex: (\n")
        }
        #expect(throws: ConfigError.self) { try lexicon("words:\n  A: b\n") }
        #expect(throws: ConfigError.self) { try lexicon("phonemes:\n  A: \"[[x]]\"\n") }
        #expect(throws: ConfigError.self) { try lexicon("rules:\n  - word: a\n") }
        #expect(throws: ConfigError.self) { try lexicon("rules:\n  - word: a\n    say: b\n    match-case: yes\n") }
    }

    @Test func ipaBecomesEspeakPhonemes() {
        #expect(IPATranscriber.espeak(fromIPA: "ˈdɛmˌəkræt") == "'dEm,@krat")
        #expect(IPATranscriber.espeak(fromIPA: "nɔrθ") == "nO@T")
        #expect(IPATranscriber.espeak(fromIPA: "ˌeɪlyəˈneɪʃəns") == ",eIlj@'neIS@ns")
        #expect(IPATranscriber.espeak(fromIPA: "tu ænd tu θɜrdz") == "tu: and tu: T3:dz")
        #expect(IPATranscriber.espeak(fromIPA: "˥˩") == nil)
    }
}
