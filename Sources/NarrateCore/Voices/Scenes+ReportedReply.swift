/// A reply told, not quoted: "“It is a long time, Mr. Bingley, since you went away,” said Mrs.
/// Bennet." / "He readily agreed to it." / "“I began to be afraid …”". The answer is somebody
/// else's turn, so the open line after it is the first speaker's, going on.
extension ChapterAttribution {
    /// Credits the open line after each reported reply to the speaker of the line before it.
    mutating func resumeAfterReportedReplies() {
        for p in paragraphs.indices.dropFirst(2) where isOpen(p) && !continues(p) && !outsider[p] {
            guard let replier = reportedReplier(p - 1), let before = speaker[p - 2]?.key, speaks(p - 2),
                  replierIsNot(before, replier), maySpeak(before, p), !spoken(p).contains(before) else { continue }
            setSpeaker(p, before, .turnTaking)
        }
    }

    /// Who answers in narration paragraph `p`, if it is one short sentence that opens with its
    /// subject and reports an answer in words: "She replied in the affirmative.", "Elizabeth replied
    /// that it was.", "He readily agreed to it.", "Mr. Bennet replied that he had not." Not a silence
    /// ("Die Konsulin antwortete nur mit Schluchzen.", "M. de Villefort ne répondit rien"): somebody
    /// else may speak next.
    private func reportedReplier(_ p: Int) -> Credit? {
        let text = paragraphs[p]
        guard quotes[p].isEmpty, text.count <= 100, let last = text.lastIndex(where: { !$0.isWhitespace }), text[last] == ".",
              !(0..<last).contains(where: { ".!?;:".contains(text[$0]) && !SpeechTags.isTitleDot(text, at: $0, from: 0) }) else { return nil }
        let words = SpeechTags.words(text, from: 0, to: last).map { String(text[$0]).lowercased() }
        // A negation before the verb or right after it: "did not answer", "ne répondit rien", "antwortete durchaus nicht";
        // not in what is reported ("replied that he had not").
        guard let v = words.firstIndex(where: { SpeechVerbs.replies.contains($0) || Self.assents.contains($0) }),
              !words[..<min(words.count, v + 3)].contains(where: SpeechVerbs.negations.contains),
              // What was answered, told: "replied that …", "in the affirmative", "agreed to it". Without it
              // ("Margaret answered with some hesitation.") the sentence brings in the answer itself.
              words[(v + 1)..<min(words.count, v + 5)].contains(where: { Self.toldAnswers.contains($0) || $0.hasPrefix("qu’") || $0.hasPrefix("qu'") })
                || Self.assents.contains(words[v]) && words.dropFirst(v + 1).first.map(SpeechTags.turnsTo) == true,
              !words.contains(where: Self.restrictions.contains),
              let start = text.firstIndex(where: { !$0.isWhitespace }) else { return nil }
        if let hit = names.match(text, at: start), !hit.possessive { return .character(hit.key) }
        if let first = words.first, case let .gendered(gender)? = Pronouns.gender(of: first) { return .pronoun(.gendered(gender)) }
        return nil
    }

    /// Whether the one who answers cannot be `key`: another cast member, or a pronoun of the other gender.
    private func replierIsNot(_ key: String, _ replier: Credit) -> Bool {
        switch replier {
        case let .character(other): return other != key
        case let .pronoun(.gendered(gender)): return names.genders[key].map { $0 != gender } ?? false
        default: return false
        }
    }

    /// Verbs that report an answer of assent.
    static let assents: Set<String> = ["agreed", "assented", "consented", "acquiesced"]

    /// Words that tell what was answered: "that", "in the affirmative".
    static let toldAnswers: Set<String> = ["that", "affirmative", "negative", "que", "affirmativement", "négativement", "daß", "dass"]

    /// Words that make a reply something less than words: "only with sobs".
    static let restrictions: Set<String> = ["only", "merely", "nur", "seulement"]
}
