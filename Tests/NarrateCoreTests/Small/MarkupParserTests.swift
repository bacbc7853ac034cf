import Foundation
import Testing
@testable import NarrateCore

@Suite(.tags(.small)) struct MarkupParserTests {
    func parse(_ text: String) throws -> (root: MarkupElement?, problems: [XMLProblem]) {
        try XMLTreeParser.parse(utf8: Array(text.utf8))
    }

    @Test func entitiesAndCharacterReferences() throws {
        let root = try #require(try parse("<p>a &amp; b &lt;c&gt; &#233;&#xE9; &mdash; &nbsp;x &bogus; &#0;</p>").root)
        #expect(root.text == "a & b <c> éé — x &bogus; \u{FFFD}")
    }

    @Test func namespacesAreResolvedByURI() throws {
        let root = try #require(try parse("""
            <html xmlns="http://www.w3.org/1999/xhtml" xmlns:o="http://www.idpf.org/2007/ops"><p o:type="pagebreak" xml:lang="fr">x</p></html>
            """).root)
        let p = try #require(root.first("p"))
        #expect(p.namespace == "http://www.w3.org/1999/xhtml")
        #expect(p.attribute("type", namespace: XMLNamespace.ops) == "pagebreak")
        #expect(p.attribute("lang", namespace: XMLNamespace.xml) == "fr")
    }

    @Test func externalEntitiesAreNeverResolved() throws {
        let document = """
            <?xml version="1.0"?>
            <!DOCTYPE html [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> <!ENTITY web SYSTEM "http://example.com/x"> ]>
            <html><body><p>&xxe;&web;</p></body></html>
            """
        let root = try #require(try parse(document).root)
        #expect(root.text == "&xxe;&web;")
        #expect(!root.text.contains("root:"))
    }

    @Test func entityExpansionBombsAreNotExpanded() throws {
        var declarations = "<!ENTITY lol0 \"lol\">"
        for level in 1...9 { declarations += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">" }
        let root = try #require(try parse("<!DOCTYPE bomb [\(declarations)]><bomb>&lol9;</bomb>").root)
        #expect(root.text == "&lol9;")
    }

    @Test func malformedMarkupIsRepairedAndReported() throws {
        let (root, problems) = try parse("<body>\n<p>one\n<p>two</p>\n<p\n</p><div>three</span></div></body>")
        #expect(root?.text == "one two three")
        #expect(problems.map(\.line) == [4, 5])  // the unfinished <p at 4, the stray </span> at 5
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let deep = String(repeating: "<div>", count: 100_000) + "x"
        #expect(throws: XMLTreeParser.TooDeep.self) { try parse(deep) }
    }

    @Test func bareAmpersandsAndLessThanSignsStayText() throws {
        let (root, problems) = try parse("<p>Fish & chips < 5 pounds</p>")
        #expect(root?.text == "Fish & chips < 5 pounds")
        #expect(problems.count == 1)
    }

    @Test(arguments: [
        ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><p>caf\u{E9}</p>", "latin1"),
    ])
    func declaredLatin1IsTranscoded(prefix: String, _: String) throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><p>caf".utf8)
        bytes.append(0xE9)
        bytes += Array("</p>".utf8)
        let decoded = MarkupDecoding.decode(bytes)
        #expect(decoded.problem == nil)
        #expect(try XMLTreeParser.parse(utf8: decoded.utf8).root?.text == "café")
    }

    @Test func contradictoryLanguagesDeclareNone() throws {
        func languages(_ xhtml: String) throws -> [String?] {
            let root = try #require(try parse(xhtml).root)
            return XHTMLText(root).blocks.map(\.language)
        }
        let html = "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
        // Bibebook's template: xml:lang says English, lang French. Neither is believed: the book's language applies.
        #expect(try languages(html + "xml:lang=\"en\" lang=\"fr\"><body><p>Denise était venue.</p></body></html>") == [nil])
        // Agreeing (a region aside), xml:lang stands; inside, a contradiction leaves the language around it.
        #expect(try languages(html + "xml:lang=\"fr-FR\" lang=\"fr\"><body><p>Oui.</p><p xml:lang=\"de\" lang=\"en\">Ja.</p></body></html>")
            == ["fr-FR", "fr-FR"])
    }

    @Test func invalidUTF8IsReplacedAndReported() throws {
        let decoded = MarkupDecoding.decode(Array("<p>ok ".utf8) + [0xFF, 0xFE, 0x41] + Array("</p>".utf8))
        #expect(decoded.problem?.contains("not valid UTF-8") == true)
        let root = try #require(try XMLTreeParser.parse(utf8: decoded.utf8).root)
        #expect(XHTMLText(MarkupElement.wrapBody(root)).blocks.map(\.text) == ["ok A"])
    }

    @Test(arguments: [
        ("ch.xhtml", "OEBPS/content.opf", "OEBPS/ch.xhtml"),
        ("../Text/ch%201.xhtml#p3", "OEBPS/Styles/x.css", "OEBPS/Text/ch 1.xhtml"),
        ("./a/./b.xhtml", "content.opf", "a/b.xhtml"),
        ("#note", "OEBPS/ch.xhtml", "OEBPS/ch.xhtml"),
    ])
    func hrefsResolveInsideTheArchive(href: String, base: String, path: String) throws {
        #expect(try EPUBArchive.resolve(href, relativeTo: base, bookPath: "b.epub").path == path)
    }

    @Test(arguments: ["../../etc/passwd", "../x.xhtml", "/etc/passwd", "file:///etc/passwd", "a/../../b"])
    func hrefsThatEscapeAreRefused(href: String) {
        #expect(throws: EPUBError.self) { try EPUBArchive.resolve(href, relativeTo: "content.opf", bookPath: "b.epub") }
    }
}

extension MarkupElement {
    /// `<html><body>element</body></html>` around a bare element, for text-extraction tests.
    static func wrapBody(_ element: MarkupElement) -> MarkupElement {
        let html = MarkupElement(name: "html", localName: "html", namespace: nil, attributes: [], line: 1)
        let body = MarkupElement(name: "body", localName: "body", namespace: nil, attributes: [], line: 1)
        body.append(.element(element))
        html.append(.element(body))
        return html
    }
}
