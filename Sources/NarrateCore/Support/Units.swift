/// Parsing of sizes ("500MB", "2GiB", "1048576") and ages ("30d", "12h") given on the command line.
public enum Units {
    /// Bytes from a size: a number with an optional unit B, KB/MB/GB/TB (powers of 1000) or
    /// KiB/MiB/GiB/TiB (powers of 1024); K/M/G/T alone mean the binary units. Nil for anything
    /// else, and for sizes beyond `Int.max` (8 EiB).
    public static func bytes(_ text: String) -> Int? {
        if case let .bytes(bytes) = parseSize(text) { return bytes }
        return nil
    }

    /// Why `text` is not a size, for a message about the option or variable that gave it; nil
    /// when it is one.
    public static func sizeProblem(_ text: String) -> String? {
        switch parseSize(text) {
        case .bytes: return nil
        case .tooLarge: return "'\(text)' is too large (at most 8 EiB); use e.g. 500MB or 2GiB"
        case .invalid: return "'\(text)' is not a size; use e.g. 500MB or 2GiB"
        }
    }

    private enum ParsedSize { case bytes(Int), tooLarge, invalid }

    private static func parseSize(_ text: String) -> ParsedSize {
        let trimmed = text.trimmingWhitespace()
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        guard let value = Double(number), value >= 0 else { return .invalid }
        let unit = String(trimmed.dropFirst(number.count)).trimmingWhitespace().lowercased()
        let factors: [String: Double] = [
            "": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
            "k": 1024, "m": 1_048_576, "g": 1_073_741_824, "t": 1_099_511_627_776,
            "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
        ]
        guard let factor = factors[unit] else { return .invalid }
        let bytes = value * factor
        // Int(Double) traps at 2^63 and beyond (the first Double above Int.max).
        guard bytes.isFinite, bytes < 9_223_372_036_854_775_808.0 else { return .tooLarge }
        return .bytes(Int(bytes))
    }

    /// Seconds from an age: a number with s, m, h, d or w.
    public static func seconds(_ text: String) -> Int? {
        let trimmed = text.trimmingWhitespace().lowercased()
        let number = trimmed.prefix { $0.isNumber }
        guard let value = Int(number) else { return nil }
        let factors = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        guard let factor = factors[String(trimmed.dropFirst(number.count))] else { return nil }
        let (seconds, overflow) = value.multipliedReportingOverflow(by: factor)
        return overflow ? nil : seconds
    }

    /// "1.2 GB", "340 KB".
    public static func describe(bytes: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var index = 0
        while value >= 1000, index < units.count - 1 { value /= 1000; index += 1 }
        return index == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[index])
    }
}
