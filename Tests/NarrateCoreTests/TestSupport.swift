import Foundation
@testable import NarrateCore

/// Paths and helpers shared by the tests.
enum TestSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func corpus(_ path: String) -> URL {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/\(path)")
    }

    static func fixture(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!
    }

    static func manifest(in directory: URL) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: directory.appendingPathComponent("manifest.json")))
    }

    static func readBook(_ url: URL, title: String? = nil) throws -> Book {
        try PlainTextReader(options: .init(title: title, fallbackTitle: url.deletingPathExtension().lastPathComponent))
            .read(Array(try Data(contentsOf: url)), name: url.path)
    }

    static func book(_ text: String) -> Book {
        PlainTextReader(options: .init(fallbackTitle: "Fallback")).read(text: text)
    }

    /// The narrate binary built beside the test bundle.
    static var narrate: URL {
        let besideTests = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("narrate")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("narrate")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/narrate")
    }

    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs an executable, feeding `stdin`, and waits for it; `environment` adds variables.
    static func run(_ executable: URL, _ arguments: [String], stdin: Data? = nil, cwd: URL? = nil,
                    environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = isolatedEnvironment().merging(environment) { $1 }
        if let cwd { process.currentDirectoryURL = cwd }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let writer = Thread {
            if let stdin { input.fileHandleForWriting.write(stdin) }
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        // Read both pipes concurrently so a full stderr pipe cannot block the child.
        nonisolated(unsafe) var errData = Data()
        let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errReader.isExecuting || !errReader.isFinished { usleep(1000) }
        return Result(status: process.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
    }

    static func narrate(_ arguments: [String], stdin: Data? = nil, cwd: URL? = nil) throws -> Result {
        try run(narrate, arguments, stdin: stdin, cwd: cwd)
    }

    /// Starts narrate without waiting (for kill and concurrency tests); output goes to files in `dir`.
    static func start(_ arguments: [String], environment: [String: String] = [:], logs dir: URL) throws -> Process {
        let process = Process()
        process.executableURL = narrate
        process.arguments = arguments
        process.environment = isolatedEnvironment().merging(environment) { $1 }
        FileManager.default.createFile(atPath: dir.appendingPathComponent("stdout").path, contents: nil)
        FileManager.default.createFile(atPath: dir.appendingPathComponent("stderr").path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: dir.appendingPathComponent("stdout"))
        process.standardError = try FileHandle(forWritingTo: dir.appendingPathComponent("stderr"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The run report narrate printed with --json.
    static func report(_ data: Data) throws -> RunReport {
        try JSONDecoder().decode(RunReport.self, from: data)
    }

    /// The first chapters of Alice in Wonderland (up to chapter `upTo`), as a manuscript.
    static func aliceOpening(upTo marker: String = "CHAPTER III.\nA Caucus-Race") throws -> String {
        let full = try String(contentsOf: corpus("text/alice-in-wonderland_pg11.txt"), encoding: .utf8)
        let cut = full.range(of: marker)!
        return String(full[..<cut.lowerBound])
    }

    /// The environment with a cache of its own, so tests never share the user's cache or each other's.
    static func isolatedEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = scratchRoot.appendingPathComponent("narrate-tests-cache-\(UUID().uuidString)").path
        environment["NARRATE_CACHE"] = nil
        environment["NARRATE_TEST_FAULT"] = nil
        return environment
    }

    /// Processes (other than pgrep itself) whose command line mentions `text`. Synthesis workers
    /// are forks of narrate and share its command line, so after narrate exits there must be none.
    static func processesMentioning(_ text: String) throws -> [String] {
        usleep(200_000)  // workers exit as soon as their pipe closes; give the scheduler a moment
        let result = try run(URL(fileURLWithPath: "/usr/bin/pgrep"), ["-f", text])
        return result.stdoutText.split(separator: "\n").map(String.init)
    }

    /// A new empty folder, removed with everything in it when the test process exits.
    static func temporaryDirectory() throws -> URL {
        let url = scratchRoot.appendingPathComponent("narrate-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The one folder of this test process that every `temporaryDirectory()` and every isolated
    /// cache (`isolatedEnvironment()`) goes in; created on first use and removed at exit.
    static var scratchRoot: URL { scratch.root }

    private static let scratch: (root: URL, owner: pid_t) = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("narrate-tests-\(getpid())-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit {
            // Only the process that made it: a forked child that exits must not remove it.
            guard getpid() == TestSupport.scratch.owner else { return }
            try? FileManager.default.removeItem(at: TestSupport.scratch.root)
        }
        return (root, getpid())
    }()

    /// ffprobe's view of a media file: format duration and tags, first stream's parameters.
    struct Probe {
        var duration: Double
        var sampleRate: Int
        var channels: Int
        var codec: String
        var tags: [String: String]
    }

    static func ffprobe(_ url: URL) throws -> Probe {
        let result = try run(URL(fileURLWithPath: "/usr/bin/ffprobe"), [
            "-v", "error", "-show_entries", "format=duration:format_tags:stream=sample_rate,channels,codec_name",
            "-of", "json", url.path,
        ])
        let json = try JSONSerialization.jsonObject(with: result.stdout) as! [String: Any]
        let format = json["format"] as! [String: Any]
        let stream = (json["streams"] as! [[String: Any]])[0]
        return Probe(
            duration: Double(format["duration"] as! String)!,
            sampleRate: Int(stream["sample_rate"] as! String)!,
            channels: stream["channels"] as! Int,
            codec: stream["codec_name"] as! String,
            tags: (format["tags"] as? [String: String]) ?? [:])
    }
}
