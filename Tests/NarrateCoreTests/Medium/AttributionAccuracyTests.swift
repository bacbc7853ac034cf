import Foundation
import Testing
@testable import NarrateCore

/// A hand-labelled chapter of a corpus book: the book, its cast, and the speaker of each quoted paragraph.
struct LabelledSet: Sendable, CustomTestStringConvertible {
    let name: String
    let book: String
    let cast: String
    let labels: String

    var testDescription: String { name }

    static let all = [
        LabelledSet(name: "Pride and Prejudice", book: "text/pride-and-prejudice_pg1342.txt", cast: "pride-and-prejudice.cast.yaml",
                    labels: "pride-and-prejudice-speakers.tsv"),
        LabelledSet(name: "Alice, chapter VII", book: "text/alice-in-wonderland_pg11.txt", cast: "alice-in-wonderland.cast.yaml",
                    labels: "alice-in-wonderland-speakers.tsv"),
        LabelledSet(name: "A Christmas Carol, stave one", book: "epub-valid/christmas-carol_gutenberg-epub2.epub",
                    cast: "christmas-carol.cast.yaml", labels: "christmas-carol-speakers.tsv"),
    ]

    /// Precision and recall of the attribution with `rules`, and the wrong credits.
    struct Score {
        var claims = 0, correct = 0, labelled = 0, lines = 0
        var wrong: [String] = []
        var precision: Double { Double(correct) / Double(max(claims, 1)) }
        var recall: Double { Double(correct) / Double(max(labelled, 1)) }
        var summary: String { "precision \(correct)/\(claims), recall \(correct)/\(labelled)" }
    }

    func score(rules: Set<AttributionRule> = Set(AttributionRule.allCases), window: Int = 6) throws -> Score {
        let url = TestSupport.corpus(book)
        let book = url.pathExtension == "epub" ? try EPUBReader().read(path: url.path, warnings: nil) : try TestSupport.readBook(url)
        let castURL = TestSupport.fixture(cast)
        let cast = try CastFile.parse(String(contentsOf: castURL, encoding: .utf8), file: castURL.path)
        var planner = Planner(voices: VoiceAssignment(cast: cast, base: VoiceSettings(), bookLanguage: "en"), pauses: Pauses(),
                              engine: EngineIdentity(name: "t", version: "1", dataVersion: "d", sampleRate: 22050))
        planner.attributionRules = rules
        planner.sceneWindow = window
        let plan = planner.plan(book)
        // The first spoken (not narrated) segment of each paragraph.
        var speech: [String: Segment] = [:]
        for segment in plan.chapters.flatMap(\.segments) where segment.speaker != "narrator" {
            let paragraph = segment.id.split(separator: ".").prefix(2).joined(separator: ".")
            if speech[paragraph] == nil { speech[paragraph] = segment }
        }
        let rows = try String(contentsOf: TestSupport.fixture(labels), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
        var score = Score()
        for row in rows {
            let (paragraph, truth, opening) = (row[0], row[1], row[2])
            let segment = try #require(speech[paragraph], "\(name): \(paragraph) has no speech")
            #expect(segment.text.hasPrefix(opening), "\(name): \(paragraph) is not the labelled line: \(segment.text)")
            score.lines += 1
            if truth != "other" { score.labelled += 1 }
            guard segment.speaker != "dialogue" else { continue }
            score.claims += 1
            if segment.speaker == truth { score.correct += 1 } else { score.wrong.append("\(paragraph): \(segment.speaker), but \(truth) speaks") }
        }
        return score
    }
}

/// Attribution on real novels against hand-labelled lines: precision first.
@Suite(.tags(.medium)) struct AttributionAccuracyTests {
    @Test(arguments: LabelledSet.all) func handLabelledLines(set: LabelledSet) throws {
        let score = try set.score()
        print("attribution, \(set.name): \(score.lines) quoted paragraphs, \(score.summary)")
        for wrong in score.wrong { Issue.record("\(set.name): \(wrong)") }
        #expect(score.lines >= 90)
        #expect(score.precision >= 0.98)
        #expect(score.recall >= 0.85)
    }

    /// What each rule adds (recall) and costs (precision): every set with each rule left out.
    @Test func ablation() throws {
        for rule in [nil] + AttributionRule.allCases.map(Optional.some) {
            var line = rule.map { "without \($0.rawValue):" } ?? "all rules:"
            for set in LabelledSet.all {
                let score = try set.score(rules: Set(AttributionRule.allCases).subtracting(rule.map { [$0] } ?? []))
                line += "  \(set.name) \(score.summary)"
            }
            print("ablation \(line)")
        }
        for window in [2, 3, 4, 5, 6, 8, 10] {
            let scores = try LabelledSet.all.map { "\($0.name) \(try $0.score(window: window).summary)" }
            print("scene window \(window): " + scores.joined(separator: "  "))
        }
    }
}
