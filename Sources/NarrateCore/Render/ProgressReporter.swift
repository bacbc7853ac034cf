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
public final class ProgressReporter: Sendable {
    /// What has been counted so far, and when the live line was last drawn.
    private struct State {
        var done = 0
        var cached = 0
        var audioSeconds = 0.0
        var current = ""
        var lastDraw = Date.distantPast
    }

    private let mode: ProgressMode
    private let live: Bool
    private let totalSegments: Int
    private let started = Date()
    private let state = Locked(State())

    public init(mode: ProgressMode, totalSegments: Int, isTerminal: Bool = Diagnostics.isTerminal) {
        self.mode = mode
        self.totalSegments = totalSegments
        live = mode == .auto && isTerminal
    }

    func chapterStarted(_ chapter: PlannedChapter) {
        state.withLock { state in
            state.current = "\(chapter.index): \(chapter.title)"
            emit(["event": "chapter-started", "chapter": chapter.index, "title": chapter.title, "segments": chapter.segments.count])
        }
    }

    func segmentDone(chapter: Int, fromCache: Bool, seconds: Double) {
        state.withLock { state in
            state.done += 1
            if fromCache { state.cached += 1 }
            state.audioSeconds += seconds
            if mode == .json {
                emit(["event": "segment", "chapter": chapter, "cached": fromCache, "done": state.done, "total": totalSegments])
            }
            draw(&state)
        }
    }

    func chapterSkipped(_ chapter: PlannedChapter, seconds: Double) {
        state.withLock { state in
            state.done += chapter.segments.count
            state.cached += chapter.segments.count
            state.audioSeconds += seconds
            emit(["event": "chapter-reused", "chapter": chapter.index, "title": chapter.title])
            draw(&state)
        }
    }

    func chapterFinished(_ chapter: PlannedChapter, file: String?, error: String?) {
        state.withLock { _ in
            var event: [String: Any] = ["event": error == nil ? "chapter-written" : "chapter-failed", "chapter": chapter.index]
            if let file { event["file"] = file }
            if let error { event["error"] = error }
            emit(event)
        }
    }

    /// Clears the live line before the summary.
    func finish() {
        state.withLock { _ in if live { Diagnostics.write("\r\u{1B}[K") } }
    }

    /// Redraws the live line, at most ten times a second (called under the lock).
    private func draw(_ state: inout State) {
        guard live, Date().timeIntervalSince(state.lastDraw) >= 0.1 else { return }
        state.lastDraw = Date()
        let elapsed = Date().timeIntervalSince(started)
        let speed = elapsed > 0 ? state.audioSeconds / elapsed : 0
        let remaining = state.done > state.cached ? elapsed / Double(state.done) * Double(totalSegments - state.done) : 0
        let line = "[\(state.current.prefix(32))] \(state.done)/\(totalSegments) segments, \(state.cached) cached, "
            + "\(String(format: "%.1f", state.audioSeconds / 60)) min audio, \(String(format: "%.0f", speed))× realtime, ETA \(TimeFormat.clock(remaining))"
        Diagnostics.write("\r\u{1B}[K" + line)
    }

    private func emit(_ event: [String: Any]) {
        guard mode == .json, let data = try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys]) else { return }
        Diagnostics.write(String(decoding: data, as: UTF8.self) + "\n")
    }
}
