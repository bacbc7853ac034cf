import CNarrateWorker
import Foundation

/// Worker processes that synthesize for `ESpeakEngine`: forks them (`Sources/CNarrateWorker`),
/// moves `WorkerProtocol` frames through their pipes with a deadline, and replaces broken ones.
///
/// Workers are forked lazily from this process's freshly initialised espeak-ng, at most one per
/// concurrent caller, kept warm for the run, and each forks one grandchild per segment from its
/// own pristine state. A worker that crashes or hangs is killed and replaced.
final class SynthesisWorkerPool: Sendable {
    /// Workers waiting for a request; a checked-out worker belongs to its caller alone.
    private let idle = Locked<[Worker]>([])

    struct Worker {
        var pid: pid_t
        var request: Int32
        var response: Int32
    }

    init() {
        // A worker that dies (a crash, or `kill -9` by a user) closes its pipes: writing to it
        // must be an EPIPE error that `run` treats as a failed worker, not a SIGPIPE that kills
        // narrate with the rest of the book. (Standard output streaming handles EPIPE itself.)
        signal(SIGPIPE, SIG_IGN)
    }

    deinit { retireIdle() }

    /// Closes every idle worker's pipes and waits for it to exit, so that its CPU time is counted
    /// as narrate's (`time narrate …`) and no worker outlives the command. A worker checked out
    /// by a caller is left alone.
    func retireIdle() {
        for worker in idle.withLock({ workers in defer { workers = [] }; return workers }) { Self.retire(worker) }
    }

    /// Sends one request to a worker and returns its answer. Throws `workerFailed` when the
    /// worker does not answer within `timeout` seconds or its answer is cut short.
    func run(_ request: WorkerProtocol.Request, timeout: Double) throws -> WorkerProtocol.Response {
        let frame = request.frame
        var (worker, reused) = try checkout()
        var sent = false
        if reused {
            // An idle worker may have died while waiting (killed from outside): then the request
            // never reached it, and a fresh worker takes it without counting as a retry.
            sent = (try? Self.send(frame, to: worker)) != nil
            if !sent {
                Self.retire(worker, kill: true)
                worker = try spawn()
            }
        }
        do {
            if !sent { try Self.send(frame, to: worker) }
            let response = try Self.receive(from: worker, timeout: timeout)
            idle.withLock { $0.append(worker) }
            return response
        } catch {
            Self.retire(worker, kill: true)
            worker.pid = -1
            throw error
        }
    }

    private func checkout() throws -> (Worker, reused: Bool) {
        if let worker = idle.withLock({ $0.popLast() }) { return (worker, true) }
        return (try spawn(), false)
    }

    private func spawn() throws -> Worker {
        var request: Int32 = -1, response: Int32 = -1
        let pid = narrate_spawn_worker(&request, &response)
        guard pid > 0 else { throw SynthesisError.failed(operation: "fork", reason: String(cString: strerror(errno))) }
        return Worker(pid: pid, request: request, response: response)
    }

    private static func send(_ frame: [UInt8], to worker: Worker) throws {
        let ok = frame.withUnsafeBytes { writeAll($0, to: worker.request) }
        guard ok else { throw SynthesisError.workerFailed(reason: "the synthesis worker stopped accepting work") }
    }

    /// Writes all of `bytes`, retrying after signals; false when the pipe is broken.
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
        var written = 0
        while written < bytes.count {
            let n = write(fd, bytes.baseAddress! + written, bytes.count - written)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            written += n
        }
        return true
    }

    private static func receive(from worker: Worker, timeout: Double) throws -> WorkerProtocol.Response {
        let deadline = Date().addingTimeInterval(timeout)
        var bytes = [UInt8]()
        guard try readExactly(WorkerProtocol.ResponseHeader.size, from: worker.response, deadline: deadline, into: &bytes) else {
            throw SynthesisError.workerFailed(reason: "timed out after \(Int(timeout)) s")
        }
        let header = WorkerProtocol.ResponseHeader(bytes)
        guard try readExactly(header.length, from: worker.response, deadline: deadline, into: &bytes) else {
            throw SynthesisError.workerFailed(reason: "timed out after \(Int(timeout)) s")
        }
        return WorkerProtocol.Response(header: header, body: bytes)
    }

    /// Reads `count` bytes; false on timeout; throws when the worker is gone.
    private static func readExactly(_ count: Int, from fd: Int32, deadline: Date, into buffer: inout [UInt8]) throws -> Bool {
        buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return false }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(min(remaining, 1) * 1000) + 1)
            if ready < 0, errno == EINTR { continue }
            if ready <= 0 { continue }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, count - filled) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw SynthesisError.workerFailed(reason: "the synthesis worker exited unexpectedly") }
            filled += n
        }
        return true
    }

    /// Closes a worker's pipes (it exits on end of file) and reaps it; `kill` for a stuck one.
    private static func retire(_ worker: Worker, kill force: Bool = false) {
        if force { kill(worker.pid, SIGKILL) }
        close(worker.request)
        close(worker.response)
        var status: Int32 = 0
        while waitpid(worker.pid, &status, 0) < 0, errno == EINTR {}
    }
}
