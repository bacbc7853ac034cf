import Foundation

/// Hands out segments' audio strictly in plan order while up to `jobs` threads fetch ahead (from
/// the cache, else synthesizing). At most `window` results wait to be taken, so a slow reader —
/// a pipe that is not being drained — holds back synthesis instead of filling memory.
final class OrderedSegmentFetcher: @unchecked Sendable {
    // Safe: `results`, `nextToFetch`, `nextToTake` and `stopped` are only touched under
    // `condition`. (An NSCondition rather than `Locked`: the threads wait on it for room or results.)
    typealias Result = Swift.Result<FetchedSegment, SegmentFailure>

    private let items: [BookSegment]
    private let source: SegmentAudioSource
    private let window: Int
    private let condition = NSCondition()
    private var results: [Int: Result] = [:]
    private var nextToFetch = 0
    private var nextToTake = 0
    private var stopped = false
    private var threads: [Thread] = []

    init(items: [BookSegment], source: SegmentAudioSource, jobs: Int, window: Int) {
        self.items = items
        self.source = source
        self.window = max(window, jobs)
        for _ in 0..<max(1, min(jobs, items.count)) {
            let thread = Thread { [self] in work() }
            thread.stackSize = 1 << 20
            threads.append(thread)
            thread.start()
        }
    }

    private func work() {
        while true {
            condition.lock()
            while !stopped && nextToFetch < items.count && nextToFetch >= nextToTake + window { condition.wait() }
            guard !stopped, nextToFetch < items.count else { condition.unlock(); return }
            let index = nextToFetch
            nextToFetch += 1
            condition.unlock()

            let result = source.fetch(items[index])
            condition.lock()
            results[index] = result
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The next segment's result, waiting for it if need be; nil after the last.
    func next() -> Result? {
        condition.lock()
        defer { condition.unlock() }
        guard nextToTake < items.count else { return nil }
        while results[nextToTake] == nil { condition.wait() }
        let result = results.removeValue(forKey: nextToTake)
        nextToTake += 1
        condition.broadcast()
        return result
    }

    /// Stops fetching ahead (the reader went away); segments being fetched still finish and are cached.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
