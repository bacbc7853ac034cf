import Foundation

/// `--chapters 3-5,9`: which chapters to render, numbered as `narrate plan` shows them.
public struct ChapterSelection: Sendable, Equatable {
    public let ranges: [ClosedRange<Int>]
    public let text: String

    /// Parses a comma-separated list of numbers and `a-b` ranges; nil when it is not one.
    public init?(_ text: String) {
        var ranges: [ClosedRange<Int>] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
                .map { Int($0.trimmingCharacters(in: .whitespaces)) }
            switch bounds.count {
            case 1:
                guard let n = bounds[0], n >= 1 else { return nil }
                ranges.append(n...n)
            case 2:
                guard let a = bounds[0], let b = bounds[1], a >= 1, a <= b else { return nil }
                ranges.append(a...b)
            default:
                return nil
            }
        }
        guard !ranges.isEmpty else { return nil }
        self.ranges = ranges
        self.text = text
    }

    public func contains(_ index: Int) -> Bool { ranges.contains { $0.contains(index) } }

    /// Throws a usage error when the selection names a chapter the book does not have.
    public func check(chapterCount: Int) throws {
        if let past = ranges.first(where: { $0.upperBound > chapterCount }) {
            throw UsageError("--chapters \(text): the book has \(chapterCount) chapter\(chapterCount == 1 ? "" : "s"), "
                + "so \(past.upperBound) is past the end (see narrate plan)")
        }
    }
}

/// A bad combination of options or values found after the book was read: exit 64.
public struct UsageError: NarrateError {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var exitStatus: ExitStatus { .usage }
    public var description: String { message }
}
