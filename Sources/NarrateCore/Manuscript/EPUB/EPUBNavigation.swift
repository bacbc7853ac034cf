/// The book's own table of contents: the EPUB 3 navigation document, else the EPUB 2 NCX.
struct EPUBNavigation {
    struct Entry {
        var title: String
        var path: String
        var fragment: String?
        var children: [Entry]
    }

    var entries: [Entry] = []
    /// EPUB 3 landmarks (`cover`, `toc`, `bodymatter`…), in the same form as the OPF guide.
    var landmarks: [EPUBPackage.Reference] = []

    /// The `toc` and `landmarks` navs of an EPUB 3 navigation document at archive path `path`.
    static func fromNavigationDocument(_ root: MarkupElement, path: String, bookPath: String) throws -> EPUBNavigation {
        var navigation = EPUBNavigation()
        for nav in root.descendants("nav") {
            let types = EPUBSemantics.types(of: nav)
            if types.contains("toc"), navigation.entries.isEmpty, let list = nav.first("ol") {
                navigation.entries = try entries(in: list, path: path, bookPath: bookPath)
            } else if types.contains("landmarks") {
                for link in nav.descendants("a") {
                    guard let href = link.attribute("href") else { continue }
                    let resolved = try EPUBArchive.resolve(href, relativeTo: path, bookPath: bookPath)
                    for type in EPUBSemantics.types(of: link) {
                        navigation.landmarks.append(.init(type: type, path: resolved.path, fragment: resolved.fragment))
                    }
                }
            }
        }
        return navigation
    }

    private static func entries(in list: MarkupElement, path: String, bookPath: String) throws -> [Entry] {
        try list.all("li").compactMap { item in
            let label = item.first("a") ?? item.first("span")
            // A list marked `hidden` is not shown in a reader's contents, so it does not split chapters.
            let children = try item.first("ol").flatMap { $0.attribute("hidden") == nil ? $0 : nil }
                .map { try entries(in: $0, path: path, bookPath: bookPath) } ?? []
            guard let label, let href = label.attribute("href") else {
                // A heading with no link (a part label): its children stand on their own.
                return children.isEmpty ? nil : Entry(title: label?.text ?? "", path: "", fragment: nil, children: children)
            }
            let resolved = try EPUBArchive.resolve(href, relativeTo: path, bookPath: bookPath)
            return Entry(title: label.text, path: resolved.path, fragment: resolved.fragment, children: children)
        }
    }

    /// The `navMap` of an EPUB 2 NCX at archive path `path`.
    static func fromNCX(_ root: MarkupElement, path: String, bookPath: String) throws -> EPUBNavigation {
        func points(_ parent: MarkupElement) throws -> [Entry] {
            try parent.all("navPoint").compactMap { point in
                let title = point.first("navLabel")?.first("text")?.text ?? ""
                let children = try points(point)
                guard let src = point.first("content")?.attribute("src") else {
                    return children.isEmpty ? nil : Entry(title: title, path: "", fragment: nil, children: children)
                }
                let resolved = try EPUBArchive.resolve(src, relativeTo: path, bookPath: bookPath)
                return Entry(title: title, path: resolved.path, fragment: resolved.fragment, children: children)
            }
        }
        var navigation = EPUBNavigation()
        if let map = root.first("navMap") { navigation.entries = try points(map) }
        return navigation
    }
}

/// `epub:type` (and ARIA `role`) semantics.
enum EPUBSemantics {
    /// The structural types of an element: `epub:type` tokens and `doc-` roles without the prefix.
    static func types(of element: MarkupElement) -> [String] {
        var types = (element.attribute("type", namespace: XMLNamespace.ops) ?? "").split(separator: " ").map(String.init)
        if let role = element.attribute("role") {
            types += role.split(separator: " ").map { $0.hasPrefix("doc-") ? String($0.dropFirst(4)) : String($0) }
        }
        return types
    }

    /// Content that is never read inline: page numbers, notes (read where they are referenced
    /// would break the sentence), navigation lists.
    static let skipped: Set<String> = [
        "pagebreak", "page-list", "footnote", "footnotes", "endnote", "endnotes", "rearnote", "rearnotes", "note",
        "noteref", "toc", "landmarks", "loi", "lot", "index",
    ]

    /// Front and back matter a listener does not want read by default.
    static let matter: Set<String> = [
        "frontmatter", "backmatter", "cover", "titlepage", "title-page", "halftitlepage", "copyright-page", "toc",
        "colophon", "imprint", "index", "bibliography", "loi", "lot", "errata", "seriespage", "other-credits",
    ]
}
