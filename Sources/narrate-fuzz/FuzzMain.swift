import Foundation
import NarrateCore

// Built two ways. With `make fuzz-libfuzzer` (-sanitize=fuzzer -D NARRATE_LIBFUZZER) it is a
// libFuzzer binary for the target named by NARRATE_FUZZ_TARGET (xhtml, epub or text). Built
// normally it replays files: `narrate-fuzz TARGET FILE...`, e.g. a crash libFuzzer saved.

#if NARRATE_LIBFUZZER
let fuzzTarget: FuzzTargets.Target = {
    let name = ProcessInfo.processInfo.environment["NARRATE_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTargets.Target(rawValue: name) else {
        fatalError("set NARRATE_FUZZ_TARGET to one of: \(FuzzTargets.Target.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return target
}()

/// libFuzzer's driver. SwiftPM links executables with their own `main`, so narrate-fuzz's main
/// hands control to libFuzzer instead of relying on libFuzzer's `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.run(fuzzTarget, data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

@main
struct LibFuzzerMain {
    static func main() {
        _ = fuzzTarget
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
    }
}
#else
@main
struct ReplayFuzzInputs {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTargets.Target(rawValue: name), arguments.count > 1 else {
            FileHandle.standardError.write(Data("usage: narrate-fuzz xhtml|epub|text|config FILE...\n".utf8))
            exit(64)
        }
        for path in arguments.dropFirst() {
            FuzzTargets.run(target, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            print("ok \(path)")
        }
    }
}
#endif
