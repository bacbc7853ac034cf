import ArgumentParser

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
        subcommands: [Render.self, PlanCommand.self, VoicesCommand.self, SayCommand.self, CheckCommand.self, CacheCommand.self],
        defaultSubcommand: Render.self)

    public init() {}
}

/// Runs a command body, turning narrate's errors into one diagnostic line and a sysexits status.
func reportingErrors(_ body: () throws -> Void) throws {
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
