import Foundation

/// `--shard K/N`: the K-th of N duration-balanced parts of a book's chapters, the same on every
/// machine for the same plan. Chapters are dealt longest first (by the plan's estimate) onto the
/// shard with the least estimated audio so far, the lower-numbered shard on a tie.
public struct ShardSelection: Sendable, Equatable {
    /// 1-based, as the user writes it.
    public let index: Int
    public let count: Int

    public static let maximumCount = 10_000

    /// Parses `K/N` (1 ≤ K ≤ N ≤ 10000); nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
              (1...Self.maximumCount).contains(count), (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    public init(index: Int, count: Int) {
        precondition((1...count).contains(index), "shard \(index)/\(count)")
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    /// `manifest.shard-K-of-N.json`: what this shard wrote.
    public var manifestName: String { "manifest.shard-\(index)-of-\(count).json" }

    /// The shard's chapter numbers.
    public func chapters(of plan: Plan) -> Set<Int> {
        Set(Self.assign(plan, shards: count)[index - 1])
    }

    /// Every shard's chapter numbers (index 0 is shard 1), balanced by estimated duration.
    public static func assign(_ plan: Plan, shards: Int) -> [[Int]] {
        let estimates = plan.chapters.map { (index: $0.index, seconds: $0.estimatedSeconds(pauses: plan.pauses)) }
        return assign(estimates, shards: shards).map { $0.map(\.index) }
    }

    /// Longest first onto the least-loaded shard; ties broken by chapter number and shard number,
    /// so the result depends only on the estimates.
    static func assign(_ chapters: [(index: Int, seconds: Double)], shards: Int) -> [[(index: Int, seconds: Double)]] {
        var parts = [[(index: Int, seconds: Double)]](repeating: [], count: shards)
        var loads = [Double](repeating: 0, count: shards)
        for chapter in chapters.sorted(by: { $0.seconds != $1.seconds ? $0.seconds > $1.seconds : $0.index < $1.index }) {
            let target = loads.indices.min { loads[$0] != loads[$1] ? loads[$0] < loads[$1] : $0 < $1 }!
            parts[target].append(chapter)
            loads[target] += chapter.seconds
        }
        return parts.map { $0.sorted { $0.index < $1.index } }
    }

    /// Estimated seconds of audio per shard, for `plan` (the balance Docs/scale.md reports).
    public static func loads(_ plan: Plan, shards: Int) -> [Double] {
        let estimates = plan.chapters.map { (index: $0.index, seconds: $0.estimatedSeconds(pauses: plan.pauses)) }
        return assign(estimates, shards: shards).map { $0.reduce(0) { $0 + $1.seconds } }
    }

    /// The shard manifests in `directory` (any N), by file name.
    static func manifests(in directory: URL) -> [(shard: ShardSelection, manifest: Manifest)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { name in
            guard name.hasPrefix("manifest.shard-"), name.hasSuffix(".json") else { return nil }
            let middle = name.dropFirst("manifest.shard-".count).dropLast(".json".count).replacingOccurrences(of: "-of-", with: "/")
            guard let shard = ShardSelection(middle), shard.manifestName == name,
                  let data = try? Data(contentsOf: directory.appendingPathComponent(name)),
                  let manifest = Manifest.decode(data) else { return nil }
            return (shard, manifest)
        }
    }
}
