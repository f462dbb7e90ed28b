using System.Text;
using ConfLint.Cli;

namespace ConfLint.Tests.Support;

/// <summary>Runs the conflint command line in-process, as a user would, and captures what it prints.</summary>
public static class CliRunner
{
    public sealed record Output(int ExitCode, string Stdout, string Stderr, byte[] StdoutBytes);

    public static Output RunIn(string workingDirectory, params string[] args)
    {
        using var stdout = new MemoryStream();
        var stderr = new StringWriter { NewLine = "\n" };
        var io = new CliIO(stdout, stderr, isTerminal: false, workingDirectory);
        var code = ConfLintCli.Run(args, io);
        var bytes = stdout.ToArray();
        return new Output(code, Encoding.UTF8.GetString(bytes), stderr.ToString(), bytes);
    }

    public static Output Run(params string[] args) => RunIn(Repository.Root, args);
}
