import Testing
@testable import NarrateCore

/// Round thirteen of issue #18: a reply the narration tells ("He readily agreed to it.") is
/// somebody else's turn, so the open line after it is the first speaker's, going on.
@Suite(.tags(.small)) struct ReportedReplyTests: FamilyScenes {
    private func first(_ paragraphs: [String]) -> [String?] { speakers(paragraphs).map(\.first) }

    @Test func theLineAfterAToldReplyIsTheFirstSpeakers() {
        let asked = "“It is a long time, Ned, since you went away,” said Mrs. Hale."
        #expect(first([asked, "He readily agreed to it.", "“I began to be afraid you would never come back again.”"]) == ["hale", nil, "hale"])
        #expect(first(["“Have you heard the news?” said Kate.", "Ned replied that he had not.", "“But it is true.”"]) == ["kate", nil, "kate"])
        #expect(first(["“You saw the house, I suppose?” said Ned.", "She replied in the affirmative.", "“I almost envy you.”"]) == ["ned", nil, "ned"])
    }

    /// A silence is no reply in words: somebody else may speak next.
    @Test func aSilenceIsNoTurnTold() {
        #expect(first(["“Tom is ill,” said Kate.", "Mrs. Hale answered only with sobs.", "“No, no!”"]) == ["kate", nil, "dialogue"])
        #expect(first(["“Tom is ill,” said Kate.", "Ned did not answer.", "“No, no!”"]) == ["kate", nil, "dialogue"])
        #expect(first(["“Tom is ill,” said Kate.", "Mrs. Hale answered nothing that evening.", "“No, no!”"]) == ["kate", nil, "dialogue"])
    }

    /// "Ruth answered with some hesitation." brings in her answer: no turn told (the hostile review's case).
    @Test func aReplyWithoutWhatWasAnsweredBringsItIn() {
        #expect(first(["“What do you say to it, Ruth?” said Mrs. Hale.", "Ruth answered with some hesitation.", "“I think you have been too hasty.”"])
            != ["hale", nil, "hale"])
        // "admitted" is no assent: "Ned was admitted to the room." is his coming in, not a turn told.
        #expect(first(["“Show him up, then,” said Mrs. Hale.", "Ned was admitted to the room.", "“I am afraid I come at a bad hour.”"])
            != ["hale", nil, "hale"])
    }

    /// The one who answers may be the one who spoke ("Kate replied that she would."), or unknown: no count.
    @Test func aReplyByTheSameSpeakerOrNobodyKnownCountsNothing() {
        #expect(first(["“Will you come?” said Kate.", "Kate replied that she would.", "“Then go.”"]) == ["kate", nil, "dialogue"])
        #expect(first(["“Will you come?” said Kate.", "She replied that she would.", "“Then go.”"]) == ["kate", nil, "dialogue"])
        #expect(first(["“Will you come?” said Kate.", "The answer was that she would.", "“Then go.”"]) == ["kate", nil, "dialogue"])
        // More than one sentence is a scene going on, not a turn told.
        #expect(first(["“Will you come?” said Kate.", "Ned replied that he would. Then he looked out of the window.", "“Then go.”"])
            == ["kate", nil, "dialogue"])
    }
}
