using System.Diagnostics;
using System.Text;
using ConfLint.Cli;

namespace ConfLint.Tests.Support;

/// <summary>
/// Runs the conflint command line as a user would and captures what it prints: in-process, or, when
/// <c>CONFLINT_BINARY</c> names an executable (CI sets it to the native AOT build after publishing it), as that
/// process, so the same tests check the binary that ships.
/// </summary>
public static class CliRunner
{
    public sealed record Output(int ExitCode, string Stdout, string Stderr, byte[] StdoutBytes);

    /// <summary>The native executable the tests run instead of the in-process command line, or null.</summary>
    public static string? Binary => Environment.GetEnvironmentVariable("CONFLINT_BINARY") is { Length: > 0 } path ? path : null;

    public static Output RunIn(string workingDirectory, params string[] args) => RunWith(workingDirectory, null, null, args);

    public static Output Run(params string[] args) => RunIn(Repository.Root, args);

    /// <param name="stdin">Standard input's bytes, or null for none.</param>
    /// <param name="environment">Variables the command sees (NO_COLOR, TERM), or null.</param>
    /// <param name="terminal">In process only: whether standard output counts as a terminal.</param>
    public static Output RunWith(string workingDirectory, byte[]? stdin, IReadOnlyDictionary<string, string>? environment, string[] args, bool terminal = false)
    {
        if (Binary is { } binary && !terminal)
        {
            return RunProcess(binary, workingDirectory, stdin, environment, args);
        }

        using var stdout = new MemoryStream();
        var stderr = new StringWriter { NewLine = "\n" };
        using var input = new MemoryStream(stdin ?? []);
        var io = new CliIO(stdout, stderr, isTerminal: terminal, workingDirectory, input, name => environment?.GetValueOrDefault(name));
        var code = ConfLintCli.Run(args, io);
        var bytes = stdout.ToArray();
        return new Output(code, Encoding.UTF8.GetString(bytes), stderr.ToString(), bytes);
    }

    private static Output RunProcess(string binary, string workingDirectory, byte[]? stdin, IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        var start = new ProcessStartInfo(binary, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("NO_COLOR");
        start.Environment.Remove("TERM");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(stdin ?? []);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{binary} {string.Join(' ', args)} did not finish in 2 minutes");
        }

        copy.Wait();
        var bytes = stdout.ToArray();
        return new Output(process.ExitCode, Encoding.UTF8.GetString(bytes), stderr.Result, bytes);
    }
}
