import Foundation

/// How progress is shown on stderr.
public enum ProgressMode: String, Sendable, CaseIterable {
    /// A live line when stderr is a terminal, nothing otherwise.
    case auto
    /// One JSON object per line and event, for tools.
    case json
    case none
}

/// Collects progress from the render threads and shows it: one live line on a terminal
/// (chapter, segments done/total, cache hits, audio minutes, speed, ETA) or JSON lines.
public final class ProgressReporter: @unchecked Sendable {
    // Safe: all mutable state is only touched under `lock`.
    private let lock = NSLock()
    private let mode: ProgressMode
    private let live: Bool
    private let totalSegments: Int
    private let started = Date()
    private var done = 0
    private var cached = 0
    private var audioSeconds = 0.0
    private var current = ""
    private var lastDraw = Date.distantPast

    public init(mode: ProgressMode, totalSegments: Int, isTerminal: Bool = Diagnostics.isTerminal) {
        self.mode = mode
        self.totalSegments = totalSegments
        live = mode == .auto && isTerminal
    }

    func chapterStarted(_ chapter: PlannedChapter) {
        lock.withLock {
            current = "\(chapter.index): \(chapter.title)"
            emit(["event": "chapter-started", "chapter": chapter.index, "title": chapter.title, "segments": chapter.segments.count])
        }
    }

    func segmentDone(chapter: Int, fromCache: Bool, seconds: Double) {
        lock.withLock {
            done += 1
            if fromCache { cached += 1 }
            audioSeconds += seconds
            if mode == .json {
                emit(["event": "segment", "chapter": chapter, "cached": fromCache, "done": done, "total": totalSegments])
            }
            draw()
        }
    }

    func chapterSkipped(_ chapter: PlannedChapter, seconds: Double) {
        lock.withLock {
            done += chapter.segments.count
            cached += chapter.segments.count
            audioSeconds += seconds
            emit(["event": "chapter-reused", "chapter": chapter.index, "title": chapter.title])
            draw()
        }
    }

    func chapterFinished(_ chapter: PlannedChapter, file: String?, error: String?) {
        lock.withLock {
            var event: [String: Any] = ["event": error == nil ? "chapter-written" : "chapter-failed", "chapter": chapter.index]
            if let file { event["file"] = file }
            if let error { event["error"] = error }
            emit(event)
        }
    }

    /// Clears the live line before the summary.
    func finish() {
        lock.withLock { if live { Diagnostics.write("\r\u{1B}[K") } }
    }

    private func draw() {
        guard live, Date().timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = Date()
        let elapsed = Date().timeIntervalSince(started)
        let speed = elapsed > 0 ? audioSeconds / elapsed : 0
        let remaining = done > cached ? elapsed / Double(done) * Double(totalSegments - done) : 0
        let line = "[\(current.prefix(32))] \(done)/\(totalSegments) segments, \(cached) cached, "
            + "\(String(format: "%.1f", audioSeconds / 60)) min audio, \(String(format: "%.0f", speed))× realtime, ETA \(Duration.clock(remaining))"
        Diagnostics.write("\r\u{1B}[K" + line)
    }

    private func emit(_ event: [String: Any]) {
        guard mode == .json, let data = try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys]) else { return }
        Diagnostics.write(String(decoding: data, as: UTF8.self) + "\n")
    }
}
