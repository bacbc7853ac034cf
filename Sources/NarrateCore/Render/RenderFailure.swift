import Foundation

/// A failure tied to a place in the book, so the user knows where to look.
public struct SegmentFailure: NarrateError {
    public var chapter: Int
    public var paragraph: Int
    public var text: String
    public var underlying: any NarrateError

    public var exitStatus: ExitStatus { underlying.exitStatus }
    public var description: String {
        let place = paragraph > 0 ? "chapter \(chapter), paragraph \(paragraph)" : "chapter \(chapter), heading"
        let excerpt = text.count > 60 ? text.prefix(57) + "…" : Substring(text)
        return "\(place) (\"\(excerpt)\"): \(underlying.description)"
    }
}

/// Some segments could not be synthesized; everything else was rendered and cached (exit 1).
public struct PartialRenderFailure: NarrateError {
    public var failures: [SegmentFailure]
    public var report: RunReport

    public var exitStatus: ExitStatus { .partialFailure }
    public var description: String {
        "\(failures.count) segment(s) failed; the chapters that hold them were not written, everything else was:\n"
            + failures.map { "  \($0.description)" }.joined(separator: "\n")
    }
}

extension SegmentFailure {
    /// The one failure wrapper: any error met while producing a segment, as a failure at its
    /// place in the book. A `SegmentFailure` stays as it is; anything else is a bug (70).
    init(_ error: any Error, at item: BookSegment) {
        if let failure = error as? SegmentFailure {
            self = failure
        } else {
            self.init(chapter: item.chapter, paragraph: item.segment.paragraph, text: item.segment.text,
                      underlying: InternalError("\(error)"))
        }
    }
}
