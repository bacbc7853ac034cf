import Testing
@testable import NarrateCore

/// Round eight of issue #18: an action after the line, in the same paragraph, is the speaker's
/// (one speaker, one paragraph), as an action before it already was.
@Suite(.tags(.small)) struct ActionAfterTheLineTests: FamilyScenes {
    @Test func anActionAfterTheLineIsTheSpeakers() {
        let scene = "Kate, Ruth and Ned sat by the fire."
        #expect(speakers([scene, "“Is it snowing?” Ruth put down her cup and went to the window."]) == [[], ["ruth"]])
        // From *Buddenbrooks* and *A Christmas Carol*: "und" before the subject, and a tag the verbs do not know.
        let sisters = Cast(characters: [
            CastCharacter(key: "tony", names: ["Tony"], gender: .female, voice: VoiceSpec()),
            CastCharacter(key: "armgard", names: ["Armgard"], gender: .female, voice: VoiceSpec()),
        ])
        #expect(speakers(["Tony und Armgard saßen am Fenster.", "»Einen Adligen?« Tony ließ den Strumpf sinken."], cast: sisters) == [[], ["tony"]])
        #expect(speakers(["Tony und Armgard saßen am Fenster.", "»Ja, ja!« und Armgard lachte."], cast: sisters) == [[], ["armgard"]])
    }

    /// Each stays with the dialogue voice: silence or hearing, a second person named, a quote
    /// that names its subject, narration between two quotes (the `beat` rule's own case).
    @Test func notTheListenersAction() {
        let scene = "Kate, Ruth and Ned sat by the fire."
        #expect(speakers([scene, "“Will you come with me?” Ned made no answer."]) == [[], ["dialogue"]])
        #expect(speakers([scene, "“Will you come with me?” Ned heard it without looking up."]) == [[], ["dialogue"]])
        // A negation counts as silence, though "“Spirit! are they yours?” Scrooge could say no more." is
        // Scrooge's: one right line of the labelled sets given up, for precision.
        #expect(speakers([scene, "“Spirit! are they yours?” Ned could go no further."]) == [[], ["dialogue"]])
        #expect(speakers([scene, "“Will you come with me?” Ned looked at Kate."]) == [[], ["dialogue"]])
        #expect(speakers([scene, "“Will you come with me, Ned?” Ned looked up."]) == [[], ["dialogue"]])
        #expect(speakers([scene, "Then Kate said, “Will you come?” Ned looked up."]) == [[], ["kate"]])
    }
}
