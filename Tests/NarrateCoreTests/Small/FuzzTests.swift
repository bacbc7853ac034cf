import Foundation
import Testing
import ZIPFoundation
@testable import NarrateCore

/// Seeded mutation fuzzing of every reader of untrusted input (`FuzzTargets`: the XHTML/XML
/// parser and text extraction, the EPUB reader on mutated inner files re-zipped and on mutated
/// ZIP bytes, the plain-text reader with the sentence segmenter). A broken invariant traps.
/// Bounded and deterministic, so it runs in CI on every `make test`; `make fuzz` runs it longer
/// (NARRATE_FUZZ_ITERATIONS) and `make fuzz-libfuzzer` runs the same targets under libFuzzer. Each input is written
/// to `$TMPDIR/narrate-fuzz/TARGET.last` before it runs: after a crash, copy that file into
/// `Tests/NarrateCoreTests/Fixtures/fuzz/TARGET/`, where every run replays it first.
@Suite(.serialized, .tags(.small)) struct FuzzTests {
    static var scale: Int { Int(ProcessInfo.processInfo.environment["NARRATE_FUZZ_ITERATIONS"] ?? "") ?? 1 }

    @Test func xhtmlParserAndTextExtraction() throws {
        let seeds = try Self.epubSeeds().flatMap { archive in
            archive.filter { $0.0.hasSuffix("html") || $0.0.hasSuffix(".opf") || $0.0.hasSuffix(".ncx") }.map { Array($0.1.prefix(16_384)) }
        }
        try Self.fuzz("xhtml", seeds: seeds, iterations: 1500 * Self.scale, FuzzTargets.xhtml)
    }

    @Test func epubReaderOnMutatedInnerFiles() throws {
        let books = try Self.epubSeeds()
        var random = SeededRandom(seed: 0xE9B)
        try Self.fuzz("epub", seeds: [], iterations: 250 * Self.scale, generate: { iteration in
            var files = books[iteration % books.count]
            let victim = random.next(files.count)
            files[victim].1 = Mutator.mutate(files[victim].1, random: &random)
            return try Self.zip(files)
        }, FuzzTargets.epub)
    }

    @Test func epubReaderOnMutatedZipBytes() throws {
        let seeds = try Self.epubSeeds().map { try Self.zip($0) }
        try Self.fuzz("zip", seeds: seeds, iterations: 250 * Self.scale, FuzzTargets.epub)
    }

    @Test func plainTextReaderAndSegmenter() throws {
        let seeds = try ["text/alice-in-wonderland_pg11.txt", "text/die-verwandlung_pg22367_de.txt", "text/moby-dick_pg2701_full-pg-header.txt"]
            .map { Array(try Data(contentsOf: TestSupport.corpus($0)).prefix(4_000)) }
        try Self.fuzz("text", seeds: seeds, iterations: 300 * Self.scale, FuzzTargets.text)
    }

    @Test func castAndLexiconReaders() throws {
        let root = TestSupport.packageRoot
        let files = [root.appendingPathComponent("samples/lamplighter.cast.yaml"), root.appendingPathComponent("samples/lamplighter.lexicon.yaml"),
                     TestSupport.fixture("pride-and-prejudice.cast.yaml")]
        let rules = "rules:\n  - regex: '(a|b)+$'\n    say: $1\nipa:\n  x: ˈθɜrti\nphonemes:\n  y: \"d'A@si\"\na: &x [1, 2]\nb: *x\n"
        let seeds = try files.map { Array(try Data(contentsOf: $0)) } + [Array(rules.utf8)]
        try Self.fuzz("config", seeds: seeds, iterations: 600 * Self.scale, FuzzTargets.config)
    }

    // MARK: Harness

    /// Runs `body` on replayed regressions, the seeds, then mutations of the seeds.
    static func fuzz(
        _ target: String, seeds: [[UInt8]], iterations: Int, generate: ((Int) throws -> [UInt8])? = nil,
        _ body: ([UInt8]) throws -> Void
    ) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("narrate-fuzz")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let last = scratch.appendingPathComponent("\(target).last")
        let regressions = TestSupport.packageRoot.appendingPathComponent("Tests/NarrateCoreTests/Fixtures/fuzz/\(target)")
        let replay = ((try? FileManager.default.contentsOfDirectory(at: regressions, includingPropertiesForKeys: nil)) ?? [])
            .sorted { $0.path < $1.path }.map { Array((try? Data(contentsOf: $0)) ?? Data()) }
        var random = SeededRandom(seed: UInt64(target.utf8.reduce(5381) { ($0 &* 33) &+ Int($1) }.magnitude))
        var inputs = replay + seeds
        for iteration in 0..<iterations {
            let input: [UInt8]
            if !inputs.isEmpty { input = inputs.removeFirst() }
            else if let generate { input = try generate(iteration) }
            else { input = Mutator.mutate(seeds[random.next(seeds.count)], random: &random) }
            try Data(input).write(to: last)
            try body(input)
        }
    }

    /// Every file of the small real EPUBs (bad corpus and two valid ones), in archive order.
    static func epubSeeds() throws -> [[(String, [UInt8])]] {
        let names = ["epub-bad/duplicate-zip-entry.epub", "epub-bad/container-xml-missing.epub", "epub-bad/spine-missing-epub2.epub",
                     "epub-bad/xhtml-unclosed-tag.epub", "epub-valid/georgia-pls-ssml_idpf.epub"]
        return try names.map { name in
            let archive = try Archive(url: TestSupport.corpus(name), accessMode: .read, pathEncoding: nil)
            return try archive.filter { $0.type == .file && !$0.path.hasSuffix(".jpg") && !$0.path.hasSuffix(".png") }.map { entry in
                var bytes: [UInt8] = []
                _ = try archive.extract(entry) { bytes += $0 }
                return (entry.path, Array(bytes.prefix(40_000)))
            }
        }
    }

    static func zip(_ files: [(String, [UInt8])]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
        for (path, bytes) in files { try EPUBFixture.add(archive, path, bytes, method: path == "mimetype" ? .none : .deflate) }
        return Array(archive.data ?? Data())
    }
}

