import Foundation
import Testing

/// `make test-small`, `test-medium` and `test-large` pick suites by their tier tag, so a suite
/// without its folder's tag, or a test outside any suite, would run in no tier.
@Suite(.tags(.small)) struct TestTierTests {
    static let tiers = ["Small": "small", "Medium": "medium", "Large": "large"]

    static func sources(in folder: String) throws -> [(name: String, text: String)] {
        let directory = TestSupport.packageRoot.appendingPathComponent("Tests/NarrateCoreTests/\(folder)")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            .filter { $0.hasSuffix(".swift") }
            .map { ($0, try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) }
    }

    @Test(arguments: ["Small", "Medium", "Large"])
    func everySuiteCarriesItsFolderTag(folder: String) throws {
        let files = try Self.sources(in: folder)
        #expect(!files.isEmpty)
        for (name, text) in files {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let suites = lines.filter { $0.hasPrefix("@Suite") }
            if lines.contains(where: { $0.contains("@Test") }) {
                #expect(!suites.isEmpty, "\(folder)/\(name) has tests but no top-level @Suite")
            }
            for suite in suites {
                for (otherFolder, tag) in Self.tiers {
                    #expect(suite.contains(".tags(.\(tag))") == (otherFolder == folder), "\(folder)/\(name): \(suite)")
                }
                #expect(suite.contains(" struct "), "\(folder)/\(name): \(suite) (make test-\(Self.tiers[folder]!) reads `@Suite(…) struct Name`)")
            }
        }
    }
}
