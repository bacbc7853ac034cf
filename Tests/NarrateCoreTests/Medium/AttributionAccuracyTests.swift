import Foundation
import Testing
@testable import NarrateCore

/// A hand-labelled chapter of a corpus book: the book, its cast, and the speaker of each quoted paragraph.
struct LabelledSet: Sendable, CustomTestStringConvertible {
    let name: String
    let book: String
    let cast: String
    let labels: String
    /// The recall the test holds the set to: 0.85, except where a held-out set shows what the
    /// rules do not yet read (each says why); never lowered to pass a change to the rules.
    var recallFloor = 0.85
    /// How many quoted paragraphs are labelled, at least.
    var minimumLines = 90
    /// The precision the test holds the set to: 0.98, except on a blind set, which holds the
    /// rules to what they scored the first time they met it (each says so).
    var precisionFloor = 0.98
    /// Scored blind in some round (labelled and committed before that round's rules met it): its wrong
    /// credits are listed rather than failed, and a rule's cost on it is measured rather than asserted.
    var blind = false

    var testDescription: String { name }

    static let all = [
        LabelledSet(name: "Pride and Prejudice", book: "text/pride-and-prejudice_pg1342.txt", cast: "pride-and-prejudice.cast.yaml",
                    labels: "pride-and-prejudice-speakers.tsv"),
        LabelledSet(name: "Alice, chapter VII", book: "text/alice-in-wonderland_pg11.txt", cast: "alice-in-wonderland.cast.yaml",
                    labels: "alice-in-wonderland-speakers.tsv"),
        LabelledSet(name: "A Christmas Carol, stave one", book: "epub-valid/christmas-carol_gutenberg-epub2.epub",
                    cast: "christmas-carol.cast.yaml", labels: "christmas-carol-speakers.tsv"),
        // Labelled as held-out sets in the last round; this round's German and French rules were written from their misses.
        LabelledSet(name: "Buddenbrooks, part four, ch. 7–8", book: "text/buddenbrooks_pg34811_de.txt", cast: "buddenbrooks.cast.yaml",
                    // 0.84 (72/85 since round seven; 0.58 before the German rules, which were written after reading its misses, so
                    // it is no longer held out): what is left is mostly "sagte er" with three men in the room,
                    // which only the content of the line settles.
                    labels: "buddenbrooks-speakers.tsv", recallFloor: 0.84, minimumLines: 85),
        LabelledSet(name: "Monte-Cristo, ch. XCI", book: "text/monte-cristo-tome4_pg17992_fr.txt", cast: "monte-cristo.cast.yaml",
                    // 0.75 (24/32; 0.66 before the incise inside guillemets, written after reading its misses, so
                    // no longer held out): "dit le gentilhomme" / "le jeune homme" are not in the cast, three
                    // «Adieu» in a row follow the narration's order, not a tag, and Albert's exchange with his
                    // valet (outside the cast) is not guessed.
                    labels: "monte-cristo-speakers.tsv", recallFloor: 0.75, minimumLines: 45),
        // Blind in the first round: labelled by helpers who read only the text, committed (13c0f1a, e1c9d99) before
        // any rule was scored on them, and scored once (Buddenbrooks 38/39, 38/85; Au Bonheur 56/59, 56/90; Moby-Dick
        // 55/57, 55/72). The second round of rules was written from their misses, so they are tuned on now.
        LabelledSet(name: "Buddenbrooks, part nine, ch. 2", book: "text/buddenbrooks_pg34811_de.txt", cast: "buddenbrooks-blind.cast.yaml",
                    // 0.76 (0.48 before the fifth round, 0.74 before the seventh): the brothers' quarrel runs for pages without a tag while
                    // Tony, present, says a word now and then; what is left is mostly that quarrel.
                    labels: "buddenbrooks-blind-speakers.tsv", recallFloor: 0.76, minimumLines: 85),
        LabelledSet(name: "Au Bonheur des Dames, ch. 1", book: "epub-valid/au-bonheur-des-dames_bibebook-fr.epub",
                    // 0.67: family meals of five, "reprit-il" with two men present, and lines only their content settles.
                    cast: "au-bonheur-des-dames.cast.yaml", labels: "au-bonheur-des-dames-speakers.tsv", recallFloor: 0.68, minimumLines: 90),
        LabelledSet(name: "Moby-Dick, ch. 16–17", book: "text/moby-dick_pg2701_full-pg-header.txt", cast: "moby-dick.cast.yaml",
                    // 0.76: a quote the book leaves unclosed (“Dost know nothing…) breaks the turns; three at a table.
                    labels: "moby-dick-speakers.tsv", recallFloor: 0.76, minimumLines: 70),
        // Blind in the second round: labelled by helpers who read only the text, committed (a120f58) before the
        // second round of rules was scored on them, and scored once (with the first round's rules: Buddenbrooks
        // 46/49, 46/74; Carol 71/72, 71/78; Au Bonheur 58/63, 58/117; with the second's: 48/51, 48/74; 71/72,
        // 71/78; 59/64, 59/117). The third round was written partly from their misses. Their wrong credits are
        // listed, not failed; the floors hold them to the current score.
        LabelledSet(name: "Buddenbrooks, part three, ch. 1–2", book: "text/buddenbrooks_pg34811_de.txt",
                    cast: "buddenbrooks-blind2.cast.yaml", labels: "buddenbrooks-blind2-speakers.tsv", recallFloor: 0.68, minimumLines: 75,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Au Bonheur des Dames, ch. 3", book: "epub-valid/au-bonheur-des-dames_bibebook-fr.epub",
                    cast: "au-bonheur-des-dames-blind2.cast.yaml", labels: "au-bonheur-des-dames-blind2-speakers.tsv", recallFloor: 0.55,
                    minimumLines: 115, precisionFloor: 0.95, blind: true),
        LabelledSet(name: "A Christmas Carol, stave three", book: "epub-valid/christmas-carol_gutenberg-epub2.epub",
                    cast: "christmas-carol-blind.cast.yaml", labels: "christmas-carol-blind-speakers.tsv", recallFloor: 0.91, minimumLines: 80,
                    precisionFloor: 0.98, blind: true),
        // Blind in the third round: labelled and committed (e6b1de6) before the third round of rules was scored on
        // them, and scored once (with the second round's rules: Buddenbrooks 43/50, 43/75; Monte-Cristo 92/93,
        // 92/136; Alice 77/78, 77/85; with the third's: 43/49; 92/93; 77/78). The fourth round was written partly
        // from their misses.
        LabelledSet(name: "Buddenbrooks, part six, ch. 4–5", book: "text/buddenbrooks_pg34811_de.txt",
                    cast: "buddenbrooks-blind3.cast.yaml", labels: "buddenbrooks-blind3-speakers.tsv", recallFloor: 0.75, minimumLines: 80,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Monte-Cristo, ch. LXXXV", book: "text/monte-cristo-tome4_pg17992_fr.txt",
                    cast: "monte-cristo-blind3.cast.yaml", labels: "monte-cristo-blind3-speakers.tsv",
                    // 0.73 in round eleven (101/136 before): Florentin's "«Oui, allez, Florentin, a-t-elle dit" goes on with his
                    // own speech, so it is no turn, and the count from Albert's line after it no longer reaches his line before.
                    // 0.79 since round twelve (108/136): a dash line is speech to its end, with the «…» it quotes inside it.
                    recallFloor: 0.79, minimumLines: 130,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Alice, chapter IX", book: "text/alice-in-wonderland_pg11.txt",
                    cast: "alice-blind3.cast.yaml", labels: "alice-blind3-speakers.tsv", recallFloor: 0.91, minimumLines: 85,
                    precisionFloor: 0.98, blind: true),
        // Blind in the fourth round: labelled and committed (d0479de) before the fourth round of rules was scored on
        // them, and scored once (with the third round's rules the same: Buddenbrooks 28/31, 28/52; Monte-Cristo
        // 89/89, 89/105; Carol 63/69, 63/88). The floors are that score. The goal (0.98, 0.85) is met on none of
        // them, though Monte-Cristo comes within a line of it: that is why #18 stays open.
        LabelledSet(name: "Buddenbrooks, part eight, ch. 5–6 (blind)", book: "text/buddenbrooks_pg34811_de.txt",
                    cast: "buddenbrooks-blind4.cast.yaml", labels: "buddenbrooks-blind4-speakers.tsv", recallFloor: 0.67, minimumLines: 60,
                    precisionFloor: 0.97, blind: true),
        LabelledSet(name: "Monte-Cristo, ch. LXXXVIII (blind)", book: "text/monte-cristo-tome4_pg17992_fr.txt",
                    cast: "monte-cristo-blind4.cast.yaml", labels: "monte-cristo-blind4-speakers.tsv", recallFloor: 0.86, minimumLines: 100,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "A Christmas Carol, stave two (blind)", book: "epub-valid/christmas-carol_gutenberg-epub2.epub",
                    cast: "christmas-carol-blind4.cast.yaml", labels: "christmas-carol-blind4-speakers.tsv", recallFloor: 0.75, minimumLines: 90,
                    precisionFloor: 0.98, blind: true),
        // Blind in the fifth round: labelled and committed (66d6748) before the fifth round of rules (5e60a00) was
        // scored on them, and scored once (with the fourth round's rules: Buddenbrooks 25/26, 25/75; Monte-Cristo
        // 92/92, 92/112; Alice 105/107, 105/113; with the fifth's: 55/57, 55/75; 92/92, 92/112; 105/107, 105/113).
        // The floors are that score. Alice meets the goal (0.98, 0.85); Monte-Cristo is short of it in recall;
        // Buddenbrooks in both, though its recall more than doubled.
        LabelledSet(name: "Buddenbrooks, part six, ch. 9–10 (blind)", book: "text/buddenbrooks_pg34811_de.txt",
                    cast: "buddenbrooks-blind5.cast.yaml", labels: "buddenbrooks-blind5-speakers.tsv", recallFloor: 0.83, minimumLines: 80,
                    precisionFloor: 0.96, blind: true),
        LabelledSet(name: "Monte-Cristo, ch. XCVI (blind)", book: "text/monte-cristo-tome4_pg17992_fr.txt",
                    cast: "monte-cristo-blind5.cast.yaml", labels: "monte-cristo-blind5-speakers.tsv",
                    // 0.92 since round eleven (92/112 before, 104/112 after; not written from this chapter): the count's
                    // "«Demandez-moi un demi-million" goes on with his own speech, and the turns with Andrea count on past it.
                    recallFloor: 0.92, minimumLines: 110,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Alice, chapters XI–XII (blind)", book: "text/alice-in-wonderland_pg11.txt",
                    cast: "english-blind5.cast.yaml", labels: "english-blind5-speakers.tsv", recallFloor: 0.92, minimumLines: 120,
                    precisionFloor: 0.98, blind: true),
        // Blind in round six: labelled and committed (e8a8307) after the fifth round's rules were final (a136e55),
        // and scored once with them, to measure those rules on three more chapters no rule was written from
        // (with the fourth round's rules, as `narrate plan --dialogue` scores them: Buddenbrooks 52/56, 52/80; Au Bonheur
        // 45/49, 45/113; Pride and Prejudice 36/39, 36/77; with the fifth's: 57/61, 57/80; 52/53, 52/113; 39/41, 39/77).
        // The floors are that score: the goal is met on none of them. Pride and Prejudice's other chapters were read
        // as a whole novel in every round, so VIII–IX is blind in its labels, less so in its rules.
        LabelledSet(name: "Buddenbrooks, part eleven, ch. 2 (blind)", book: "text/buddenbrooks_pg34811_de.txt",
                    cast: "buddenbrooks-blind6.cast.yaml", labels: "buddenbrooks-blind6-speakers.tsv", recallFloor: 0.76, minimumLines: 100,
                    // 0.98 since round nine (61/62): "»Das Klassenbuch«, sagte er" after narration about Doktor Mantelsack no longer goes by turns to Petersen, nor the line before it to Mantelsack.
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Au Bonheur des Dames, ch. 2 (blind)", book: "epub-valid/au-bonheur-des-dames_bibebook-fr.epub",
                    cast: "au-bonheur-blind6.cast.yaml", labels: "au-bonheur-blind6-speakers.tsv", recallFloor: 0.46, minimumLines: 115,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Pride and Prejudice, ch. VIII–IX (blind)", book: "text/pride-and-prejudice_pg1342.txt",
                    cast: "english-blind6.cast.yaml", labels: "english-blind6-speakers.tsv", recallFloor: 0.54, minimumLines: 75,
                    precisionFloor: 0.95, blind: true),
        // Blind in round six (first batch): labelled and committed (81a7032) before the sixth round's rules were scored on them, and
        // scored once with the fifth round's rules and once with the sixth's (the same both times: Moby-Dick 29/29, 29/60;
        // Au Bonheur 56/60, 56/96; Buddenbrooks 28/28, 28/55): the goal is met on none of them. Round six's last rules were
        // then written partly from their misses, so they are held out no longer; the floors are their score now.
        LabelledSet(name: "Moby-Dick, ch. 3–9 (blind)", book: "text/moby-dick_pg2701_full-pg-header.txt",
                    cast: "english-blind7.cast.yaml", labels: "english-blind7-speakers.tsv",
                    // 0.60 since round eleven (32/60 before, 36/60 after; not written from it): Ishmael's and the landlord's
                    // lines whose narration only says what they do ("“May be not,” taking out a stick and whittling a toothpick") count as turns.
                    recallFloor: 0.60, minimumLines: 63,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Au Bonheur des Dames, ch. 5 (blind)", book: "epub-valid/au-bonheur-des-dames_bibebook-fr.epub",
                    cast: "french-blind7.cast.yaml", labels: "french-blind7-speakers.tsv", recallFloor: 0.58, minimumLines: 105,
                    precisionFloor: 0.93, blind: true),
        LabelledSet(name: "Buddenbrooks, part four, ch. 3 (blind)", book: "text/buddenbrooks_pg34811_de.txt",
                    cast: "buddenbrooks-blind7.cast.yaml", labels: "buddenbrooks-blind7-speakers.tsv", recallFloor: 0.60, minimumLines: 63,
                    precisionFloor: 0.98, blind: true),
        // Blind in round six (second batch): labelled and committed (cc7c871) before round six's last rules (the beat before a quote,
        // the German inverted subject, "spake") were scored on them, and scored once with them (Alice 116/119,
        // 116/131; Monte-Cristo 73/77, 73/136; Buddenbrooks 15/15, 15/59) and once with round six's first commit
        // (829ebea: 115/118, 115/131; 73/77, 73/136; 14/14, 14/59); the review's fixes (7b5105d) left them as they
        // were. The floors were the first score; round seven, written partly from their misses, raised them to its own
        // (Monte-Cristo 73/75; Buddenbrooks 35/35, 35/59: the barber's untagged talk with Thomas, a quarter before,
        // is now read by whom each line speaks to). Alice is within a line of the goal.
        LabelledSet(name: "Alice, chapters VIII and X (blind)", book: "text/alice-in-wonderland_pg11.txt",
                    cast: "english-blind8.cast.yaml", labels: "english-blind8-speakers.tsv", recallFloor: 0.88, minimumLines: 133,
                    precisionFloor: 0.97, blind: true),
        LabelledSet(name: "Monte-Cristo, ch. CIX–CX (blind)", book: "text/monte-cristo-tome4_pg17992_fr.txt",
                    cast: "french-blind8.cast.yaml", labels: "french-blind8-speakers.tsv", recallFloor: 0.55, minimumLines: 139,
                    precisionFloor: 0.97, blind: true),
        LabelledSet(name: "Buddenbrooks, part six, ch. 6–7 (blind)", book: "text/buddenbrooks_pg34811_de.txt",
                    cast: "buddenbrooks-blind8.cast.yaml", labels: "buddenbrooks-blind8-speakers.tsv", recallFloor: 0.59, minimumLines: 66,
                    precisionFloor: 0.98, blind: true),
        // Blind in the seventh round: labelled by helpers who read only the text, committed (3459762) before the
        // seventh round's rules (a line that speaks to one of two present is the other's; "Herr Konsul") were
        // scored on them, and scored once with them (Carol 119/119, 119/136; Buddenbrooks 62/63, 62/82;
        // Monte-Cristo 116/120, 116/132) and once with round six's (ffd2f3b: 116/116, 116/136; 61/62, 61/82;
        // 109/113, 109/132). The floors are the first score. The Carol meets the goal; Monte-Cristo's four wrong
        // credits are the count's written codicil (three paragraphs) and a "dit-elle" the book gives the sleeping Haydée.
        // Round eight was written from Buddenbrooks' misses (a newspaper's title in the narration before the talk
        // stopped its turns), so that set is tuned on now; its floor is round nine's 74/75, 74/82 (Hanno's verse after "fuhr er fort:").
        LabelledSet(name: "A Christmas Carol, staves four and five (blind)", book: "epub-valid/christmas-carol_gutenberg-epub2.epub",
                    cast: "english-blind9.cast.yaml", labels: "english-blind9-speakers.tsv", recallFloor: 0.87, minimumLines: 145,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Buddenbrooks, part eight, ch. 2–3 (blind)", book: "text/buddenbrooks_pg34811_de.txt",
                    cast: "buddenbrooks-blind9.cast.yaml", labels: "buddenbrooks-blind9-speakers.tsv", recallFloor: 0.90, minimumLines: 84,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Monte-Cristo, ch. XC (blind)", book: "text/monte-cristo-tome4_pg17992_fr.txt",
                    cast: "french-blind9.cast.yaml", labels: "french-blind9-speakers.tsv", recallFloor: 0.87, minimumLines: 140,
                    precisionFloor: 0.96, blind: true),
        // Blind in the ninth round: labelled by helpers who read only the text, committed (d7397ce) before any rule
        // was scored on them, and scored once with round eight's rules: Die Verwandlung 16/16, 16/20 (a book no
        // rule was written for); Alice 110/115, 110/128; Pride and Prejudice 34/34, 34/59; Au Bonheur 56/58, 56/125.
        // Round nine was written partly from Alice's wrong credits (the Duchess's lullaby, Alice's "she thought")
        // and one of Au Bonheur's misses ("intervint"), so those two are tuned on now and their floors are round
        // nine's (Alice 111/113, 111/128, within the goal; Au Bonheur 57/59, 57/125). The others' floors are the
        // first score. What they lack: Pride and Prejudice's carriage talk of three and Jane and Elizabeth after
        // Mary leaves (the narration's "by themselves"); Au Bonheur's shop, where up to nine are in sight.
        // Pride and Prejudice XLVII: round ten was written from it (Lydia's letter; "the former"), so its floor is round ten's: 47/47, 47/59.
        LabelledSet(name: "Die Verwandlung, part I (blind)", book: "text/die-verwandlung_pg22367_de.txt",
                    cast: "german-blind10.cast.yaml", labels: "german-blind10-speakers.tsv", recallFloor: 0.80, minimumLines: 20,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Alice, chapters V and VI (blind)", book: "text/alice-in-wonderland_pg11.txt",
                    cast: "english-blind10.cast.yaml", labels: "english-blind10-speakers.tsv", recallFloor: 0.86, minimumLines: 131,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Pride and Prejudice, ch. XLVII (blind)", book: "text/pride-and-prejudice_pg1342.txt",
                    cast: "english-blind10b.cast.yaml", labels: "english-blind10b-speakers.tsv", recallFloor: 0.79, minimumLines: 59,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Au Bonheur des Dames, ch. 4 (blind)", book: "epub-valid/au-bonheur-des-dames_bibebook-fr.epub",
                    cast: "french-blind10.cast.yaml", labels: "french-blind10-speakers.tsv", recallFloor: 0.45, minimumLines: 134,
                    precisionFloor: 0.96, blind: true),
        // Blind in the eleventh round: labelled by helpers who read only the text, committed (ad9ee4f) before any rule
        // was scored on them, and scored once with round ten's rules: Pride and Prejudice 40/43, 40/97; Moby-Dick 53/54,
        // 53/82; Monte-Cristo 95/126, 95/165 (after its cast's "le jeune homme" was given to one man, as narrate asked);
        // Buddenbrooks 50/52, 50/78. Round eleven was written from the misses of Monte-Cristo (« going on inside an
        // exchange; Danglars's letter, known by its foot), Moby-Dick (Stubb's lines whose narration only says what he
        // does) and two wrong credits of Pride and Prejudice (Mr. Gardiner's letter, "Elizabeth read on:"), so those three
        // are tuned on and their floors are round eleven's (142/144, 142/165; 65/66, 65/82; 42/43, 42/97); Buddenbrooks
        // is unchanged by it and its floors are the first score. What they lack: Darcy and Elizabeth dancing,
        // untagged while the ball is named around them, and Mr. Gardiner's letter read on by Elizabeth (Pride and
        // Prejudice), Ahab's shouted exchange with the Samuel Enderby (Moby-Dick), the doctors at a sickbed (Buddenbrooks).
        LabelledSet(name: "Pride and Prejudice, ch. XVIII and XLIX (blind)", book: "text/pride-and-prejudice_pg1342.txt",
                    cast: "english-blind11.cast.yaml", labels: "english-blind11-speakers.tsv", recallFloor: 0.43, minimumLines: 98,
                    precisionFloor: 0.97, blind: true),
        LabelledSet(name: "Moby-Dick, ch. 64 and 100 (blind)", book: "text/moby-dick_pg2701_full-pg-header.txt",
                    cast: "english-blind11b.cast.yaml", labels: "english-blind11b-speakers.tsv", recallFloor: 0.79, minimumLines: 82,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Monte-Cristo, ch. CVI (blind)", book: "text/monte-cristo-tome4_pg17992_fr.txt",
                    cast: "french-blind11.cast.yaml", labels: "french-blind11-speakers.tsv", recallFloor: 0.86, minimumLines: 166,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Buddenbrooks, part nine, ch. 1 and 4 (blind)", book: "text/buddenbrooks_pg34811_de.txt",
                    cast: "german-blind11.cast.yaml", labels: "german-blind11-speakers.tsv", recallFloor: 0.64, minimumLines: 88,
                    precisionFloor: 0.96, blind: true),
        // Blind in the twelfth round: labelled by helpers who read only the text, committed (d5ec198) before any rule
        // was scored on them, and scored once with round eleven's rules: Pride and Prejudice 27/28, 27/58; Alice
        // 53/58, 53/71; Moby-Dick 43/45, 43/63; Monte-Cristo 127/130, 127/144; Au Bonheur 45/50, 45/96; Buddenbrooks
        // 45/46, 45/53; Die Verwandlung 18/18, 18/24. Round twelve was written from the wrong credits of Alice (what
        // Alice hears the Rabbit say; "as she went hunting about"; "Alice guessed … that"), Pride and Prejudice
        // ("saying, as she quitted the room,") and Moby-Dick ("seeing Ahab leaning over the rail"), so those three are
        // tuned on and their floors are round twelve's; the other four are unchanged by it and their floors are the
        // first score. What they lack: Lady Catherine's questions to Elizabeth, whom she calls "Miss Bennet" (the
        // cast's name for Jane); Ahab and the crew on the quarter-deck; Baudu's family at table (Au Bonheur).
        LabelledSet(name: "Pride and Prejudice, ch. XXIX and LIX (blind)", book: "text/pride-and-prejudice_pg1342.txt",
                    cast: "english-blind12.cast.yaml", labels: "english-blind12-speakers.tsv", recallFloor: 0.46, minimumLines: 58,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Alice, chapters III and IV (blind)", book: "text/alice-in-wonderland_pg11.txt",
                    cast: "english-blind12b.cast.yaml", labels: "english-blind12b-speakers.tsv", recallFloor: 0.76, minimumLines: 77,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Moby-Dick, ch. 36 and 91 (blind)", book: "text/moby-dick_pg2701_full-pg-header.txt",
                    cast: "english-blind12c.cast.yaml", labels: "english-blind12c-speakers.tsv", recallFloor: 0.69, minimumLines: 70,
                    precisionFloor: 0.97, blind: true),
        LabelledSet(name: "Monte-Cristo, ch. CV (blind)", book: "text/monte-cristo-tome4_pg17992_fr.txt",
                    cast: "french-blind12.cast.yaml", labels: "french-blind12-speakers.tsv", recallFloor: 0.88, minimumLines: 144,
                    precisionFloor: 0.97, blind: true),
        LabelledSet(name: "Au Bonheur des Dames, ch. 8 (blind)", book: "epub-valid/au-bonheur-des-dames_bibebook-fr.epub",
                    // 46/52, 46/96 since round twelve: a dash line that quotes «…» inside it is Baudu's speech to its end, one more
                    // right and one more wrong (his third question in a row, counted as Colomban's turn).
                    cast: "french-blind12b.cast.yaml", labels: "french-blind12b-speakers.tsv", recallFloor: 0.47, minimumLines: 99,
                    precisionFloor: 0.88, blind: true),
        LabelledSet(name: "Buddenbrooks, part three, ch. 7–8 (blind)", book: "text/buddenbrooks_pg34811_de.txt",
                    cast: "german-blind12.cast.yaml", labels: "german-blind12-speakers.tsv", recallFloor: 0.84, minimumLines: 74,
                    precisionFloor: 0.97, blind: true),
        LabelledSet(name: "Die Verwandlung, part III (blind)", book: "text/die-verwandlung_pg22367_de.txt",
                    cast: "german-blind12b.cast.yaml", labels: "german-blind12b-speakers.tsv", recallFloor: 0.75, minimumLines: 24,
                    precisionFloor: 0.98, blind: true),
        // Blind in the thirteenth round: labelled by helpers from the text only and committed (10c6c34) before any rule
        // was scored on them; scored once with round twelve's rules: Pride and Prejudice 36/36, 36/63; Monte-Cristo
        // 63/63, 63/88; Buddenbrooks 38/41, 38/73. Round thirteen was written from all three (the German tag of hearing,
        // "Villefort continua.", the reply told in narration, the subject of the paragraph before), so their floors are
        // round thirteen's. What they lack: Elizabeth's thoughts as "said she" among five women; Noirtier's "Oui." and
        // "Non." to Morrel with Villefort and d'Avrigny silent in the room; Thilda's "O Tony, wie traurig!" (a cousin not
        // in the cast, credited to the Konsulin), and a word quoted in passing (»drüben«) taken for the Konsul's.
        LabelledSet(name: "Pride and Prejudice, ch. LII and LIII (blind)", book: "text/pride-and-prejudice_pg1342.txt",
                    cast: "english-blind13.cast.yaml", labels: "english-blind13-speakers.tsv", recallFloor: 0.63, minimumLines: 63,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Monte-Cristo, ch. CIII (blind)", book: "text/monte-cristo-tome4_pg17992_fr.txt",
                    cast: "french-blind13.cast.yaml", labels: "french-blind13-speakers.tsv", recallFloor: 0.77, minimumLines: 89,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Buddenbrooks, part four, ch. 6 and 10 (blind)", book: "text/buddenbrooks_pg34811_de.txt",
                    cast: "german-blind13.cast.yaml", labels: "german-blind13-speakers.tsv", recallFloor: 0.84, minimumLines: 82,
                    precisionFloor: 0.96, blind: true),
        // Blind in the fourteenth round: labelled by helpers from the text only and committed (9e4044c) before any rule
        // was scored on them; scored once with round thirteen's rules: Pride and Prejudice 19/20, 19/42; Monte-Cristo
        // 103/106, 103/131; Die Verwandlung 5/6, 5/10. Round fourteen was written from all three (a clause's subject
        // before a participle's phrase, "zur Mutter", "dit M. d'Avrigny", honorifics), so their floors are round
        // fourteen's. What they lack: Mrs. Reynolds's untagged answers among four (only "sir" tells whom they answer),
        // Elizabeth's "thought she" after a paragraph that opens with Mrs. Gardiner, the count's "continua-t-il" after
        // Morrel's shudder, d'Avrigny's questions to the silent Noirtier, and the Samsas' lines inside long narration.
        LabelledSet(name: "Pride and Prejudice, ch. XLIII (blind)", book: "text/pride-and-prejudice_pg1342.txt",
                    cast: "english-blind14.cast.yaml", labels: "english-blind14-speakers.tsv", recallFloor: 0.50, minimumLines: 42,
                    precisionFloor: 0.95, blind: true),
        LabelledSet(name: "Monte-Cristo, ch. XCIV (blind)", book: "text/monte-cristo-tome4_pg17992_fr.txt",
                    cast: "french-blind14.cast.yaml", labels: "french-blind14-speakers.tsv", recallFloor: 0.82, minimumLines: 132,
                    precisionFloor: 0.98, blind: true),
        LabelledSet(name: "Die Verwandlung, part II (blind)", book: "text/die-verwandlung_pg22367_de.txt",
                    cast: "german-blind14.cast.yaml", labels: "german-blind14-speakers.tsv", recallFloor: 0.50, minimumLines: 11,
                    precisionFloor: 0.98, blind: true),
    ]

