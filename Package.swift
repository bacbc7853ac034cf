// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "narrate",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "narrate", targets: ["narrate"]),
        .library(name: "NarrateCore", targets: ["NarrateCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The cast and lexicon files are YAML, read by libyaml (see Docs/voices.md for why).
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // Tests only: writes the EPUBs the tests read, an independent ZIP implementation.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
    ],
    targets: [
        // One system-library target per C library; each is used by exactly one Swift type.
        .systemLibrary(
            name: "CEspeakNG", pkgConfig: "espeak-ng",
            providers: [.apt(["libespeak-ng-dev"])]),
        .systemLibrary(
            name: "CLame", pkgConfig: "lame",
            providers: [.apt(["libmp3lame-dev"])]),
        .systemLibrary(
            name: "CSndFile", pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CEbur128", pkgConfig: "libebur128",
            providers: [.apt(["libebur128-dev"])]),
        .systemLibrary(
            name: "CSoxr", pkgConfig: "soxr",
            providers: [.apt(["libsoxr-dev"])]),
        // FFmpeg: the native AAC-LC encoder and the MP4 muxer for M4B/M4A (see Docs/outputs.md for why).
        // Declarations only (libavcodec-dev, libavformat-dev, libavutil-dev): MP4File loads the
        // libraries with dlopen when an M4B or M4A is written or read, so no other run maps them.
        .systemLibrary(name: "CFFmpeg"),
        .systemLibrary(
            name: "CLibZ", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        // The shared cache tier's Redis client (Cache/RedisConnection.swift).
        .systemLibrary(
            name: "CHiredis", pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]),
        // sherpa-onnx's C API, declarations only: loaded with dlopen at run time for Piper voices
        // (never linked), so building and the espeak-ng path need nothing from it.
        .systemLibrary(name: "CSherpaOnnx"),
        // C that is code rather than a wrapper: the espeak-ng worker process (fork, pipes, the
        // synthesis loop), which must run without the Swift runtime. Used by SynthesisWorkerPool.
        .target(name: "CNarrateWorker", dependencies: ["CEspeakNG"]),
        .target(
            name: "NarrateCore",
            dependencies: [
                "CEspeakNG", "CNarrateWorker", "CLame", "CSndFile", "CSQLite", "CLibZ", "CEbur128", "CSoxr", "CSherpaOnnx", "CHiredis",
                "CFFmpeg",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]),
        .executableTarget(name: "narrate", dependencies: ["NarrateCore"]),
        // Replays fuzz inputs; built with -sanitize=fuzzer by `make fuzz-libfuzzer` it is the libFuzzer target.
        .executableTarget(name: "narrate-fuzz", dependencies: ["NarrateCore"]),
        .testTarget(
            name: "NarrateCoreTests",
            dependencies: ["NarrateCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
