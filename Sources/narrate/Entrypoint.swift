import NarrateCore

/// The executable is only an entry point: every command lives in NarrateCore.
@main
enum Entrypoint {
    static func main() async {
        await NarrateCommand.main()
    }
}
