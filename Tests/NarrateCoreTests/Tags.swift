import Testing

/// The three test tiers, one per folder. Every suite carries its folder's tag
/// (`@Suite(.tags(.small))`), `TestTierTests` checks that it does, and `make test-small`,
/// `make test-medium` and `make test-large` run one tier by the names of its suites.
extension Tag {
    /// `Small/`: pure logic: parsing, segmentation, hashing, the readers.
    @Tag static var small: Self
    /// `Medium/`: each C wrapper against the real library, in a temporary directory.
    @Tag static var medium: Self
    /// `Large/`: the built `narrate` binary end to end (stdout, stderr, exit code, files).
    @Tag static var large: Self
}
