import Foundation
import Testing
@testable import NarrateCore

/// The plan's side of issue #14 in the Voices area: headings with nothing to say, lexicon rules
/// that re-match, grow or never finish, and hostile lexicon and cast files.
@Suite(.tags(.small)) struct HostileVoicePlanTests {
    let engine = EngineIdentity(name: "test", version: "1", dataVersion: "d", sampleRate: 22050)

    func plan(_ book: Book, lexicon: Lexicon = Lexicon()) -> Plan {
        Planner(voices: VoiceAssignment(cast: Cast(), base: VoiceSettings(), bookLanguage: "en"), pauses: Pauses(), engine: engine, lexicon: lexicon)
            .plan(book)
    }

    @Test(arguments: ["…", "?", "..", "* * *"])
    func aHeadingWithNothingToSayIsSkippedWithOneWarning(heading: String) {
        let book = Book(title: "b", author: nil, language: "en", chapters: [
            Chapter(title: heading, spokenHeading: heading, paragraphs: [Paragraph(text: "Some words.", line: 3)]),
            Chapter(title: "Two", spokenHeading: "Two", paragraphs: [Paragraph(text: "More words.", line: 7)]),
        ])
        let plan = plan(book)
        #expect(plan.chapters[0].segments.map(\.id) == ["c1.p1.s1"])
        #expect(plan.chapters[1].segments.map(\.id) == ["c2.h", "c2.p1.s1"])
        #expect(plan.warnings.count == 1)
        #expect(plan.warnings.first?.hasPrefix("chapter 1, heading") == true)
    }

    func spoken(_ text: String, lexicon yaml: String) throws -> (spoken: [String], warnings: [String]) {
        let plan = plan(TestSupport.book("Chapter 1\n\n" + text + "\n"), lexicon: try LexiconFile.parse(yaml, file: "l.yaml"))
        return (plan.chapters.flatMap(\.segments).filter { $0.kind == .sentence }.map(\.spoken), plan.warnings)
    }

    @Test func lexiconEntriesMatchTheOriginalTextOnly() throws {
        let yaml = "say:\n  cat: dog\nrules:\n  - word: dog\n    say: wolf\n  - regex: 'w(\\w+)'\n    say: W$1\n"
        let result = try spoken("The cat met a dog and a wolf.", lexicon: yaml)
        #expect(result.spoken == ["The dog met a wolf and a Wolf."])
        #expect(result.warnings.isEmpty)
    }

    /// Twelve rules that each repeat every word eight times used to compound (8^12); now the
    /// first takes every word and the others find nothing left to match.
    @Test func rulesThatRepeatTheirMatchDoNotCompound() throws {
        let yaml = "rules:\n" + String(repeating: "  - regex: '(\\w+)'\n    say: $1 $1 $1 $1 $1 $1 $1 $1\n", count: 12)
        let result = try spoken("Lamps burn.", lexicon: yaml)
        #expect(result.spoken == ["Lamps Lamps Lamps Lamps Lamps Lamps Lamps Lamps burn burn burn burn burn burn burn burn."])
    }

    @Test func anEntryThatWouldFloodASegmentIsSkippedThereWithAWarning() throws {
        let yaml = "rules:\n  - regex: '(\\w+)'\n    say: " + String(repeating: "$1 ", count: 60) + "\n  - word: harbour\n    say: port\n"
        let result = try spoken("Lamps burn by the harbour.\n\nOk.", lexicon: yaml)
        // The heading and the long sentence would grow past 200 + 2 × their length: the rule
        // skips them, the next entry still applies.
        #expect(result.spoken[0] == "Lamps burn by the port.")
        #expect(result.spoken[1] == String(repeating: "Ok ", count: 60).trimmingWhitespace() + ".")
        #expect(result.warnings == ["l.yaml:2: the rule '(\\w+)' would make the text too long (chapter 1, heading and 1 more); skipped there. A lexicon may add at most 200 characters plus twice the segment's length"])
    }

    /// `(a+)+b` backtracks exponentially on a run of a's without a b. Counted matcher steps, not
    /// a clock, decide when to give up, so the plan is the same on every machine: the rule is
    /// dropped from the whole book (also where it matched quickly), and the others still apply.
    @Test func aCatastrophicRegexIsGivenUpOnAndNamed() throws {
        let yaml = "rules:\n  - regex: '(a+)+b'\n    say: X\n  - word: lamp\n    say: lantern\n"
        let stalling = (1...200).map { "Lamp \($0) is \(String(repeating: "a", count: 40))c here." }
        let result = try spoken((["Say aab lamp."] + stalling).joined(separator: "\n\n"), lexicon: yaml)
        #expect(result.spoken.first == "Say aab lantern.")
        #expect(result.spoken.dropFirst().allSatisfy { $0.hasPrefix("lantern ") })
        #expect(result.warnings == ["l.yaml:2: the rule '(a+)+b' takes too long to match (chapter 1, paragraph 2); it is not applied anywhere. Simplify the pattern: nested repetition such as (a+)+ takes exponential time"])
    }

    @Test(arguments: ["rules:\n  - regex: 'x*'\n    say: zzz\n", "rules:\n  - regex: '(?:)'\n    say: zzz\n", "say:\n  '': zzz\n"])
    func aPatternThatMatchesEmptyTextIsRefused(yaml: String) {
        #expect(throws: ConfigError.self) { try LexiconFile.parse(yaml, file: "l.yaml") }
        do { _ = try LexiconFile.parse(yaml, file: "l.yaml") } catch {
            #expect("\(error)".contains("matches empty text"), "\(error)")
        }
    }

    @Test func aControlCharacterIsReportedOnOneLineEscapedAtItsLine() {
        #expect(throws: ConfigError(file: "c.yaml", line: 6, message: "control characters are not allowed (U+0001 in column 18); remove it")) {
            try CastFile.parse("narrator:\n  voice: en-gb\n  rate: 160\ncharacters:\n  darcy:\n    names: [Darcy\u{1}\u{2}]\n", file: "c.yaml")
        }
    }

    @Test func aLatin1CastNamesTheLineThatIsNotUTF8() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("cast.yaml").path
        let bytes = Array("narrator:\n  voice: en-gb\ncharacters:\n  rene:\n    names: [Ren".utf8) + [0xE9] + Array("]\n".utf8)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        #expect(throws: ConfigError(file: path, line: 5, message: "not UTF-8 text (byte 0xE9); save the cast file as UTF-8")) {
            try CastFile.load(path: path)
        }
    }

    /// A large plain lexicon is refused for its size, not blamed on aliases (and is read in
    /// linear time: the duplicate-key check was quadratic).
    @Test func aLexiconWithTooManyValuesSaysSoWithoutBlamingAliases() throws {
        let plain = "say:\n" + (0...ConfigDocument.maximumNodes).map { "  word\($0): replacement\n" }.joined()
        do {
            _ = try LexiconFile.parse(plain, file: "big.yaml")
            Issue.record("a lexicon over the limit was accepted")
        } catch let error as ConfigError {
            #expect(error.message.hasPrefix("the file has more than 100000 values"), "\(error)")
        }
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + (1...5).map { "l\($0): &l\($0) [" + Array(repeating: $0 == 1 ? "*a" : "*l\($0 - 1)", count: 10).joined(separator: ", ") + "]\n" }.joined()
        do {
            _ = try LexiconFile.parse(bomb, file: "bomb.yaml")
            Issue.record("an alias bomb was accepted")
        } catch let error as ConfigError {
            #expect(error.message.contains("(aliases?)"), "\(error)")
        }
    }
}
