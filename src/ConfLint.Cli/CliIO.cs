using System.Text;

namespace ConfLint.Cli;

/// <summary>Where a command writes: standard output as bytes and as text, and standard error.</summary>
public sealed class CliIO
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public CliIO(Stream stdout, TextWriter stderr, bool isTerminal, string workingDirectory)
    {
        Stdout = stdout;
        Out = new StreamWriter(stdout, Utf8NoBom, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n", AutoFlush = false };
        Err = stderr;
        IsTerminal = isTerminal;
        WorkingDirectory = workingDirectory;
    }

    public Stream Stdout { get; }

    public TextWriter Out { get; }

    public TextWriter Err { get; }

    /// <summary>Standard output is a terminal: colour may be used (unless NO_COLOR is set).</summary>
    public bool IsTerminal { get; }

    public string WorkingDirectory { get; }

    /// <summary>Colour on a terminal, never with NO_COLOR set (https://no-color.org).</summary>
    public bool UseColor => IsTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    public static CliIO FromConsole()
    {
        var err = new StreamWriter(Console.OpenStandardError(), Utf8NoBom) { AutoFlush = true, NewLine = "\n" };
        return new CliIO(Console.OpenStandardOutput(), err, !Console.IsOutputRedirected, Environment.CurrentDirectory);
    }

    public void Flush()
    {
        Out.Flush();
        Stdout.Flush();
        Err.Flush();
    }
}
