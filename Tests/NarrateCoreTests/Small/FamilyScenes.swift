@testable import NarrateCore

/// The made-up family the scene tests are written with, and who speaks each quote of a passage.
protocol FamilyScenes {}

extension FamilyScenes {
    var family: Cast {
        Cast(characters: [
            CastCharacter(key: "ned", names: ["Ned"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "kate", names: ["Kate"], descriptions: ["her sister"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "ruth", names: ["Ruth"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "hale", names: ["Mrs. Hale"], descriptions: ["her mother", "a cheery voice"], gender: .female, voice: VoiceSpec()),
        ])
    }

    /// The speaker of each quote, paragraph by paragraph.
    func speakers(_ paragraphs: [String], cast: Cast? = nil, narrator: String? = nil) -> [[String]] {
        Attributor(cast: cast ?? family).attributions(chapter: paragraphs.map(Array.init), narrator: narrator).map { $0.map(\.speaker.name) }
    }
}
