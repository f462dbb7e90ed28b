using System.Diagnostics;

namespace ConfLint.Tests.Support;

/// <summary>
/// Runs <c>conflint</c> as its own process, with a hard time limit: for hostile inputs, where a hang must fail the
/// test rather than block the run (the process and its children are killed), and for signals and crashes, which
/// an in-process run cannot take.
/// </summary>
public static class ConflintProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, bool TimedOut, TimeSpan Elapsed)
    {
        public string Output => Stdout + Stderr;
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "conflint.dll");

    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        // The native build when CONFLINT_BINARY names it (CI), else the framework-dependent build through dotnet.
        var start = CliRunner.Binary is { } binary ? new ProcessStartInfo(binary, args) : new ProcessStartInfo(DotnetHost, [Dll, .. args]);
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        // No diagnostics socket in the temporary folder: tests look there for what conflint leaves behind.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    public static Result Run(string workingDirectory, TimeSpan timeout, params string[] args) => Run(workingDirectory, timeout, null, args);

    public static Result Run(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(StartInfo(workingDirectory, args, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new Result(-1, stdout.Result, stderr.Result, true, watch.Elapsed);
        }

        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result, false, watch.Elapsed);
    }
}
