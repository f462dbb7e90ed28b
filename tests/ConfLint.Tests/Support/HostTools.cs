using System.Diagnostics;

namespace ConfLint.Tests.Support;

/// <summary>Runs programs of this machine (git, patch, the daemons) for tests that compare with the real thing.</summary>
public static class HostTools
{
    public static bool Exists(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Concat(["/usr/sbin", "/sbin"])
            .Any(folder => File.Exists(Path.Combine(folder, name)));

    public static (int ExitCode, string Output) Run(string workingDirectory, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public static bool IsRoot => Environment.UserName == "root";
}
