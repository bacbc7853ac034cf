/// Which words are verbs of speech, for attribution. Not a closed list: next to a quote and a
/// name, almost any past-tense verb credits the speaker ("grumbled Ned", "sang Ruth", "advised
/// Ned"), so a word counts when it has the shape of one — English `-ed`, German `-te`, French
/// `-a`/`-it` (the passé simple) — or is a known irregular one, and is not on a small stop list
/// of verbs that are not speech ("shook", "took", "looked") or of words with that shape that are
/// not verbs at all ("red", "la", "bitte").
enum SpeechVerbs {
    /// Irregular verbs of speech and ones without the regular shape, in the languages covered.
    static let irregular: Set<String> = [
        "said", "says", "say", "cried", "cries", "began", "begins", "sang", "sings", "thought", "spoke", "speaks",
        "asks", "replies", "answers", "adds", "continues", "returns", "whispers", "shouts", "calls", "exclaims",
        "observes", "remarks", "mutters", "murmurs", "declares", "repeats", "sighs", "laughs", "groans", "went",
        "bade", "spake", "swore", "wrote", "read", "hissed", "quoth", "quothe", "pursued", "faltered", "mused", "hinted",
        // French: the passé simple and the present of the incise.
        "dit", "fit", "reprit", "répondit", "répond", "poursuivit", "s'écria", "s’écria", "s'exclama", "s’exclama",
        "interrompit", "intervint", "soutint", "conclut", "dis", "demande", "répète", "murmure", "crie", "ajoute", "lança", "hurla",
        // German.
        "rief", "schrie", "sprach", "bat", "fuhr", "fing", "begann", "meinte", "sagt", "fragt", "ruft", "antwortet", "befahl",
    ]

    /// Words that have a verb's shape but are not speech, or not verbs.
    static let stop: Set<String> = [
        // English: what people do rather than say, and words ending in -ed that are not verbs.
        "shook", "took", "looked", "nodded", "saw", "heard", "felt", "knew", "was", "were", "had", "has", "is", "did",
        "came", "sat", "stood", "turned", "walked", "ran", "seemed", "appeared", "wanted", "needed", "red", "bed",
        "led", "fed", "wed", "shed", "sped", "bled", "bred", "fled", "need", "seed", "feed", "indeed", "hundred",
        "watched", "noticed", "followed", "entered", "opened", "closed", "passed", "raised", "handed", "pointed",
        "listened", "waited", "stared", "glanced", "frowned", "bowed", "kissed", "touched", "pushed", "pulled",
        // French words ending like the passé simple.
        "la", "sa", "ma", "ta", "ça", "déjà", "voilà", "là", "cela", "celle-là", "petit", "tout", "fait", "lit",
        "nuit", "huit", "fruit", "bruit", "esprit", "habit", "crédit", "avait", "était", "faisait", "savait", "pouvait", "voulait", "fallait", "semblait", "regardait",
        "portrait", "trait", "wait", "bait", "strait", "await",
        "entendit", "vit", "sentit", "aperçut", "regarda", "attendit", "sortit", "partit", "entra", "alla", "resta",
        // French and English words ending like a German weak past.
        "porte", "note", "quite", "white", "minute", "state", "date", "late", "site", "tête", "fête", "suite", "juste",
        "vite", "cette", "toute", "petite", "haute", "droite", "route", "faute", "suite", "sorte", "forte", "morte",
        "reste", "geste", "robe", "chute", "doute", "voûte", "côte", "boîte", "poste", "liste", "artiste", "quitte",
        // German words ending like a weak past.
        "bitte", "mitte", "seite", "weite", "beste", "erste", "letzte", "gute", "alte", "heute", "leute", "rechte",
        "linke", "stunde", "liebte", "mutter", "hörte", "sah", "fühlte", "merkte", "wartete", "öffnete",
        // German auxiliaries, modals and gestures in the weak past: "Sie hatte ihre Arme um seinen Hals gelegt."
        "hatte", "hätte", "wollte", "sollte", "konnte", "könnte", "mußte", "musste", "müßte", "durfte", "mochte", "möchte",
        "wußte", "wusste", "machte", "legte", "stellte", "nickte", "blickte", "schaute", "starrte", "lehnte", "drückte",
        "küßte", "küsste", "reichte", "kannte", "weinte", "lächelte", "schüttelte", "zuckte", "deutete", "zeigte",
    ]

    /// Speech as a participle, ending a lead-in: "Ned tossed up his napkin, crying, “…”".
    static let participles: Set<String> = [
        "saying", "crying", "asking", "replying", "answering", "exclaiming", "adding", "whispering", "shouting",
        "calling", "muttering", "murmuring", "continuing", "remarking", "declaring", "sighing", "laughing",
        "screaming", "shrieking", "sobbing", "stammering", "pleading", "groaning", "singing",
    ]

    /// French object pronouns that stand between a quote and the verb of its tag: "lui demanda Morcerf".
    static let clitics: Set<String> = ["lui", "leur", "me", "te", "nous", "vous"]

