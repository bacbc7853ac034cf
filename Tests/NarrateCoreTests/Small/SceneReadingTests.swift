import Testing
@testable import NarrateCore

/// The fifth round of issue #18 on small made-up passages: whom a line calls, whom the narration
/// is about, a beat between two quotes, answers, sounds, and the forms people are addressed by.
@Suite(.tags(.small)) struct SceneReadingTests: FamilyScenes {
    @Test func aNameAloneCallsUnlessItEchoesOrAnswers() {
        let names = CastNames(cast: family)
        func address(_ text: String, echoing: Set<String> = []) -> Set<String> {
            let line = Array(text)
            return names.address(line, quote: 0..<line.count, echoing: echoing).keys
        }
        #expect(address("“Ned?”") == ["ned"])
        #expect(address("“Ned!”") == ["ned"])
        // "“Bingley.”" answers a question; "“Ned!”" after a line that spoke of him repeats the name.
        #expect(address("“Ned.”").isEmpty)
        #expect(address("“Ned!”", echoing: ["ned"]).isEmpty)
        // Called, Ned is in the scene: the one who answers.
        #expect(speakers(["Kate sat up in the dark.", "“Ned?” she asked.", "“Yes.”"]) == [[], ["kate"], ["ned"]])
        // Addressed in a line that asks or cries, Kate is in the scene too: the call before was hers.
        #expect(speakers(["The door opened.", "“Ned?”", "“Yes, Kate,” he said."]) == [[], ["kate"], ["ned"]])
        // So she is when addressed in a line's first two words, though the line ends as a statement.
        #expect(speakers(["The door opened.", "“Yes, Kate. It is late.”", "“So it is,” she said."]) == [[], ["dialogue"], ["kate"]])
        #expect(speakers(["The door opened.", "“It is very late, Kate.”", "“So it is,” she said."]) == [[], ["dialogue"], ["dialogue"]])
    }

    @Test func germanPetNamesAndGenitives() {
        let cast = Cast(characters: [
            CastCharacter(key: "tony", names: ["Tony"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "kesselmeyer", names: ["Herrn Kesselmeyer"], gender: .male, voice: VoiceSpec()),
        ])
        let names = CastNames(cast: cast)
        let pet = Array("Ei, ei, Tonychen!")
        #expect(names.match(pet, at: 8)?.key == "tony")
        // "Herrn Kesselmeyers Munterkeit" names him, as a genitive: in the scene, not the subject.
        let genitive = Array("Herrn Kesselmeyers Munterkeit kehrte zurück.")
        #expect(names.match(genitive, at: 0).map { [$0.key: $0.possessive] } == ["kesselmeyer": true])
        #expect(names.mentions(genitive, in: 0..<genitive.count) == ["kesselmeyer"])
    }

    @Test func aPronounAfterNarrationAboutSomeone() {
        let scene = "Kate, Ruth and Ned sat by the fire."
        #expect(speakers([scene, "Kate rose and went to the window.", "“Snow,” she said."]) == [[], [], ["kate"]])
        // Also after a short phrase set off by a comma.
        #expect(speakers([scene, "After a while, Kate rose and went to the window.", "“Snow,” she said."]) == [[], [], ["kate"]])
        // Not when the paragraph names another woman, or is not about anyone at its start.
        #expect(speakers([scene, "Kate rose and looked at Ruth.", "“Snow,” she said."]) == [[], [], ["dialogue"]])
        #expect(speakers([scene, "If it snowed, Ned said, Kate would stay.", "“Snow,” she said."]) == [[], [], ["dialogue"]])
    }

    @Test func aBeatBetweenTwoQuotesNamesTheSpeaker() {
        let scene = "Kate, Ruth and Ned sat by the fire."
        #expect(speakers([scene, "“Snow!” Kate went to the window. “It is snowing.”"]) == [[], ["kate", "kate"]])
        // After the last quote it may be the listener's reaction; naming two, it tells nothing.
        #expect(speakers([scene, "“Snow!” Kate went to the window."]) == [[], ["dialogue"]])
        #expect(speakers([scene, "“Snow!” Kate looked at Ruth. “It is snowing.”"]) == [[], ["dialogue", "dialogue"]])
    }

    @Test func theOneAddressedAnswersWhenNobodyIsKnownToSpeakNext() {
        // Ruth speaks first, so no pair takes turns: the answer is read from the question.
        let scene = "Ruth, Kate and Ned were at dinner."
        #expect(speakers([scene, "“Tea?” said Ruth.", "“What say you, Ned?” said Kate.", "“Nothing.”"]) == [[], ["ruth"], ["kate"], ["ned"]])
        // Not when the question's narration names somebody else: the word may go to them.
        #expect(speakers([scene, "“Tea?” said Ruth.", "“What say you, Ned?” said Kate, and Ruth laughed.", "“Nothing.”"])
            == [[], ["ruth"], ["kate"], ["dialogue"]])
        // A line that names somebody is not taken for theirs by the answer after it.
        #expect(speakers([scene, "“I said it first, and Ruth knows it.”", "“So you did, Ruth,” said Ned."]) == [[], ["dialogue"], ["ned"]])
    }

    @Test func soundsAreNobodysTurn() {
        #expect(Sounds.isSound(ArraySlice("“Ding, dong!”")))
        #expect(Sounds.isSound(ArraySlice("»Tick-tock.«")))
        #expect(!Sounds.isSound(ArraySlice("“Ding, I said.”")))
        let bell = ["Kate sat with Ned.", "“One,” said Kate.", "“Ding, dong!”", "“Two,” said Kate.", "“Ding, dong!”"]
        #expect(speakers(bell) == [[], ["kate"], ["dialogue"], ["kate"], ["dialogue"]])
        let quotes = Attributor(cast: family).attributions(chapter: bell.map(Array.init))
        #expect(quotes[2][0].reason == "a sound, not a line: no turn of anyone's")
    }

    @Test func anExchangeGoesOnFromTwoWhoAddressedEachOther() {
        // Ruth spoke, so three take part; Ned and Kate's last two lines, one calling her by name, go on in turns.
        let lines = ["Kate, Ruth and Ned sat by the fire.", "“Tea?” said Ruth.", "“Is it cold, Kate?” said Ned.", "“Very,” said Kate.", "“Wood?”", "“None.”"]
        #expect(speakers(lines) == [[], ["ruth"], ["ned"], ["kate"], ["ned"], ["kate"]])
    }

    @Test func frenchAddresseesAndFormsOfAddress() {
        let cast = Cast(characters: [
            CastCharacter(key: "mouret", names: ["Mouret"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "hartmann", names: ["Hartmann"], descriptions: ["le baron"], gender: .male, voice: VoiceSpec()),
        ])
        // "au baron" is "à le baron", past an adverb or two: he is not the baron.
        #expect(speakers(["Mouret et le baron causaient.", "– Ayez donc les femmes, dit-il tout bas au baron."], cast: cast) == [[], ["mouret"]])
        // The one described as "le baron" is addressed as "baron".
        let line = Array("– Allons, baron, allons !")
        #expect(CastNames(cast: cast).address(line, quote: 0..<line.count).keys == ["hartmann"])
    }

    @Test func onlyRanksAreFormsOfAddress() {
        let cast = Cast(characters: [
            CastCharacter(key: "thomas", names: ["Thomas"], descriptions: ["der Konsul"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "hanno", names: ["Hanno"], descriptions: ["das Kind"], gender: .male, voice: VoiceSpec()),
            CastCharacter(key: "gerda", names: ["Gerda"], descriptions: ["die Senatorin"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "tony", names: ["Tony"], gender: .female, voice: VoiceSpec()),
        ])
        let names = CastNames(cast: cast)
        func address(_ text: String) -> Set<String> {
            let line = Array(text)
            return names.address(line, quote: 0..<line.count).keys
        }
        #expect(address("»Guten Tag, Konsul!«") == ["thomas"])
        // Every parent says "mein Kind": "das Kind" describes Hanno, but is no form of address.
        #expect(address("»Ach, mein Kind, wie spät!«").isEmpty)
        // "zur Senatorin" is "zu der Senatorin": she is spoken to, so "sie" is the other woman.
        #expect(speakers(["Tony und die Senatorin saßen am Tisch.", "»Gut«, sagte sie zur Senatorin."], cast: cast) == [[], ["tony"]])
    }

    @Test func unusualLinesStaySafe() {
        // A description whose first letter upper-cases to two ("ﬁ" → "FI") is indexed, not a crash.
        let ligature = Cast(characters: [CastCharacter(key: "ann", names: ["Ann"], descriptions: ["ﬁancée"], gender: .female, voice: VoiceSpec())])
        #expect(speakers(["“Yes,” said the ﬁancée."], cast: ligature) == [["ann"]])
        // A German genitive at the very end of a paragraph, where a tag is looked for.
        #expect(speakers(["“No,” Neds"]) == [["dialogue"]])
        // A name cried again in a longer line is not its speaker, though it calls nobody.
        #expect(speakers(["Kate sat by Ned, who slept.", "“Ned, are you awake?” said Kate.", "“Ned! Wake up!”"]) == [[], ["kate"], ["dialogue"]])
        // A beat names nobody the quotes name: "“Is Ruth there?” Ruth looked up." is not Ruth's question.
        #expect(speakers(["Kate, Ruth and Ned sat by the fire.", "“Is Ruth there?” Ruth looked up. “Yes.”"]) == [[], ["dialogue", "dialogue"]])
        // The narration before the pronoun's tag names another woman: not the one the paragraph before was about.
        #expect(speakers(["Kate, Ruth and Ned sat by the fire.", "Kate rose and went to the window.", "“Is it snowing?” Ruth looked up. “Yes,” she said."])
            == [[], [], ["dialogue", "dialogue"]])
    }

    @Test func aNameAfterThanIsNoSubject() {
        // "younger than Ned": the girl (not in the cast) addresses him, not Ned her.
        #expect(speakers(["A girl much younger than Ned came in, and addressed him as her “Dear, dear brother.”"]) == [["dialogue"]])
    }
}
