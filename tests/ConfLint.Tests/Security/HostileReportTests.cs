using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Security;

/// <summary>
/// The report file and the machine formats. A report file that is a second name of another file (a hard link) is
/// not truncated; and what the tree puts in a report (a file name, a directive's text) cannot hide or reorder what
/// a reviewer sees there: control characters and the bidirectional overrides and isolates (Trojan Source's
/// U+202E) are shown as pictures in JUnit, SARIF and GitLab reports, as in the text report.
/// </summary>
public class HostileReportTests
{
    private const string Escape = "\u001b";
    private const string Override = "\u202e";
    private const string Isolate = "\u2066";

    private static readonly string[] Hidden = [Escape, Override, Isolate, "\u202a", "\u2069", "\u0007"];

    private static TempTree BidiTree() => new TempTree()
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include conf.d/*.conf;\n}\n")
        .Write($"etc/nginx/conf.d/a{Override}fnoc.{Escape}[8mx.conf", $"server {{\n    listen 80;\n    location / {{ proxy_pass http://bad{Override}lmth.{Isolate}x{Escape}]0\u0007; }}\n}}\n");

    [Theory]
    [InlineData("junit")]
    [InlineData("sarif")]
    [InlineData("gitlab")]
    [InlineData("text")]
    [InlineData("github")]
    public void Control_and_bidirectional_characters_of_a_tree_are_shown_in_every_report(string format)
    {
        using var tree = BidiTree();
        var result = CliRunner.Run("lint", "--root", tree.Root, "--format", format, "--color", "never");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CL004", result.Stdout);
        foreach (var hidden in Hidden)
        {
            Assert.DoesNotContain(hidden, result.Stdout);
        }

        if (format is "sarif" or "gitlab")
        {
            // Decoded as a dashboard decodes it: still nothing hidden (a JSON escape \u202e is the character itself).
            var text = string.Join("\n", Strings(JsonDocument.Parse(result.Stdout).RootElement));
            foreach (var hidden in Hidden)
            {
                Assert.DoesNotContain(hidden, text);
            }
        }

        Assert.Contains("bad\ufffdlmth.\ufffdx\u241b]0\u2407", result.Stdout);
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value).Append(p.Name)),
        _ => [],
    };

    [Fact]
    public void A_report_file_with_a_second_name_is_not_truncated()
    {
        using var outside = new TempTree().Write("bashrc", "original\n");
        using var repo = new TempTree().Write("nginx/nginx.conf", "events {}\nhttp { server { listen 80; location / { proxy_pass http://nowhere; } } }\n");
        Assert.Equal(0, HostTools.Run(repo.Root, "ln", outside.Path("bashrc"), repo.Path("conflint.sarif")).ExitCode);
        var inTree = CliRunner.RunIn(repo.Root, "lint", "--format", "sarif", "--output", "conflint.sarif");
        Assert.Equal(2, inTree.ExitCode);
        Assert.Contains("--output conflint.sarif", inTree.Stderr);
        Assert.Contains("hard link", inTree.Stderr);
        Assert.Equal("original\n", File.ReadAllText(outside.Path("bashrc")));

        Assert.Equal(0, HostTools.Run(repo.Root, "ln", outside.Path("bashrc"), outside.Path("report.json")).ExitCode);
        var elsewhere = CliRunner.RunIn(repo.Root, "lint", "--format", "json", "--output", outside.Path("report.json"));
        Assert.Equal(2, elsewhere.ExitCode);
        Assert.Equal("original\n", File.ReadAllText(outside.Path("bashrc")));

        // A file of one name is replaced as before.
        File.WriteAllText(repo.Path("lint.txt"), "old report\n");
        Assert.Equal(0, CliRunner.RunIn(repo.Root, "lint", "--output", "lint.txt").ExitCode);
        Assert.Contains("No problems found", File.ReadAllText(repo.Path("lint.txt")));
    }

    [Fact]
    public void A_report_file_in_a_folder_of_the_tree_is_written_there()
    {
        using var repo = new TempTree().Write("nginx/nginx.conf", "events {}\nhttp { server { listen 80; location / { proxy_pass http://nowhere; } } }\n");
        Directory.CreateDirectory(repo.Path("reports/ci"));
        Assert.Equal(0, CliRunner.RunIn(repo.Root, "lint", "--output", "reports/ci/lint.txt").ExitCode);
        Assert.Contains("No problems found", File.ReadAllText(repo.Path("reports/ci/lint.txt")));
        Assert.Equal(2, CliRunner.RunIn(repo.Root, "lint", "--output", "reports/none/lint.txt").ExitCode);
    }
}
