/// A stretch of a paragraph and who speaks it.
public struct SpeechPiece: Sendable, Equatable {
    /// Character offsets into the paragraph's text.
    public var range: Range<Int>
    public var speaker: Speaker

    public init(range: Range<Int>, speaker: Speaker) {
        self.range = range
        self.speaker = speaker
    }
}

/// The rules that credit a quote to a character, in the order `narrate plan --dialogue` names them.
public enum AttributionRule: String, Sendable, CaseIterable, Codable {
    /// A speech tag next to the quote: "said Ned", "Ned said", "cried Kate, with dignity".
    case verb
    /// The narration leading into the quote: "then Kate said in an altered tone, “…".
    case leadIn = "lead-in"
    /// Another quote of the same paragraph is theirs: "“Yes,” said Ned, “and more.”".
    case paragraph
    /// The narration paragraph before ends handing over: "Darcy replied, with great intrepidity,—".
    case introduction
    /// A sentence between two of the paragraph's quotes opens with a cast member, the only one its
    /// narration names: the speaker's own action ("»…!« Christian war so erregt, daß … »Ich nenne ihn …«").
    case beat
    /// "said she" when one cast member of that gender is in the scene, or named earlier in the sentence.
    case pronoun
    /// "I said" in a book or chapter told by a character of the cast.
    case firstPerson = "first-person"
    /// The previous paragraph's quote is not closed: the speech goes on.
    case continued
    /// Exactly two cast members in the scene, taking turns.
    case turnTaking = "turn-taking"
    /// The next line answers it by name ("So I did, Ruth."), or it answers a line naming its speaker.
    case vocative
    /// An exchange whose lines are credited to, or address, exactly two people: its other lines
    /// take turns between them, though a third person is named in the narration (present, silent).
    case exchange
    /// It follows a line addressing someone by name ("What say you, Mary?"), and the line after
    /// it is somebody else's: the one addressed answers.
    case answer
    /// A letter set into the text (`Letters`) is its signer's: the one cast member its closing
    /// lines name ("“Your affectionate friend,” / “LYDIA BENNET.”").
    case signature
}

/// Who speaks one quote, and why: the rule that credited a character, or why the dialogue voice reads it.
public struct QuoteAttribution: Sendable, Equatable {
    /// Character offsets into the paragraph's text.
    public var range: Range<Int>
    /// A character, `.dialogue`, or `.narrator` for a word the narration names in quotation marks.
    public var speaker: Speaker
    public var rule: AttributionRule?
    /// Why nobody was credited (nil when somebody was).
    public var reason: String?
}

/// Decides who speaks each quote of a chapter, preferring precision to recall: a wrong voice is
/// worse than the dialogue voice. Local evidence first (a speech tag, a lead-in, the paragraph's
/// other quotes, an introducing paragraph), then the scene: who is present (named, speaking or
/// addressed in the last few paragraphs) resolves pronouns by gender, and turn-taking fills
/// uncredited lines only where exactly two cast members are present. Docs/voices.md has the
/// rules and the measured precision and recall.
public struct Attributor: Sendable {
    let names: CastNames
    let tags: SpeechTags
    /// The rules in use (all, except when measuring what each one adds).
    let rules: Set<AttributionRule>
    /// The book's first-person narrator (`narrator: watson` in the cast).
    let narrator: String?

    /// How many paragraphs a mention keeps somebody in the scene (the paragraph itself included).
    let sceneWindow: Int

    public init(cast: Cast, rules: Set<AttributionRule> = Set(AttributionRule.allCases), sceneWindow: Int = 6) {
        names = CastNames(cast: cast)
        tags = SpeechTags(names: names)
        self.rules = rules
        self.sceneWindow = max(1, sceneWindow)
        narrator = cast.narratorCharacter
    }

    /// The pieces of every paragraph of a chapter, in order. `narrator`: the character telling
    /// this chapter in the first person, if any (else the cast's).
    public func pieces(chapter paragraphs: [[Character]], narrator: String? = nil) -> [[SpeechPiece]] {
        let attributions = self.attributions(chapter: paragraphs, narrator: narrator)
        return paragraphs.indices.map { p in
            let text = paragraphs[p]
            guard !attributions[p].isEmpty else { return text.isEmpty ? [] : [SpeechPiece(range: 0..<text.count, speaker: .narrator)] }
            var pieces: [SpeechPiece] = []
            var cursor = 0
            for quote in attributions[p] {
                if quote.range.lowerBound > cursor { pieces.append(SpeechPiece(range: cursor..<quote.range.lowerBound, speaker: .narrator)) }
                pieces.append(SpeechPiece(range: quote.range, speaker: quote.speaker))
                cursor = quote.range.upperBound
            }
            if cursor < text.count { pieces.append(SpeechPiece(range: cursor..<text.count, speaker: .narrator)) }
            return pieces
        }
    }

    /// Every quote of every paragraph with its speaker and the rule that decided it.
    public func attributions(chapter paragraphs: [[Character]], narrator: String? = nil) -> [[QuoteAttribution]] {
        var chapter = ChapterAttribution(paragraphs: paragraphs, attributor: self, narrator: narrator ?? self.narrator)
        chapter.resolve()
        return chapter.result()
    }
}
