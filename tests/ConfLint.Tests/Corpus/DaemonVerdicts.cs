using System.Diagnostics;

namespace ConfLint.Tests.Corpus;

/// <summary>Runs fixtures/corpus/check-daemons.sh on a root and reads each check's verdict (its <c>== CHECK</c> line and
/// the <c>=&gt; ok</c> or <c>=&gt; failed</c> line that ends it).</summary>
public static class DaemonVerdicts
{
    public static Dictionary<string, bool> Of(string script, string root)
    {
        var start = new ProcessStartInfo("bash", [script, root]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        string? check = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("== ", StringComparison.Ordinal))
            {
                check = line[3..];
            }
            else if (check is not null && line.TrimStart().StartsWith("=> ", StringComparison.Ordinal))
            {
                verdicts[check] = line.Trim() == "=> ok";
                check = null;
            }
        }

        Assert.True(verdicts.Count > 0, $"check-daemons.sh gave no verdict for {root}:\n{output}\n{error.Result}");
        return verdicts;
    }
}
