import Testing
@testable import NarrateCore

/// Project Gutenberg's layout marks (`/* NIND … */`) are markup: the marks go, the text stays.
@Suite(.tags(.small)) struct LayoutMarksTests {
    @Test(arguments: [
        ("     /* NIND “My dear Harriet, */", "     “My dear Harriet,"),
        ("     /* RIGHT “Hunsford, near Westerham, Kent, _15th October_. */", "     “Hunsford, near Westerham, Kent, _15th October_."),
        ("     /* “Dear Sir, */", "     “Dear Sir,"),
        ("/* BLOCK LETTERS TWO FEET HIGH */", "BLOCK LETTERS TWO FEET HIGH"),
        ("/*", ""),
        ("  */", ""),
    ])
    func marksGoTheTextStays(line: String, read: String) {
        #expect(LayoutMarks.remove(line).text == read)
    }

    @Test(arguments: [
        "She wrote /* nothing */ that day.",
        "NIND is not a mark without its slashes.",
        "/**/",
        "The comment ended with */ and then she laughed.",
    ])
    func proseIsLeftAlone(line: String) {
        #expect(LayoutMarks.remove(line) == (line, false))
    }

    /// Pride and Prejudice's nine marks, read in the whole book: none is left, and the letters' first lines are there.
    @Test func prideAndPrejudiceReadsNoMark() throws {
        let book = try TestSupport.readBook(TestSupport.corpus("text/pride-and-prejudice_pg1342.txt"))
        let text = book.chapters.flatMap(\.paragraphs).map(\.text)
        #expect(!text.contains { $0.contains("/*") || $0.contains("*/") || $0.contains("NIND") })
        #expect(text.contains { $0.hasPrefix("“My dear Harriet,") })
        // The directives' words are accounted for: NIND three times, RIGHT three times.
        #expect(book.skipped.filter { $0.reason == .markup }.map(\.words) == [6])
    }

    /// A directive word goes and is counted; a mark alone or words in capitals are not directives.
    @Test func directiveWordsAreCounted() {
        let marked = LayoutMarks.remove(["/* NIND “My dear Harriet, */", "/*", "/* BLOCK LETTERS */", "She wrote."])
        #expect(marked.lines == ["“My dear Harriet,", "", "BLOCK LETTERS", "She wrote."])
        #expect(marked.directiveWords == 1)
    }
}
