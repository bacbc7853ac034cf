import Foundation
import Testing
@testable import NarrateCore

@Suite(.tags(.large)) struct VoicesCommandTests {
    @Test func listsVoicesByLanguageWithVariants() throws {
        let result = try TestSupport.narrate(["voices", "--language", "en", "--json"])
        #expect(result.status == 0)
        let listing = try JSONDecoder().decode(NarrateCommand.VoicesCommand.Listing.self, from: result.stdout)
        let names = listing.voices.map(\.voice)
        #expect(names.contains("en-us") && names.contains("en-gb"))
        #expect(listing.voices.allSatisfy { $0.languages.contains { $0 == "en" || $0.hasPrefix("en-") } })
        #expect(listing.variants.contains("f3") && listing.variants.contains("m3"))
        // What it lists is what --voice takes, with a variant too.
        for voice in ["en-gb", "en-us+f3"] {
            let plan = try TestSupport.narrate(["plan", TestSupport.fixture("tiny.txt").path, "--voice", voice, "--json"])
            #expect(plan.status == 0, "\(voice): \(plan.stderr)")
        }
        let german = try TestSupport.narrate(["voices", "--language", "de"])
        #expect(german.stdoutText.hasPrefix("de "))
        let none = try TestSupport.narrate(["voices", "--language", "xx"])
        #expect(none.status == 0 && none.stderr.contains("no voice speaks xx"))
    }
}
