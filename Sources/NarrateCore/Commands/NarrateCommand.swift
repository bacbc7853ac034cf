import ArgumentParser
import Foundation

/// The root command: `narrate render|plan …`.
public struct NarrateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "narrate",
        abstract: "Render books into audiobooks, offline.",
        discussion: """
            Reads a plain-text manuscript (Project Gutenberg files and Markdown-style headings \
            included), splits it into chapters and sentences, speaks it with espeak-ng and writes \
            one tagged MP3 per chapter, a playlist and a manifest.
            """,
        version: NarrateVersion.string,
        subcommands: [RenderCommand.self, PlanCommand.self, VoicesCommand.self, SayCommand.self, CheckCommand.self, CacheCommand.self],
        defaultSubcommand: RenderCommand.self)

    public init() {}

    /// swift-argument-parser's `main`, except that a usage error is one line on stderr
    /// ("narrate: error: …", exit 64) instead of the message, the usage and a help hint.
    public static func main() async {
        limitMallocArenas()
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as ExitCode {
            exit(withError: error)  // already reported
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            let message = message(for: error).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("Usage:") && !$0.hasPrefix("See '") && !$0.hasPrefix("Help:") }
            Diagnostics.error(message.joined(separator: "; "))
            exit(withError: ExitCode.validationFailure)
        }
    }
}

/// Runs a command body, turning narrate's errors into one diagnostic line and a sysexits status.
/// Its synthesis workers are reaped when it ends, whichever way.
func reportingErrors(_ body: () throws -> Void) throws {
    defer { ESpeakEngine.retireWorkers() }
    do {
        try body()
    } catch let error as NarrateError {
        Diagnostics.error(error.description)
        throw ExitCode(error.exitStatus.rawValue)
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {  // a usage mistake only `run` can see (`say "…"`)
        Diagnostics.error(error.message)
        throw ExitCode(ExitStatus.usage.rawValue)
    } catch {
        Diagnostics.error(InternalError(String(describing: error)).description)
        throw ExitCode(ExitStatus.software.rawValue)
    }
}
