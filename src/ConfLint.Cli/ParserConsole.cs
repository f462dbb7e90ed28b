using McMaster.Extensions.CommandLineUtils;

namespace ConfLint.Cli;

/// <summary>
/// The console the command-line parser is given: conflint's own writers. The library's default console reads
/// <see cref="Console.Out"/> when the parser is made, which detects the terminal's encoding (0.7 ms of a native
/// one-file run) for a writer conflint never uses.
/// </summary>
internal sealed class ParserConsole(TextWriter output, TextWriter error, bool isTerminal) : IConsole
{
    public event ConsoleCancelEventHandler? CancelKeyPress
    {
        add { }
        remove { }
    }

    public TextWriter Out => output;

    public TextWriter Error => error;

    public TextReader In => TextReader.Null;

    public bool IsInputRedirected => true;

    public bool IsOutputRedirected => !isTerminal;

    public bool IsErrorRedirected => !isTerminal;

    public ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public void ResetColor()
    {
    }
}
