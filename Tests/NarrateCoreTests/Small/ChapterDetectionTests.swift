import Foundation
import Testing
@testable import NarrateCore

@Suite(.tags(.small)) struct HeadingTests {
    @Test(arguments: [
        ("CHAPTER I.", "Chapter I", nil),
        ("Chapter 12", "Chapter 12", nil),
        ("Chapter One: The Title", "Chapter One", "The Title"),
        ("CHAPTER 1. Loomings.", "Chapter 1", "Loomings"),
        ("BOOK II", "Book II", nil),
        ("PART ONE", "Part One", nil),
        ("PROLOGUE", "Prologue", nil),
        ("Epilogue", "Epilogue", nil),
        ("Letter 1", "Letter 1", nil),
        ("Chapter Twenty-One", "Chapter Twenty-One", nil),
    ] as [(String, String, String?)])
    func recognisesHeadings(line: String, label: String, title: String?) throws {
        let heading = try #require(Headings.match(line))
        #expect(heading.label == label)
        #expect(heading.title == title)
    }

    @Test(arguments: [
        "Part two of the plan was simple.",
        "chapter 3 was the longest",
        "Introduction at Rosings was a trial",
        "Book lovers everywhere",
        "Chapter and verse, he said",
        "I.",
    ])
    func proseIsNotAHeading(line: String) {
        #expect(Headings.match(line) == nil)
    }

    @Test func loneNumeralIsAHeadingOnlyStandalone() {
        #expect(Headings.match("III.", standalone: true)?.label == "III")
        #expect(Headings.match("III.", standalone: false) == nil)
    }

    @Test func markdownHeadings() {
        #expect(Headings.match("## The Storm")?.label == "The Storm")
        #expect(Headings.match("## The Storm")?.markdownLevel == 2)
    }

    @Test func allCapsTitlesArePrettified() {
        #expect(Headings.prettyTitle("PRIDE. and PREJUDICE") == "Pride and Prejudice")
        #expect(Headings.prettyTitle("DIE VERWANDLUNG") == "Die Verwandlung")
        #expect(Headings.prettyTitle("Moby Dick; Or, The Whale") == "Moby Dick; Or, The Whale")
    }
}

@Suite(.tags(.small)) struct PlainTextStructureTests {
    @Test func chapterHeadingsSplitChapters() {
        let book = TestSupport.book("Chapter 1\n\nOne two three.\n\nChapter 2\nThe Second\n\nFour five six.\n")
        #expect(book.chapters.map(\.title) == ["Chapter 1", "Chapter 2: The Second"])
        #expect(book.chapters[1].spokenHeading == "Chapter 2. The Second.")
    }

    @Test func hardWrappedLinesJoinIntoParagraphs() {
        let book = TestSupport.book("Chapter 1\n\nThe rain fell\nall night long.\n\nMorning came\n  at last.\n")
        #expect(book.chapters[0].paragraphs.map(\.text) == ["The rain fell all night long.", "Morning came at last."])
        #expect(book.chapters[0].paragraphs[0].line == 3)
    }

    @Test func tableOfContentsIsNotARunOfEmptyChapters() {
        let text = """
            Contents

            Chapter 1. Arrival
            Chapter 2. Departure

            Chapter 1. Arrival

            They came by the night train, tired and quiet.

            Chapter 2. Departure

            They left in the morning.
            """
        let book = TestSupport.book(text)
        #expect(book.chapters.map(\.title) == ["Chapter 1: Arrival", "Chapter 2: Departure"])
    }

    @Test func unlabelledContentsEntriesWithoutProseAreDropped() {
        let book = TestSupport.book("Chapter 1\n\nChapter 2\n\nChapter 1\n\nReal text here.\n\nChapter 2\n\nMore text.\n")
        #expect(book.chapters.count == 2)
        #expect(book.chapters.allSatisfy { $0.wordCount > 0 })
    }

    @Test func frontMatterIsAChapterOnlyWithRealProse() {
        let short = TestSupport.book("My Book\n\nby A. Writer\n\nChapter 1\n\nText of the first chapter.\n")
        #expect(short.chapters.map(\.title) == ["Chapter 1"])
        #expect(short.title == "My Book")
        #expect(short.author == "A. Writer")
        let prose = String(repeating: "This is a real sentence of an introduction that goes on. ", count: 5)
        let long = TestSupport.book("\(prose)\n\nChapter 1\n\nText of the first chapter.\n")
        #expect(long.chapters.map(\.title) == ["Front Matter", "Chapter 1"])
        #expect(long.chapters[0].isFrontMatter)
    }

    @Test func fileWithoutHeadingsIsOneChapterNamedAfterTheBook() {
        let book = PlainTextReader(options: .init(title: "Notes", fallbackTitle: "x"))
            .read(text: "Just a paragraph.\n\nAnd another one here.\n")
        #expect(book.chapters.count == 1)
        #expect(book.chapters[0].title == "Notes")
        #expect(book.chapters[0].paragraphs.count == 2)
    }

    @Test func markdownBookTitleAndChapters() {
        let book = TestSupport.book("# The Book\n\n## First\n\nSome words.\n\n## Second\n\nMore words.\n")
        #expect(book.title == "The Book")
        #expect(book.chapters.map(\.title) == ["First", "Second"])
    }

    @Test func gutenbergHeaderAndLicenseAreStripped() {
        let text = """
            The Project Gutenberg eBook of Test
            Title: A Test Book
            Author: Some Body
            Language: German

            *** START OF THE PROJECT GUTENBERG EBOOK TEST ***

            Chapter 1

            Der Text beginnt hier.

            *** END OF THE PROJECT GUTENBERG EBOOK TEST ***

            Section 1. General Terms of Use of the Project Gutenberg-tm license.
            """
        let book = TestSupport.book(text)
        #expect(book.title == "A Test Book")
        #expect(book.author == "Some Body")
        #expect(book.language == "de")
        #expect(book.chapters.count == 1)
        #expect(book.chapters[0].paragraphs.map(\.text) == ["Der Text beginnt hier."])
    }

    @Test func illustrationsAreSkippedButHeadingsInsideAreKept() {
        let book = TestSupport.book("[Illustration: A view\n\n\nChapter I.]\n\nIt is a truth.\n\n[Illustration]\n\nMore truth.\n")
        #expect(book.chapters.map(\.title) == ["Chapter I"])
        #expect(book.chapters[0].paragraphs.map(\.text) == ["It is a truth.", "More truth."])
    }

    @Test func italicsAndDoubleDashesAreCleaned() {
        let book = TestSupport.book("Chapter 1\n\nShe was _very_ tired--so tired.\n")
        #expect(book.chapters[0].paragraphs[0].text == "She was very tired—so tired.")
    }
}

