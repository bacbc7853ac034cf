import CSQLite
import Foundation

/// Errors from the SQLite layer, naming the operation and SQLite's own message.
public struct SQLiteError: Error, CustomStringConvertible, Equatable {
    public var code: Int32
    public var operation: String
    public var message: String

    public var description: String { "\(operation): \(message) (SQLite code \(code))" }

    /// The database file is damaged or is not a database at all.
    public var isCorruption: Bool { code & 0xFF == SQLITE_CORRUPT || code & 0xFF == SQLITE_NOTADB }

    /// Another connection holds a lock this one needs (after the busy timeout, or at once where
    /// SQLite cannot wait without risking a deadlock).
    public var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }

    /// The file or its folder cannot be written (or opened at all).
    public var isNotWritable: Bool { [SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH].contains(code & 0xFF) }

    /// The disk (or the file-size limit) is full.
    public var isFull: Bool { code & 0xFF == SQLITE_FULL }
}

/// A value bound to or read from a statement.
public enum SQLiteValue: Equatable, Sendable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null

    public var integer: Int64 { if case let .integer(v) = self { return v }; if case let .real(v) = self { return Int64(v) }; return 0 }
    public var real: Double { if case let .real(v) = self { return v }; if case let .integer(v) = self { return Double(v) }; return 0 }
    public var text: String? { if case let .text(v) = self { return v }; return nil }
    public var blob: [UInt8]? { if case let .blob(v) = self { return v }; return nil }
}

/// One result row: its values by column name (`row["samples"]`), as the statement named them
/// (`AS` for expressions), or by position as a collection.
public struct SQLiteRow: RandomAccessCollection, Sendable {
    /// The statement's column names, shared by all its rows.
    public let columns: [String]
    public let values: [SQLiteValue]

    public var startIndex: Int { values.startIndex }
    public var endIndex: Int { values.endIndex }
    public subscript(position: Int) -> SQLiteValue { values[position] }

    /// The value of the column named `name`; a name the statement does not have is a bug in
    /// its SQL, so it stops with a message naming the columns there are.
    public subscript(name: String) -> SQLiteValue {
        guard let index = columns.firstIndex(of: name) else {
            preconditionFailure("no column \"\(name)\" in a row of \(columns)")
        }
        return values[index]
    }
}

/// The one owner of a libsqlite3 connection. Not thread-safe by itself: `SegmentCache` serialises
/// access. Every return code goes through `check`.
public final class SQLiteDatabase {
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    public let path: String

    /// Opens the database at `path`, creating it if needed unless `create` is false. The busy
    /// timeout is set before anything reads the file (opening itself reads nothing).
    public init(path: String, readOnly: Bool = false, create: Bool = true, busyTimeoutMilliseconds: Int32 = 15_000) throws {
        self.path = path
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0))
        let code = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        if code != SQLITE_OK {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(handle)
            handle = nil
            throw SQLiteError(code: code, operation: "open \(path)", message: message)
        }
        try check(sqlite3_busy_timeout(handle, busyTimeoutMilliseconds), "busy_timeout")
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit { close() }

    public func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
        if handle != nil { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs one or more statements without results.
    public func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &error)
        defer { sqlite3_free(error) }
        if code != SQLITE_OK {
            throw SQLiteError(code: code, operation: sql.prefix(60).description, message: error.map { String(cString: $0) } ?? "")
        }
    }

    /// Runs a (cached) prepared statement with parameters and returns all rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [SQLiteValue] = []) throws -> [SQLiteRow] {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in parameters.enumerated() {
            let position = Int32(index + 1)
            let code: Int32
            switch value {
            case let .integer(v): code = sqlite3_bind_int64(statement, position, v)
            case let .real(v): code = sqlite3_bind_double(statement, position, v)
            case let .text(v): code = sqlite3_bind_text(statement, position, v, -1, narrate_sqlite_transient())
            case let .blob(v):
                code = v.withUnsafeBytes { sqlite3_bind_blob(statement, position, $0.baseAddress, Int32($0.count), narrate_sqlite_transient()) }
            case .null: code = sqlite3_bind_null(statement, position)
            }
            try check(code, "bind \(sql.prefix(40))")
        }
        var rows: [SQLiteRow] = []
        var columns: [String]?
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { try check(code, sql.prefix(60).description); break }
            let count = sqlite3_column_count(statement)
            if columns == nil { columns = (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) } }
            rows.append(SQLiteRow(columns: columns!, values: (0..<count).map { column(statement, $0) }))
        }
        return rows
    }

    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` in a transaction (BEGIN IMMEDIATE, so the write lock is taken up front and a
    /// busy database waits for the busy timeout instead of failing half-way).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil), "prepare \(sql.prefix(60))")
        statements[sql] = statement!
        return statement!
    }

    private func column(_ statement: OpaquePointer, _ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(statement, index)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard count > 0, let pointer = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default: return .null
        }
    }

    /// The one place SQLite return codes become errors.
    private func check(_ code: Int32, _ operation: String) throws {
        guard code != SQLITE_OK else { return }
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        throw SQLiteError(code: code, operation: operation, message: message)
    }
}
