using ConfLint.Tests.Rules;
using ConfLint.Tests.Support;
using ConfLint.Text;

namespace ConfLint.Tests.Security;

/// <summary>
/// A tree's file names and values reach the report: escape sequences in them are shown, never passed to the
/// terminal or CI log that reads it, and a line break in a file name cannot forge a finding or a diff header.
/// </summary>
public class HostileOutputTests
{
    private const string Escape = "\u001b";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static ConflintProcess.Result Run(string workingDirectory, params string[] args)
    {
        var result = ConflintProcess.Run(workingDirectory, Limit, args);
        Assert.False(result.TimedOut, $"conflint {string.Join(' ', args)} did not finish in {Limit.TotalSeconds} s");
        Assert.DoesNotContain("internal error", result.Output);
        return result;
    }

    /// <summary>An nginx tree whose site file's name and proxy_pass target hold escape sequences (clear the screen,
    /// set the window title, ring the bell): CL015 quotes the target, the report names the file and shows its line.</summary>
    private static TempTree EscapingTree() => new TempTree().WithHostResolution()
        .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include conf.d/*.conf;\n}\n")
        .Write($"etc/nginx/conf.d/a{Escape}[1mx.conf", $"server {{\n    listen 80;\n    location / {{ proxy_pass http://bad{Escape}[2J{Escape}]2\u0007host\u009b31m; }}\n}}\n");

    [Theory]
    [InlineData("text")]
    [InlineData("github")]
    public void Escape_sequences_of_a_tree_are_shown_not_obeyed(string format)
    {
        using var tree = EscapingTree();
        var result = Run(Repository.Root, "lint", "--root", tree.Root, "--format", format, "--color", "never", "--verbose");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CL015", result.Stdout);
        Assert.DoesNotContain(Escape, result.Output);
        Assert.DoesNotContain("\u0007", result.Output);
        Assert.DoesNotContain("\u009b", result.Output);
        Assert.Contains(format == "text" ? "a\u241b[1mx.conf:3:" : "a\u241b[1mx.conf,line=3,", result.Stdout);
        Assert.Contains("bad\u241b[2J\u241b]2\u2407host\ufffd31m", result.Stdout);
    }

    [Fact]
    public void Fix_prints_the_findings_of_such_a_tree_on_standard_error_without_its_escapes()
    {
        using var tree = EscapingTree();
        var result = Run(Repository.Root, "fix", "--dry-run", "--root", tree.Root);
        Assert.Contains("CL015", result.Stderr);
        Assert.DoesNotContain(Escape, result.Output);
        Assert.Contains("a\u241b[1mx.conf:3:", result.Stderr);
    }

    [Fact]
    public void A_line_break_in_a_file_name_cannot_forge_a_finding()
    {
        using var tree = new TempTree().WithHostResolution()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/x\nforged.conf:1:1: error CL001 forged\r.conf", "server {\n    listen 80;\n    location / { proxy_pass http://nowhere; }\n}\n");
        var result = Run(Repository.Root, "lint", "--root", tree.Root, "--color", "never");
        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain(result.Stdout.Split('\n'), l => l.StartsWith("forged.conf", StringComparison.Ordinal));
        Assert.Contains("etc/nginx/conf.d/x\u240aforged.conf:1:1: error CL001 forged\u240d.conf:3:", result.Stdout);
    }

    [Fact]
    public void A_diff_names_such_a_file_in_quotes_that_git_apply_reads()
    {
        SkipWithout("git");
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL005", "bad-server-level-2k"));
        var site = tree.Path("etc/nginx/sites-enabled/app.conf");
        var renamed = tree.Path($"etc/nginx/sites-enabled/a\"p{Escape}[1m\n.conf");
        File.Move(site, renamed);

        var result = Run(Repository.Root, "fix", "--dry-run", "--root", tree.Root);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--- \"a/etc/nginx/sites-enabled/a\\\"p\\033[1m\\n.conf\"\n+++ \"b/etc/nginx/sites-enabled/a\\\"p\\033[1m\\n.conf\"\n", result.Stdout);
        Assert.DoesNotContain(Escape, result.Stdout);

        var patch = Path.Combine(tree.Root, "..", Path.GetFileName(tree.Root) + ".patch");
        File.WriteAllText(patch, result.Stdout);
        try
        {
            Assert.Equal(0, HostTools.Run(tree.Root, "git", "init", "-q").ExitCode);
            var apply = HostTools.Run(tree.Root, "git", "apply", patch);
            Assert.True(apply.ExitCode == 0, apply.Output);
            Assert.Equal(0, Run(Repository.Root, "fix", "--dry-run", "--root", tree.Root).ExitCode);
        }
        finally
        {
            File.Delete(patch);
        }
    }

    [Fact]
    public void A_diff_quotes_a_name_holding_a_bidirectional_override_as_git_does()
    {
        SkipWithout("git");
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL005", "bad-server-level-2k"));
        File.Move(tree.Path("etc/nginx/sites-enabled/app.conf"), tree.Path("etc/nginx/sites-enabled/a\u202epp\u2066.conf"));

        var result = Run(Repository.Root, "fix", "--dry-run", "--root", tree.Root);
        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("\u202e", result.Stdout);
        Assert.DoesNotContain("\u2066", result.Stdout);
        Assert.Contains("--- \"a/etc/nginx/sites-enabled/a\\342\\200\\256pp\\342\\201\\246.conf\"\n", result.Stdout);

        var patch = Path.Combine(tree.Root, "..", Path.GetFileName(tree.Root) + ".patch");
        File.WriteAllText(patch, result.Stdout);
        try
        {
            Assert.Equal(0, HostTools.Run(tree.Root, "git", "init", "-q").ExitCode);
            var apply = HostTools.Run(tree.Root, "git", "apply", patch);
            Assert.True(apply.ExitCode == 0, apply.Output);
            Assert.Equal(0, Run(Repository.Root, "fix", "--dry-run", "--root", tree.Root).ExitCode);
        }
        finally
        {
            File.Delete(patch);
        }
    }

    [Fact]
    public void No_line_of_standard_error_is_a_github_workflow_command()
    {
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", "events {}\n");
        var result = Run(Repository.Root, "lint", "--root", tree.Root, tree.Path("missing\n  ::add-mask::forged\n::error file=x::forged"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing", result.Stderr);
        Assert.DoesNotContain(result.Stderr.Split('\n'), l => l.TrimStart().StartsWith("::", StringComparison.Ordinal));
        Assert.Contains("\uff1a:add-mask::forged", result.Stderr);
    }

    [Fact]
    public void A_report_is_not_written_through_a_link_the_tree_brings()
    {
        using var outside = new TempTree().Write("bashrc", "original\n");
        using var repo = new TempTree()
            .Write("nginx/nginx.conf", "events {}\nhttp { server { listen 80; location / { proxy_pass http://nowhere; } } }\n")
            .Link("conflint.sarif", outside.Path("bashrc"))
            .Link("reports", outside.Root);

        var file = Run(repo.Root, "lint", "--format", "sarif", "--output", "conflint.sarif");
        Assert.Equal(2, file.ExitCode);
        Assert.Contains("--output conflint.sarif: conflint.sarif is a symbolic link in the linted tree", file.Stderr);
        Assert.Equal("original\n", File.ReadAllText(outside.Path("bashrc")));

        var folder = Run(repo.Root, "lint", "--output", "reports/lint.txt");
        Assert.Equal(2, folder.ExitCode);
        Assert.Contains("reports is a symbolic link in the linted tree", folder.Stderr);
        Assert.False(File.Exists(outside.Path("lint.txt")));

        var plain = Run(repo.Root, "lint", "--output", "lint.txt");
        Assert.Equal(0, plain.ExitCode);
        Assert.Contains("No problems found in 1 file.", File.ReadAllText(repo.Path("lint.txt")));
    }

    [Fact]
    public void A_report_is_not_written_into_a_fifo_or_device_and_never_waits_for_one()
    {
        using var outside = new TempTree();
        using var repo = new TempTree().Write("nginx/nginx.conf", "events {}\nhttp { server { listen 80; location / { proxy_pass http://nowhere; } } }\n");
        Assert.Equal(0, HostTools.Run(repo.Root, "mkfifo", "conflint.sarif").ExitCode);
        Assert.Equal(0, HostTools.Run(outside.Root, "mkfifo", "report.json").ExitCode);

        // A FIFO the tree brings: no reader, and never one (the runner's job would hang until its time-out).
        var fifo = Run(repo.Root, "lint", "--format", "sarif", "--output", "conflint.sarif");
        Assert.Equal(2, fifo.ExitCode);
        Assert.Contains("--output conflint.sarif: cannot write: it is a FIFO", fifo.Stderr);

        // A FIFO named outside the tree with nobody reading it: an error at once, not a wait.
        var lonely = Run(repo.Root, "lint", "--format", "json", "--output", outside.Path("report.json"));
        Assert.Equal(2, lonely.ExitCode);
        Assert.Contains("nobody reads", lonely.Stderr);

        // A device node an archive can bring (as root): never written inside the tree.
        if (HostTools.Run(repo.Root, "mknod", "lint.txt", "c", "1", "3").ExitCode == 0)
        {
            var device = Run(repo.Root, "lint", "--output", "lint.txt");
            Assert.Equal(2, device.ExitCode);
            Assert.Contains("it is a character device, not a regular file", device.Stderr);
        }

        // Outside the tree a path is taken as named: a pipe with a reader (our standard output), /dev/null.
        var pipe = Run(repo.Root, "lint", "--output", "/dev/stdout");
        Assert.Equal(0, pipe.ExitCode);
        Assert.Contains("No problems found in 1 file.", pipe.Stdout);
        Assert.Equal(0, Run(repo.Root, "lint", "--output", "/dev/null").ExitCode);
    }

    [Fact]
    public void A_huge_value_on_one_line_makes_a_short_report()
    {
        var name = new string('a', 4_000_000);
        using var tree = new TempTree().WithHostResolution().Write("etc/nginx/nginx.conf", $"events {{}}\nhttp {{\n    server {{ listen 80; location / {{ proxy_pass http://{name}; }} }}\n}}\n");
        var result = Run(Repository.Root, "lint", "--root", tree.Root, "--color", "never");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("etc/nginx/nginx.conf:3:", result.Stdout);
        Assert.Contains("more characters)", result.Stdout);
        Assert.InRange(result.Stdout.Length, 1, 20_000);
    }

    [Theory]
    [InlineData("plain text\twith a tab", false, "plain text\twith a tab")]
    [InlineData("\u001b[31mred\u0007\u007f\u0085\u202eevil\u2066", false, "\u241b[31mred\u2407\u2421\ufffd\ufffdevil\ufffd")]
    [InlineData("one\ntwo\r\nthree\rfour", false, "one\u240atwo\u240d\u240athree\u240dfour")]
    [InlineData("one\ntwo\r\nthree\rfour", true, "one\ntwo\r\nthree\u240dfour")]
    public void Terminal_text_shows_one_character_for_each_control(string text, bool keepLineBreaks, string shown)
    {
        var escaped = TerminalText.Escape(text, keepLineBreaks);
        Assert.Equal(shown, escaped);
        Assert.Equal(text.Length, escaped.Length);
    }

    private static void SkipWithout(string tool)
    {
        if (!HostTools.Exists(tool))
        {
            Assert.False(Repository.IsCI, $"CI installs {tool}");
            Assert.Skip($"needs {tool}");
        }
    }
}
