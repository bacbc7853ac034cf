/// Sounds written as quotes: a bell's "“Ding, dong!”", a clock's »Ticktack«. A quote made of
/// nothing else is no line of anyone's, so turn-taking passes over it; a tag may still credit it.
enum Sounds {
    /// Onomatopoeia of the languages covered, lowercased ("tick-tock" is read as its two words).
    static let words: Set<String> = [
        // English
        "ding", "dong", "bong", "tick", "tock", "bang", "boom", "clang", "clank", "thump", "whirr", "whiz",
        "tinkle", "ting", "crash", "whoosh", "clink",
        // German
        "bim", "bam", "bimbam", "klingeling", "ticktack", "peng", "bumm", "rums", "plumps", "kling", "klang",
        // French
        "dring", "tic", "tac", "boum", "toc", "patatras", "badaboum", "vlan",
    ]

    /// Whether a quote (marks included) holds words, all of them sounds.
    static func isSound(_ quote: ArraySlice<Character>) -> Bool {
        // A sound is short: a speech is not read for one.
        guard quote.count <= 60 else { return false }
        let words = String(quote).lowercased().split { !$0.isLetter }
        return !words.isEmpty && words.allSatisfy { Self.words.contains(String($0)) }
    }
}
