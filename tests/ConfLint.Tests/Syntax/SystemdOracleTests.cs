using System.Diagnostics;
using System.Text.RegularExpressions;
using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;
using ConfLint.Tests.Support;
using static ConfLint.Tests.Support.Parsing;

namespace ConfLint.Tests.Syntax;

/// <summary>
/// systemd itself as the oracle: <c>systemd-analyze verify</c> echoes the logical value of a setting it cannot
/// use ("Failed to parse kill mode specification, ignoring: VALUE"), so tricky continued lines can be checked
/// against what systemd really reads.
/// </summary>
public partial class SystemdOracleTests
{
    private const string Unit =
        "[Service]\nExecStart=/bin/true\n" +
        "KillMode=a \\\n  b\n" +
        "KillMode=a\\\n# c\n; d\n  b\n" +
        "KillMode=x\\\\\n" +
        "KillMode=y\\ \n" +
        "KillMode=z\\\\\\\nq\n" +
        "KillMode=\\\n\\\nend\n" +
        "KillMode=p \\\r\n r\r\n" +
        "KillMode=tab\t\\\n\tq\n" +
        "KillMode=  lead and trail  \n" +
        "KillMode=#notcomment ;x\n" +
        "Kill\\\nMode=joined key\n" +
        "  \\\nKillMode = after a line of blanks and a backslash\n" +
        "KillMode=eof \\";

    [Fact]
    public void Logical_values_and_keys_are_the_ones_systemd_reads()
    {
        var file = (SystemdUnitFile)RoundTrip(ConfigKind.Systemd, Unit).Root;
        var entries = file.Sections[0].Entries;
        var expectedValues = entries.Where(e => e.Key == "KillMode").Select(e => e.Value).ToList();
        Assert.Equal(12, expectedValues.Count);
        Assert.Contains(entries, e => e.Key == "Kill Mode");

        var output = RunVerify(Unit);
        if (output is null)
        {
            return;
        }

        var systemdValues = ValueEcho().Matches(output).Select(m => m.Groups[1].Value.TrimEnd('\r')).ToList();
        Assert.Equal(expectedValues, systemdValues);
        Assert.Contains("Unknown key 'Kill Mode' in section [Service]", output);
    }

    /// <summary>The messages of <c>systemd-analyze verify</c> on a unit with this text, or null (after a skip)
    /// where systemd-analyze is not installed; under CI it must be.</summary>
    private static string? RunVerify(string text)
    {
        const string tool = "/usr/bin/systemd-analyze";
        if (!System.IO.File.Exists(tool))
        {
            Assert.False(Repository.IsCI, "systemd-analyze is missing under CI");
            Assert.Skip("systemd-analyze is not installed");
        }

        var folder = Directory.CreateTempSubdirectory("conflint-oracle-");
        try
        {
            var path = Path.Combine(folder.FullName, "oracle.service");
            System.IO.File.WriteAllText(path, text);
            var start = new ProcessStartInfo(tool, ["verify", path]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(60_000), "systemd-analyze verify did not finish");
            return stdout + stderr.Result;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"Failed to parse kill mode specification, ignoring: ([^\n]*)")]
    private static partial Regex ValueEcho();
}
