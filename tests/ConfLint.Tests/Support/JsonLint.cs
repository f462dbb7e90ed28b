using System.Text.Json;

namespace ConfLint.Tests.Support;

/// <summary>The command line's JSON report and --verbose notes for a test tree, and the fields tests read from a
/// finding: one helper for the rule test classes that lint a tree and look at its findings.</summary>
public static class JsonLint
{
    /// <summary>The findings of <c>lint --format json</c> for the rules selected (exit code 0 or 1, else the test fails
    /// with the command's standard error).</summary>
    public static List<JsonElement> Findings(TempTree tree, string select = "CL001", params string[] extra)
    {
        var output = CliRunner.Run(["lint", "--root", tree.Root, "--select", select, "--format", "json", .. extra]);
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var report = JsonDocument.Parse(output.Stdout);
        return report.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.Clone()).ToList();
    }

    /// <summary>What <c>lint --verbose</c> prints for the rules selected: its findings and its notes.</summary>
    public static string Verbose(TempTree tree, string select = "CL001")
    {
        var output = CliRunner.Run(["lint", "--root", tree.Root, "--select", select, "--verbose"]);
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout + output.Stderr;
    }

    public static string Message(JsonElement finding) => finding.GetProperty("message").GetString()!;

    /// <summary>A finding's <c>path:line</c>.</summary>
    public static string At(JsonElement finding) => $"{finding.GetProperty("path").GetString()}:{finding.GetProperty("line").GetInt32()}";

    /// <summary>A finding's related locations as <c>path:line</c>; empty where it has none.</summary>
    public static List<string> RelatedAt(JsonElement finding) => finding.TryGetProperty("related", out var related)
        ? related.EnumerateArray().Select(r => $"{r.GetProperty("path").GetString()}:{r.GetProperty("line").GetInt32()}").ToList()
        : [];
}
