import Foundation

/// glibc gives each thread that meets a locked heap an arena of its own (up to 8 per core), and
/// memory freed in one arena is not reused by another: with the render's chapter, fetching and
/// cache threads that kept about 9 MB more resident for nothing (a cold render of Pride and
/// Prejudice: 96.7 MB peak with the default, 88.2 MB with two arenas, in the same time). Called
/// first thing in `main`, before any thread starts.
///
/// `mallopt` is in `<malloc.h>`, which the Glibc module does not export: it is looked up by name.
func limitMallocArenas() {
    #if os(Linux)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let arenaMax: Int32 = -8  // M_ARENA_MAX in <malloc.h>
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMax, 2)
    #endif
}