/// Byte-level mutations with markup-aware insertions.
enum Mutator {
    static let tokens: [[UInt8]] = [
        "<", ">", "&", "&#x110000;", "&#0;", "&amp", "<!DOCTYPE x [<!ENTITY a \"&a;\">]>", "]]>", "<![CDATA[", "<!--", "\u{0}",
        "xmlns:epub=\"http://www.idpf.org/2007/ops\"", "</p>", "<p>", "</section>", "<section epub:type=\"frontmatter\">", "#",
        "../", "%2e%2e/", "\"", "'", "=", "<nav epub:type=\"toc\"><ol><li><a href=\"#x\">", "<h1 id=\"x\">", "\u{FEFF}", "\r\n",
        "CHAPTER IV.", "Mr. ", "...", "“", "”", "\n\n", "[Illustration:", "*** START OF THE PROJECT GUTENBERG EBOOK", "\u{2028}",
        "‘", "’", "«", "»", "„", "— ", " said Darcy", "Alice said", "{alice}", "{darcy: ", "{pause 2s}", "}", "[[", "]]",
        "characters:\n  x:\n", "rules:\n  - ", "names: [", "voice: ", "rate: ", ": {", "\\u0000", "&a ", "*a", "!!binary ", "? ", "- ", "---\n", "  ", "\t",
    ].map { Array($0.utf8) }

    static func mutate(_ input: [UInt8], random: inout SeededRandom) -> [UInt8] {
        var bytes = input
        for _ in 0...random.next(4) {
            let position = bytes.isEmpty ? 0 : random.next(bytes.count)
            switch random.next(6) {
            case 0 where !bytes.isEmpty: bytes[position] = UInt8(truncatingIfNeeded: random.next(256))
            case 1: bytes.insert(contentsOf: tokens[random.next(tokens.count)], at: position)
            case 2 where !bytes.isEmpty: bytes.removeSubrange(position..<min(bytes.count, position + 1 + random.next(64)))
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, position + 1 + random.next(256))
                bytes.insert(contentsOf: Array(bytes[position..<end]), at: random.next(bytes.count))
            case 4: bytes = Array(bytes.prefix(position))
            default: bytes.insert(UInt8(truncatingIfNeeded: random.next(256)), at: position)
            }
        }
        return bytes
    }
}

/// SplitMix64: small, fast and the same on every machine.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return bound <= 1 ? 0 : Int(z % UInt64(bound))
    }
}