    /// Verbs that answer: a line they introduce belongs to the exchange before it.
    static let replies: Set<String> = [
        "replied", "answered", "returned", "rejoined", "retorted", "répondit", "répliqua", "riposta", "antwortete", "erwiderte", "versetzte",
    ]

    /// Verbs that go on with the speaker's own speech ("he continued", "fuhr er fort"): the line
    /// is the last speaker's of that gender, never the next turn.
    /// Not "added" nor "reprit": those as often open another speaker's turn.
    static let continuing: Set<String> = ["continued", "went on", "pursued", "poursuivit", "continua", "fuhr fort"]

    /// Reading out: what follows is the writer's words ("Elizabeth read on:").
    static let reading: Set<String> = ["read", "reads", "lut", "lit", "las", "liest"]

    /// Verbs of a French paragraph that opens with « again and adds to its speaker's own speech
    /// ("«En deux jours, ajouta Danglars"), as well as those that go on with it.
    static let goingOn = continuing.union(["ajouta"])

    /// German adverbs that open a clause before its verb, so that the subject follows the verb:
    /// "Übrigens sagte er", "Dann flüsterte sie". Only these: "Ida fragte sie" is Ida asking her.
    static let germanAdverbs: Set<String> = [
        "Übrigens", "Dann", "Da", "Darauf", "Hierauf", "Nun", "Jetzt", "Endlich", "Schließlich", "Plötzlich", "Und", "Aber",
        "Doch", "Hier", "Dabei", "Sodann", "Zuletzt", "Zuerst", "Abermals", "Wieder",
    ]

    /// Words that say nothing was said: "Darauf erwiderte sie nichts", "Albert ne répondit pas".
    static let negations: Set<String> = ["not", "nothing", "never", "no", "nicht", "nichts", "nie", "kein", "keine", "keinen", "ne", "n", "pas", "rien", "jamais", "point"]

    /// Whether a word is a verb of speech by name, not by its shape alone: "cried", "replied", "dit".
    static func isKnown(_ word: String) -> Bool {
        let word = word.lowercased()
        return irregular.contains(word) || replies.contains(word) || continuing.contains(word) || common.contains(word)
    }

    /// Regular verbs of speech common enough to know by name (beside `irregular` and `replies`).
    static let common: Set<String> = [
        "asked", "exclaimed", "whispered", "shouted", "called", "added", "remarked", "observed", "murmured",
        "muttered", "repeated", "declared", "demanda", "sagte", "fragte", "flüsterte",
    ]

    /// Whether a word may be a verb of speech in a speech tag.
    static func isVerb(_ word: String) -> Bool {
        let word = word.lowercased()
        guard word.count >= 3, !stop.contains(word) else { return false }
        if irregular.contains(word) { return true }
        // English past tense; German weak past (sagte, fragte, flüsterte); French passé simple.
        if word.hasSuffix("ed") || word.hasSuffix("te") { return word.count >= 4 }
        // French imperfect too: "criait madame Desforges", "murmurait-il".
        if word.hasSuffix("a") || word.hasSuffix("it") { return word.count >= 4 && word.allSatisfy(\.isLetter) }
        return false
    }

    /// Words that may stand between a verb and its subject without being a name: adverbs,
    /// articles and epithets ("added little Ruth", "said the Hatter", "sagte die Mutter").
    /// Prepositions and conjunctions may not: "said to Alice" does not credit Alice.
    static func isModifier(_ word: String) -> Bool {
        let word = word.lowercased()
        return !linking.contains(word) && !SpeechVerbs.isVerb(word) && Pronouns.gender(of: word) == nil
    }

    /// Words that end a speech tag: what follows them is somebody else (an addressee, a new clause).
    static let linking: Set<String> = [
        "to", "at", "with", "for", "of", "in", "on", "from", "by", "after", "before", "over", "upon", "into", "toward",
        "towards", "about", "through", "across", "under", "beside", "behind", "without", "against", "among", "round", "and", "but", "or", "nor", "as", "than", "that", "who", "which", "when", "while", "if", "so",
        "à", "de", "du", "des", "avec", "pour", "sur", "vers", "et", "mais", "ou", "que", "qui", "derrière", "devant", "près", "auprès", "chez",
        "zu", "mit", "an", "auf", "für", "von", "und", "aber", "oder", "nach", "bei", "dass", "als", "hinter", "neben", "vor",
    ]
}

/// Subject pronouns that stand for a speaker, by gender; `I` for a first-person narrator.
enum Pronouns {
    enum Kind: Hashable { case gendered(Gender), firstPerson, plural }

    /// German "sie" is "she" here: a speech tag's verb in the singular ("sagte sie", "Sie
    /// fragte") is the only kind the tags read, since "sagten sie" lacks a verb's shape.
    static func gender(of word: String) -> Kind? {
        switch word.lowercased() {
        case "he", "il", "er": return .gendered(.male)
        case "she", "elle", "sie": return .gendered(.female)
        case "i", "je", "ich": return .firstPerson
        case "they", "we", "ils", "elles", "nous", "wir": return .plural
        default: return nil
        }
    }
}
