using ConfLint.Tests.Support;

namespace ConfLint.Tests.Security;

/// <summary>
/// File names reach the command line: a pre-commit hook passes the changed files' names, and a pull request chooses
/// them. After <c>--</c> every word is a path, so a file named <c>--output=x.service</c> is linted, never obeyed.
/// </summary>
public class HostileArgumentTests
{
    private const string Unit = "[Unit]\nDescription=x\n\n[Service]\nExecStart=/usr/bin/true\n";

    [Fact]
    public void Lint_reads_every_word_after_a_double_dash_as_a_path()
    {
        using var repo = new TempTree().Write("--output=report.service", Unit).Write("-q.service", Unit);
        var result = CliRunner.RunIn(repo.Root, "lint", "--format", "json", "--", "--output=report.service", "-q.service");
        Assert.True(result.ExitCode is 0 or 1, result.Stderr);
        Assert.False(File.Exists(repo.Path("report.service")));
        Assert.Contains("\"path\": \"--output=report.service\"", result.Stdout);
        Assert.Contains("\"path\": \"-q.service\"", result.Stdout);
    }

    [Fact]
    public void Fix_reads_every_word_after_a_double_dash_as_a_path()
    {
        using var repo = new TempTree().Write("--dry-run.service", Unit).Write("--root=.service", Unit);
        var result = CliRunner.RunIn(repo.Root, "fix", "--dry-run", "--", "--dry-run.service", "--root=.service");
        Assert.True(result.ExitCode is 0 or 1, result.Stderr);
        Assert.DoesNotContain("unknown option", result.Stderr);
    }

    [Fact]
    public void Options_before_the_double_dash_still_count()
    {
        using var repo = new TempTree().Write("-x.service", Unit);
        var result = CliRunner.RunIn(repo.Root, "lint", "--format", "json", "--", "-x.service");
        Assert.True(result.ExitCode is 0 or 1, result.Stderr);
        Assert.Contains("\"path\": \"-x.service\"", result.Stdout);
        Assert.Equal(2, CliRunner.RunIn(repo.Root, "lint", "--", "missing.service").ExitCode);
    }

    [Fact]
    public void The_pre_commit_hooks_end_their_options_before_the_file_names()
    {
        var hooks = File.ReadAllLines(Path.Combine(Repository.Root, ".pre-commit-hooks.yaml"));
        var entries = hooks.Where(l => l.TrimStart().StartsWith("entry:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.EndsWith(" --", e.TrimEnd(), StringComparison.Ordinal));
    }
}
