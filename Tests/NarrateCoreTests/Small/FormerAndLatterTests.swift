import Testing
@testable import NarrateCore

/// "the former said", "the latter replied": of the last two cast members its sentence names.
@Suite(.tags(.small)) struct FormerAndLatterTests: FamilyScenes {
    /// *Pride and Prejudice*, chapter XLVII, shortened: "the former" is Elizabeth, and the talk of
    /// the two sisters that follows takes turns from her.
    @Test func theFormerIsTheFirstOfTheTwoNamed() {
        let result = speakers([
            "After joining in general lamentations, which Kate considered as all but certain, and Ruth could not assert to be wholly impossible, the former continued the subject by saying, “But tell me all and everything about it.”",
            "“He did own that he had often suspected something.”",
            "“And did nobody else know of it?”",
        ])
        #expect(result == [["kate"], ["ruth"], ["kate"]])
    }

    @Test func theLatterIsTheSecond() {
        #expect(speakers(["Ned looked at Kate, and the latter said, “Not today.”"]) == [["kate"]])
    }

    /// With one cast member named there is no pair to choose from: nobody is credited.
    @Test func oneNameIsNoPair() {
        #expect(speakers(["Kate came in with the vicar, and the former said, “Good morning.”"]) == [["dialogue"]])
    }
}
