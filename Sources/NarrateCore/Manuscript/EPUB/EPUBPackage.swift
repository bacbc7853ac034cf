/// What the OPF package document says: metadata, manifest, spine and guide.
struct EPUBPackage {
    struct Item {
        var id: String
        var path: String
        var mediaType: String
        var properties: Set<String>
    }

    struct SpineItem {
        var path: String
        var mediaType: String
        var linear: Bool
    }

    struct Reference {
        var type: String
        var path: String
        var fragment: String?
    }

    var path: String
    var version: String
    var title: String?
    var authors: [String] = []
    var language: String?
    var description: String?
    /// The year of `dc:date` ("1851", "1851-10-18", "2004-01-01T00:00:00Z").
    var year: String?
    var items: [String: Item] = [:]
    var manifestOrder: [Item] = []
    var spine: [SpineItem] = []
    var spineWasMissing = false
    var navigationPath: String?
    var ncxPath: String?
    var coverImage: Item?
    var guide: [Reference] = []

    /// Reads the package from `root`, the parsed OPF at archive path `path`. Hrefs that leave the
    /// archive throw; problems a reader would work around go to `warn`.
    init(root: MarkupElement, path: String, bookPath: String, warn: (String) -> Void) throws {
        self.path = path
        version = root.attribute("version") ?? "2.0"
        let metadata = root.first("metadata")
        readMetadata(metadata)

        for element in root.first("manifest")?.all("item") ?? [] {
            guard let id = element.attribute("id"), let href = element.attribute("href") else { continue }
            let resolved = try EPUBArchive.resolve(href, relativeTo: path, bookPath: bookPath)
            let item = Item(
                id: id, path: resolved.path, mediaType: element.attribute("media-type") ?? "",
                properties: Set((element.attribute("properties") ?? "").split(separator: " ").map(String.init)))
            items[id] = item
            manifestOrder.append(item)
            if item.properties.contains("nav") { navigationPath = item.path }
            if item.properties.contains("cover-image") { coverImage = item }
            if item.mediaType == "application/x-dtbncx+xml" && ncxPath == nil { ncxPath = item.path }
        }
        if coverImage == nil,
           let coverID = metadata?.all("meta").first(where: { $0.attribute("name") == "cover" })?.attribute("content") {
            coverImage = items[coverID]
        }

        if let spineElement = root.first("spine") {
            if let tocID = spineElement.attribute("toc"), let ncx = items[tocID] { ncxPath = ncx.path }
            for itemref in spineElement.all("itemref") {
                guard let idref = itemref.attribute("idref") else { continue }
                guard let item = items[idref] else {
                    warn("\(path) line \(itemref.line): the spine names “\(idref)”, which the manifest does not have; skipped")
                    continue
                }
                spine.append(SpineItem(path: item.path, mediaType: item.mediaType, linear: itemref.attribute("linear") != "no"))
            }
        } else {
            // No spine: read the XHTML documents in manifest order, the closest thing to one.
            spineWasMissing = true
            spine = manifestOrder.filter { $0.mediaType == "application/xhtml+xml" && !$0.properties.contains("nav") }
                .map { SpineItem(path: $0.path, mediaType: $0.mediaType, linear: true) }
        }

        for reference in root.first("guide")?.all("reference") ?? [] {
            guard let type = reference.attribute("type"), let href = reference.attribute("href") else { continue }
            let resolved = try EPUBArchive.resolve(href, relativeTo: path, bookPath: bookPath)
            guide.append(Reference(type: type.lowercased(), path: resolved.path, fragment: resolved.fragment))
        }
    }

    private mutating func readMetadata(_ metadata: MarkupElement?) {
        guard let metadata else { return }
        let refinements = metadata.all("meta").filter { $0.attribute("refines") != nil }
        func refined(_ id: String?, _ property: String) -> String? {
            guard let id else { return nil }
            return refinements.first { $0.attribute("refines") == "#\(id)" && $0.attribute("property") == property }?.text
        }

        let titles = metadata.all("title").filter { !$0.text.isEmpty }
        title = (titles.first { refined($0.attribute("id"), "title-type") == "main" } ?? titles.first)?.text

        // Creators with no role are authors; EPUB 2 says the role in opf:role, EPUB 3 in a refinement.
        authors = metadata.all("creator").compactMap { creator in
            let role = creator.attribute("role", namespace: XMLNamespace.opf) ?? refined(creator.attribute("id"), "role")
            guard role == nil || role == "aut" else { return nil }
            let name = creator.text
            return name.isEmpty ? nil : name
        }
        language = metadata.all("language").map(\.text).first { !$0.isEmpty }
        description = metadata.all("description").map(\.text).first { !$0.isEmpty }
        year = metadata.all("date").lazy.map { String($0.text.trimmingCharacters(in: .whitespaces).prefix(4)) }
            .first { $0.count == 4 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

}
