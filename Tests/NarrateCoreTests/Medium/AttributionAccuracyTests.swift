import Foundation
import Testing
@testable import NarrateCore

/// Attribution on a real novel against hand-labelled lines: precision first.
@Suite(.tags(.medium)) struct AttributionAccuracyTests {
    @Test func prideAndPrejudiceHandLabelledLines() throws {
        let book = try TestSupport.readBook(TestSupport.corpus("text/pride-and-prejudice_pg1342.txt"))
        let castURL = TestSupport.fixture("pride-and-prejudice.cast.yaml")
        let cast = try CastFile.parse(String(contentsOf: castURL, encoding: .utf8), file: castURL.path)
        let plan = Planner(voices: VoiceAssignment(cast: cast, base: VoiceSettings(), bookLanguage: "en"), pauses: Pauses(),
                           engine: EngineIdentity(name: "t", version: "1", dataVersion: "d", sampleRate: 22050)).plan(book)
        // The first spoken (not narrated) segment of each paragraph.
        var speech: [String: Segment] = [:]
        for segment in plan.chapters.flatMap(\.segments) where segment.speaker != "narrator" {
            let paragraph = segment.id.split(separator: ".").prefix(2).joined(separator: ".")
            if speech[paragraph] == nil { speech[paragraph] = segment }
        }
        let labels = try String(contentsOf: TestSupport.fixture("pride-and-prejudice-speakers.tsv"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
        var claims = 0, correct = 0, labelled = 0
        for label in labels {
            let (paragraph, truth, opening) = (label[0], label[1], label[2])
            let segment = try #require(speech[paragraph], "\(paragraph) has no speech")
            #expect(segment.text.hasPrefix(opening), "\(paragraph) is not the labelled line: \(segment.text)")
            if truth != "other" { labelled += 1 }
            guard segment.speaker != "dialogue" else { continue }
            claims += 1
            if segment.speaker == truth { correct += 1 } else { Issue.record("\(paragraph): \(segment.speaker), but \(truth) speaks") }
        }
        let precision = Double(correct) / Double(max(claims, 1)), recall = Double(correct) / Double(labelled)
        print("attribution on \(labels.count) hand-labelled lines: precision \(correct)/\(claims) = \(precision), recall \(correct)/\(labelled) = \(recall)")
        #expect(labels.count >= 90)
        #expect(precision == 1)
        #expect(recall >= 0.5)
        // Unattributed lines go to the dialogue voice, narration to the narrator.
        #expect(speech["c7.p26"]?.speaker == "dialogue")
        #expect(plan.chapters[6].segments.first { $0.text.hasPrefix("Mr. Darcy bowed.") }?.speaker == "narrator")
    }
}