/// The real novels in ../shared/corpus/text must come out with the chapters their authors wrote.
@Suite(.tags(.small)) struct CorpusChapterTests {
    static func noLicenseText(_ book: Book) -> Bool {
        book.chapters.allSatisfy { chapter in
            chapter.paragraphs.allSatisfy { !$0.text.contains("Gutenberg-tm") && !$0.text.contains("*** END") && !$0.text.contains("*** START") }
        }
    }

    @Test func prideAndPrejudiceHas61ChaptersAfterItsPreface() throws {
        let book = try TestSupport.readBook(TestSupport.corpus("text/pride-and-prejudice_pg1342.txt"))
        let numbered = book.chapters.filter { $0.title.hasPrefix("Chapter ") }
        #expect(numbered.count == 61)
        #expect(numbered.first?.title == "Chapter I")
        #expect(numbered.last?.title == "Chapter LXI")
        #expect(book.chapters.first?.title == "Preface")
        #expect(book.chapters.count == 62)
        #expect(book.title == "Pride and Prejudice")
        #expect(book.author == "Jane Austen")
        #expect(numbered[0].paragraphs[0].text.hasPrefix("It is a truth universally acknowledged"))
        #expect(Self.noLicenseText(book))
    }

    @Test func mobyDickSkipsItsContentsListAndLicense() throws {
        let book = try TestSupport.readBook(TestSupport.corpus("text/moby-dick_pg2701_full-pg-header.txt"))
        let numbered = book.chapters.filter { $0.title.hasPrefix("Chapter ") }
        #expect(numbered.count == 135)
        #expect(numbered.first?.title == "Chapter 1: Loomings")
        #expect(numbered.first?.paragraphs.first?.text.hasPrefix("Call me Ishmael.") == true)
        #expect(numbered.contains { $0.title == "Chapter 73: Stubb and Flask kill a Right Whale; and Then Have a Talk over Him" })
        #expect(book.chapters.contains { $0.title == "Etymology" })
        #expect(book.chapters.contains { $0.title == "Extracts" })
        #expect(book.chapters.last?.title == "Epilogue")
        #expect(book.title == "Moby Dick; Or, The Whale")
        #expect(book.author == "Herman Melville")
        #expect(Self.noLicenseText(book))
        #expect(!book.chapters.contains { $0.paragraphs.contains { $0.text.contains("Project Gutenberg License") } })
    }

    @Test func aliceHasTwelveTitledChapters() throws {
        let book = try TestSupport.readBook(TestSupport.corpus("text/alice-in-wonderland_pg11.txt"))
        #expect(book.chapters.count == 12)
        #expect(book.chapters[0].title == "Chapter I: Down the Rabbit-Hole")
        #expect(book.chapters[11].title == "Chapter XII: Alice’s Evidence")
        #expect(book.title == "Alice’s Adventures in Wonderland")
        #expect(book.author == "Lewis Carroll")
    }

    @Test func dieVerwandlungHasThreeGermanParts() throws {
        let book = try TestSupport.readBook(TestSupport.corpus("text/die-verwandlung_pg22367_de.txt"))
        #expect(book.chapters.map(\.title) == ["I", "II", "III"])
        #expect(book.language == "de")
        #expect(book.title == "Die Verwandlung")
        #expect(book.author == "Franz Kafka")
        #expect(book.chapters[0].paragraphs[0].text.hasPrefix("Als Gregor Samsa eines Morgens"))
    }
}
