/// Turns an IPA transcription (the alphabet of EPUB `ssml:ph` and PLS lexicons) into espeak-ng's
/// phoneme mnemonics, which it reads between `[[` and `]]`. Covers English phonemes in both the
/// British and the American tradition (`y` for /j/, `r` for /ɹ/, r-coloured vowels); a symbol it
/// does not know is dropped. Returns nil when nothing pronounceable is left.
public enum IPATranscriber {
    /// Longest sequences first.
    private static let table: [(ipa: String, espeak: String)] = [
        ("tʃ", "tS"), ("dʒ", "dZ"), ("ʧ", "tS"), ("ʤ", "dZ"),
        ("eɪ", "eI"), ("aɪ", "aI"), ("aʊ", "aU"), ("ɔɪ", "OI"), ("oʊ", "oU"), ("əʊ", "oU"),
        ("ɪə", "i@"), ("eə", "e@"), ("ʊə", "U@"),
        ("ɔr", "O@"), ("ɑr", "A@"), ("ɛr", "e@"), ("ɪr", "i@"), ("ʊr", "U@"), ("ɜr", "3:"), ("ər", "3"),
        ("iː", "i:"), ("uː", "u:"), ("ɑː", "A:"), ("ɔː", "O:"), ("ɜː", "3:"),
        ("æ", "a"), ("ɑ", "A:"), ("ɒ", "0"), ("ɔ", "O:"), ("ʌ", "V"), ("ɛ", "E"), ("e", "E"), ("ɪ", "I"),
        ("ʊ", "U"), ("u", "u:"), ("ə", "@"), ("ɜ", "3:"), ("ɝ", "3:"), ("ɚ", "3"), ("o", "oU"), ("a", "a"),
        ("θ", "T"), ("ð", "D"), ("ʃ", "S"), ("ʒ", "Z"), ("ŋ", "N"), ("ɹ", "r"), ("ɾ", "t"), ("ʔ", "?"),
        ("y", "j"), ("j", "j"), ("ɡ", "g"), ("ɫ", "l"),
        ("p", "p"), ("b", "b"), ("t", "t"), ("d", "d"), ("k", "k"), ("g", "g"), ("f", "f"), ("v", "v"),
        ("s", "s"), ("z", "z"), ("h", "h"), ("m", "m"), ("n", "n"), ("l", "l"), ("r", "r"), ("w", "w"), ("x", "x"),
        ("ˈ", "'"), ("ˌ", ","), ("ː", ""), (".", ""),
    ]

    public static func espeak(fromIPA ipa: String) -> String? {
        let words = ipa.split(whereSeparator: \.isWhitespace).compactMap(word)
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    private static func word(_ word: Substring) -> String? {
        let scalars = Array(String(word).decomposedStringWithCanonicalMapping.unicodeScalars)
        var out = ""
        var i = 0
        outer: while i < scalars.count {
            for (ipa, espeak) in table {
                let symbol = Array(ipa.unicodeScalars)
                if i + symbol.count <= scalars.count, Array(scalars[i..<(i + symbol.count)]) == symbol {
                    // Unstressed word-final /i/ is the short "happy" vowel.
                    out += (ipa == "i" && i + 1 == scalars.count) ? "i" : espeak
                    i += symbol.count
                    continue outer
                }
            }
            if scalars[i] == "i" { out += i + 1 == scalars.count ? "i" : "i:" }
            i += 1  // a diacritic or a symbol outside English: dropped
        }
        return out.contains(where: \.isLetter) || out.contains("@") || out.contains("3") ? out : nil
    }
}
