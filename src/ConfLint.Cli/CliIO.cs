using System.Text;

namespace ConfLint.Cli;

/// <summary>Where a command reads and writes: standard input, standard output as bytes and as text, standard error, and
/// the environment it looks at (colour).</summary>
public sealed class CliIO
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Func<string, string?> _environment;

    public CliIO(Stream stdout, TextWriter stderr, bool isTerminal, string workingDirectory, Stream? stdin = null, Func<string, string?>? environment = null)
    {
        Stdout = stdout;
        // 8,192 characters: the writer's two buffers (16 KB of characters, 24 KB of bytes) stay below the large object
        // heap, whose fresh pages every run, even --version, would otherwise touch (a 64 Ki buffer cost 80 page faults).
        Out = new StreamWriter(stdout, Utf8NoBom, bufferSize: 1 << 13, leaveOpen: true) { NewLine = "\n", AutoFlush = false };
        Err = stderr as TerminalSafeWriter ?? new TerminalSafeWriter(stderr);
        IsTerminal = isTerminal;
        WorkingDirectory = workingDirectory;
        Stdin = stdin ?? Stream.Null;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public Stream Stdout { get; }

    public TextWriter Out { get; }

    public TextWriter Err { get; }

    public Stream Stdin { get; }

    /// <summary>Standard output is a terminal: colour may be used (unless NO_COLOR is set or TERM is dumb).</summary>
    public bool IsTerminal { get; }

    public string WorkingDirectory { get; }

    /// <summary><c>--color auto</c>: colour on a terminal, never with NO_COLOR set (https://no-color.org) or TERM=dumb.</summary>
    public bool UseColor => IsTerminal && string.IsNullOrEmpty(GetEnvironment("NO_COLOR")) && GetEnvironment("TERM") != "dumb";

    public string? GetEnvironment(string name) => _environment(name);

    public static CliIO FromConsole()
    {
        // Not Console's streams: they set the terminal up first (StandardStream says what that cost).
        var err = new StreamWriter(StandardStream.Error, Utf8NoBom) { AutoFlush = true, NewLine = "\n" };
        return new CliIO(StandardStream.Output, err, StandardStream.Output.IsTerminal, Environment.CurrentDirectory, StandardStream.Input) { OwnsProcess = true };
    }

    /// <summary>Whether the command runs as its own process (the executable), not inside another (the tests): only then
    /// may it set the runtime's process-wide settings, such as the garbage collector's (<c>BulkLoad</c>).</summary>
    public bool OwnsProcess { get; init; }

    public void Flush()
    {
        Out.Flush();
        Stdout.Flush();
        Err.Flush();
    }
}