    /// Precision and recall of the attribution with `rules`, and the wrong credits.
    struct Score {
        var claims = 0, correct = 0, labelled = 0, lines = 0
        var wrong: [String] = []
        var missed: [String] = []
        var precision: Double { Double(correct) / Double(max(claims, 1)) }
        var recall: Double { Double(correct) / Double(max(labelled, 1)) }
        var summary: String { "precision \(correct)/\(claims), recall \(correct)/\(labelled)" }
    }

    func readBook() throws -> Book {
        let url = TestSupport.corpus(book)
        return url.pathExtension == "epub" ? try EPUBReader().read(path: url.path, warnings: nil) : try TestSupport.readBook(url)
    }

    func readCast() throws -> Cast {
        let url = TestSupport.fixture(cast)
        return try CastFile.parse(String(contentsOf: url, encoding: .utf8), file: url.path)
    }

    /// (paragraph, true speaker, opening of the quote), as the fixture gives them.
    func rows() throws -> [[String]] {
        try String(contentsOf: TestSupport.fixture(labels), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
    }

    /// The score of a whole plan: the first spoken (not narrated) segment of each labelled paragraph.
    func score() throws -> Score {
        let (cast, book) = (try readCast(), try readBook())
        // The book's own language: in another, the planner reads every speaker of a chapter with that language's one voice.
        let plan = Planner(voices: VoiceAssignment(cast: cast, base: VoiceSettings(), bookLanguage: book.language), pauses: Pauses(),
                           engine: EngineIdentity(name: "t", version: "1", dataVersion: "d", sampleRate: 22050)).plan(book)
        var speech: [String: Segment] = [:]
        for segment in plan.chapters.flatMap(\.segments) where segment.speaker != "narrator" {
            let paragraph = segment.id.split(separator: ".").prefix(2).joined(separator: ".")
            if speech[paragraph] == nil { speech[paragraph] = segment }
        }
        var score = Score()
        let rows = try rows()
        // A first-person narrator's lines are read in the narrator's voice, as narration, and so is a
        // word named in quotation marks: the attributor says whose they are.
        let first = firstSpeakers(book: book, cast: cast, chapters: Set(rows.map { String($0[0].split(separator: ".")[0]) }))
        for row in rows {
            // A paragraph a label once took for a quote that holds none: a German writer's dash ("— Am 15. April …").
            if first[row[0]] == nil {
                #expect(row[1] == "other", "\(name): \(row[0]) has no quote, but \(row[1]) speaks in it")
                score.add(paragraph: row[0], truth: row[1], speaker: "narrator")
                continue
            }
            if let speaker = first[row[0]], speaker == "narrator" || speaker == cast.narratorCharacter {
                score.add(paragraph: row[0], truth: row[1], speaker: speaker)
                continue
            }
            // A quote nobody is credited with, read in a dialogue voice that is the narrator's, joins the narration's segment.
            if speech[row[0]] == nil, first[row[0]] == "dialogue" {
                score.add(paragraph: row[0], truth: row[1], speaker: "dialogue")
                continue
            }
            let segment = try #require(speech[row[0]], "\(name): \(row[0]) has no speech")
            // The segment may be only the quote's first sentence: "»So?" of "»So? Vielleicht weißt …".
            // And a dash may stand before the quote's mark: "-- »Du solltest …".
            let text = String(segment.text.drop { "—–- ".contains($0) && !row[2].hasPrefix(String($0)) })
            #expect(text.hasPrefix(row[2]) || row[2].hasPrefix(text), "\(name): \(row[0]) is not the labelled line: \(segment.text)")
            score.add(paragraph: row[0], truth: row[1], speaker: segment.speaker)
            if ["dialogue", Scenes.someoneElse].contains(segment.speaker), row[1] != "other" { score.missed.append("\(row[0]) \(row[1]): \(segment.text)") }
        }
        return score
    }

    /// The score of the attributor alone (the speaker of each labelled paragraph's first quote),
    /// with some rules or another scene window: fast enough to try every variant.
    func score(rules: Set<AttributionRule>, window: Int = 6, book: Book, cast: Cast) throws -> Score {
        let rows = try rows()
        let first = firstSpeakers(rules: rules, window: window, book: book, cast: cast, chapters: Set(rows.map { String($0[0].split(separator: ".")[0]) }))
        var score = Score()
        // A paragraph with no quote (a German writer's dash) is narration.
        for row in rows { score.add(paragraph: row[0], truth: row[1], speaker: first[row[0]] ?? "narrator") }
        return score
    }

    /// The speaker of the first quote of each paragraph of `chapters` ("c7"), by paragraph ("c7.p3").
    func firstSpeakers(rules: Set<AttributionRule> = Set(AttributionRule.allCases), window: Int = 6, book: Book, cast: Cast,
                       chapters: Set<String>) -> [String: String] {
        let markup = SpeakerMarkup(cast: cast)
        let attributor = Attributor(cast: cast, rules: rules, sceneWindow: window)
        var first: [String: String] = [:]
        for (offset, chapter) in book.chapters.enumerated() where chapters.contains("c\(offset + 1)") {
            let quotes = attributor.attributions(chapter: chapter.paragraphs.map { markup.parse($0.text).text })
            for (p, paragraph) in quotes.enumerated() { first["c\(offset + 1).p\(p + 1)"] = paragraph.first?.speaker.name }
        }
        return first
    }
}

extension LabelledSet.Score {
    mutating func add(paragraph: String, truth: String, speaker: String) {
        lines += 1
        if truth != "other" { labelled += 1 }
        // Turn-taking may give a line to the speaker outside the cast ("said the valet"): the dialogue voice reads it.
        // The narrator reads a word named in quotation marks: nobody is credited with it.
        guard speaker != "dialogue", speaker != "narrator", speaker != Scenes.someoneElse else { return }
        claims += 1
        if speaker == truth { correct += 1 } else { wrong.append("\(paragraph): \(speaker), but \(truth) speaks") }
    }
}

/// Attribution on real novels against hand-labelled lines: precision first.
@Suite(.tags(.medium)) struct AttributionAccuracyTests {
    @Test(arguments: LabelledSet.all) func handLabelledLines(set: LabelledSet) throws {
        let score = try set.score()
        print("attribution, \(set.name): \(score.lines) quoted paragraphs, \(score.summary)")
        // A blind set's wrong credits are listed; its precision floor holds them to their first count.
        for wrong in score.wrong { if set.blind { print("wrong, \(set.name): \(wrong)") } else { Issue.record("\(set.name): \(wrong)") } }
        if ProcessInfo.processInfo.environment["ATTRIBUTION_MISSES"] != nil { for miss in score.missed { print("missed, \(set.name): \(miss)") } }
        #expect(score.lines >= set.minimumLines)
        #expect(score.precision >= set.precisionFloor)
        #expect(score.recall >= set.recallFloor)
    }

    /// Real passages whose speaker the text does not settle: the dialogue voice reads them.
    @Test func ambiguousPassagesStayWithTheDialogueVoice() throws {
        let passages: [(set: LabelledSet, paragraphs: [String])] = [
            // "said she, as she looked in her face", three women present; four cast members, no tag
            // (c7.p16: Elizabeth goes on, or Charlotte answers again?).
            // “Did Charlotte dine with you?” after a line asking Mr. Bingley: his answer, or Elizabeth
            // following up her own question about Charlotte (the narration before)? Five present.
            // (c7.p15, listed here until the fifth round, is not ambiguous: the line before asks it
            // "said she to Charlotte", and Charlotte answers; the labels say so.)
            (LabelledSet.all[0], ["c57.p21", "c7.p16", "c10.p28"]),
            // “No room! No room!” they cried; “Then the Dormouse shall!” they both cried.
            (LabelledSet.all[1], ["c7.p2", "c7.p65"]),
            // "cried a cheerful voice"; "as though it cried".
            (LabelledSet.all[2], ["c2.p12", "c2.p96"]),
        ]
        for (set, paragraphs) in passages {
            let chapters = Set(paragraphs.map { String($0.split(separator: ".")[0]) })
            let first = set.firstSpeakers(book: try set.readBook(), cast: try set.readCast(), chapters: chapters)
            for paragraph in paragraphs { #expect(first[paragraph] == "dialogue", "\(set.name): \(paragraph)") }
        }
        // Words in quotation marks ("nuts") are named, not spoken: the narrator reads them.
        let carol = LabelledSet.all[2]
        #expect(carol.firstSpeakers(book: try carol.readBook(), cast: try carol.readCast(), chapters: ["c2"])["c2.p9"] == "narrator")
    }

    /// What each rule adds (recall) and costs (precision): every set with each rule left out,
    /// and with other scene windows. Leaving a rule out never raises precision, and the full
    /// set of rules scores as the planner does.
    @Test func ablation() throws {
        let all = Set(AttributionRule.allCases)
        for set in LabelledSet.all {
            let (book, cast) = (try set.readBook(), try set.readCast())
            let full = try set.score(rules: all, book: book, cast: cast)
            let planned = try set.score()
            #expect(full.summary == planned.summary, "\(set.name): the attributor alone and the planner disagree")
            var line = "\(set.name): all rules \(full.summary)"
            for rule in AttributionRule.allCases {
                let without = try set.score(rules: all.subtracting([rule]), book: book, cast: cast)
                line += "; without \(rule.rawValue) \(without.correct - full.correct)/\(without.claims - full.claims)"
                // On a blind set a rule's cost is measured and reported (Docs/voices.md), not tuned away.
                if !set.blind { #expect(full.precision >= without.precision - 0.02, "\(set.name): \(rule.rawValue) costs precision") }
            }
            print("ablation \(line) (change in correct/claimed)")
            let windows = try [2, 3, 4, 6, 8, 10].map { "\($0): \(try set.score(rules: all, window: $0, book: book, cast: cast).summary)" }
            print("scene window, \(set.name): " + windows.joined(separator: "; "))
        }
    }
}
