import Foundation

/// How narrate recognises its own cache file before changing anything in it.
///
/// A path is used as a cache when it does not exist, is an empty (0-byte) file, or is an SQLite
/// database that is a narrate cache: `PRAGMA application_id` is narrate's, or (caches made
/// before narrate set it) the id is 0, `user_version` is a schema narrate knows and the tables
/// are exactly `segments` and `runs`. An SQLite database with no tables and no ids at all holds
/// nothing and is also used. Anything else is another program's file and is left untouched.
enum CacheFile {
    /// `PRAGMA application_id` of a narrate cache: "NARR" in ASCII.
    static let applicationID: Int64 = 0x4E41_5252

    /// What the first bytes of the file say, read without SQLite (so nothing is changed).
    enum Header: Equatable {
        case absent
        case directory
        /// A 0-byte file: nothing to lose.
        case empty
        case notSQLite
        /// An SQLite database; the application id from the header (bytes 68–71).
        case sqlite(applicationID: Int64)
    }

    static func header(_ url: URL) -> Header {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return .absent }
        if isDirectory.boolValue { return .directory }
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return .notSQLite }
        defer { try? handle.close() }
        let bytes = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        if bytes.isEmpty { return .empty }
        guard bytes.count == 100, bytes.starts(with: Array("SQLite format 3\0".utf8)) else { return .notSQLite }
        return .sqlite(applicationID: bytes[68..<72].reduce(Int64(0)) { $0 << 8 | Int64($1) })
    }

    /// What an open database holds, decided inside a transaction (so a cache another process is
    /// creating is seen either before or after, never half made).
    enum Contents: Equatable {
        /// Nothing yet: make it a cache.
        case fresh
        /// A narrate cache at this schema version (≤ `SegmentCache.schemaVersion`).
        case narrate(version: Int64)
    }

    /// Recognises narrate's cache, or throws `CacheError.notACache` / `.newerSchema`.
    static func recognise(_ database: SQLiteDatabase) throws -> Contents {
        let path = database.path
        let id = try database.query("PRAGMA application_id").first?["application_id"].integer ?? 0
        let version = try database.query("PRAGMA user_version").first?["user_version"].integer ?? 0
        let objects = try database.query("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
            .map { (type: $0["type"].text ?? "", name: $0["name"].text ?? "") }
        let tables = objects.filter { $0.type == "table" }.map(\.name)
        if id == applicationID {
            if version > SegmentCache.schemaVersion { throw CacheError.newerSchema(path: path, version: version) }
            return version == 0 ? .fresh : .narrate(version: version)
        }
        if id != 0 {
            throw CacheError.notACache(path: path, what: "an SQLite database of another program, application id \(String(format: "0x%08X", id))")
        }
        if objects.isEmpty && version == 0 { return .fresh }
        let others = objects.filter { !(["segments", "runs"].contains($0.name) && $0.type == "table") && $0.name != "segments_last_used" }
        if (1...SegmentCache.schemaVersion).contains(version) && Set(tables) == ["segments", "runs"] && others.isEmpty {
            return .narrate(version: version)
        }
        let named = tables.isEmpty ? "no tables, user_version \(version)" : "tables " + tables.prefix(3).joined(separator: ", ") + (tables.count > 3 ? ", …" : "")
        throw CacheError.notACache(path: path, what: "an SQLite database of another program: \(named)")
    }
}
