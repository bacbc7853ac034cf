import Foundation
import Testing
@testable import NarrateCore

/// Chapter headings and contents lists in the languages narrate reads books in, on small
/// excerpts written for the cases the corpus lacks.
@Suite(.tags(.small)) struct MultilingualHeadingTests {
    static let prose = "The rain had not stopped since morning, and the road into the village was a river of mud that nobody wanted to cross before the evening bells."

    @Test(arguments: [
        ("Kapitel 3", "Kapitel 3", nil),
        ("Erstes Kapitel", "Erstes Kapitel", nil),
        ("Fünfzehntes Kapitel", "Fünfzehntes Kapitel", nil),
        ("Siebentes Kapitel", "Siebentes Kapitel", nil),
        ("Chapitre premier", "Chapitre Premier", nil),
        ("CHAPITRE XII. Le retour", "Chapitre XII", "Le retour"),
        ("Capítulo primero. En el que se cuenta todo", "Capítulo Primero", "En el que se cuenta todo"),
        ("Capítulo XXIV.--La huida", "Capítulo XXIV", "La huida"),
        ("CAPITOLO PRIMO.", "Capitolo Primo", nil),
        ("Capítulo décimo: A partida", "Capítulo Décimo", "A partida"),
        ("EERSTE HOOFDSTUK[1]", "Eerste Hoofdstuk", nil),
        ("VYFDE HOOFDSTUK", "Vyfde Hoofdstuk", nil),
        ("Hoofdstuk 4 — De reis", "Hoofdstuk 4", "De reis"),
        ("PRIMERA PARTE", "Primera Parte", nil),
        ("Livre deuxième", "Livre Deuxième", nil),
        ("CHAPTER TWENTY-FOUR", "Chapter Twenty-Four", nil),
        ("INTRODUZIONE", "Introduzione", nil),
        ("Vorwort", "Vorwort", nil),
    ] as [(String, String, String?)])
    func recognises(line: String, label: String, title: String?) throws {
        let heading = try #require(Headings.match(line), "\(line)")
        #expect(heading.label == label)
        #expect(heading.title == title)
    }

    @Test(arguments: [
        "Capítulo de la historia que nadie quiso contar",
        "Erstes Mal war es schwer.",
        "Teil der Wahrheit ist",
        "Chapitre deux était le plus long",
        "Primera vez que lo vi",
    ])
    func proseIsNotAHeading(line: String) {
        #expect(Headings.match(line) == nil)
    }

    /// A Spanish novel whose headings carry ordinal words and a title wrapped onto a second line.
    @Test func spanishOrdinalHeadingsWithWrappedTitles() {
        let text = """
            Capítulo primero. En el que se cuenta cómo llegó
            el forastero al pueblo

            \(Self.prose)

            Capítulo II. De lo que pasó aquella noche

            \(Self.prose)

            Capítulo tercero. El regreso

            \(Self.prose)
            """
        let book = TestSupport.book(text)
        #expect(book.chapters.map(\.title) == [
            "Capítulo Primero: En el que se cuenta cómo llegó el forastero al pueblo",
            "Capítulo II: De lo que pasó aquella noche", "Capítulo Tercero: El regreso",
        ])
    }

    /// A contents list in two parts, without page numbers, is never read as a chapter.
    @Test func contentsListInPartsIsSkipped() {
        let text = """
            CONTENTS

            PART 1

                ONE      THE BEGINNING
                TWO      THE ROAD

            PART 2

                THREE    THE RETURN

            PART 1

            CHAPTER ONE
            The Beginning

            \(Self.prose)

            CHAPTER TWO
            The Road

            \(Self.prose)

            PART 2

            CHAPTER THREE
            The Return

            \(Self.prose)
            """
        let book = TestSupport.book(text)
        #expect(book.chapters.map(\.title) == ["Chapter One: The Beginning", "Chapter Two: The Road", "Chapter Three: The Return"])
        #expect(book.chapters.map(\.part) == ["Part 1", "Part 1", "Part 2"])
        #expect(book.chapters[0].spokenHeading == "Part 1. Chapter One. The Beginning.")
        #expect(book.skipped.filter { $0.reason == .contents }.reduce(0) { $0 + $1.words } == 14)
    }

    /// Parts in German with chapters numbered by ordinal words restarting in each part.
    @Test func germanPartsAndChapters() {
        let text = "Erster Teil\n\nErstes Kapitel\n\n\(Self.prose)\n\nZweites Kapitel\n\n\(Self.prose)\n\nZweiter Teil\n\nErstes Kapitel\n\n\(Self.prose)\n"
        let book = TestSupport.book(text)
        #expect(book.chapters.map(\.title) == ["Erstes Kapitel", "Zweites Kapitel", "Erstes Kapitel"])
        #expect(book.chapters.map(\.part) == ["Erster Teil", "Erster Teil", "Zweiter Teil"])
    }

    /// Dutch headings with footnote markers, Italian centred headings with an ordinal word first.
    @Test func dutchAndItalianHeadings() {
        let dutch = TestSupport.book("EERSTE HOOFDSTUK[1]\n\n\(Self.prose)\n\nTWEEDE HOOFDSTUK\n\n\(Self.prose)\n")
        #expect(dutch.chapters.map(\.title) == ["Eerste Hoofdstuk", "Tweede Hoofdstuk"])
        let italian = TestSupport.book("                CAPITOLO PRIMO.\n\n\(Self.prose)\n\n                CAPITOLO II.\n\n\(Self.prose)\n")
        #expect(italian.chapters.map(\.title) == ["Capitolo Primo", "Capitolo II"])
    }
}
