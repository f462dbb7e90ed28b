using ConfLint.Tests.Support;

namespace ConfLint.Tests.Packaging;

/// <summary>
/// The hooks of .pre-commit-hooks.yaml as a user adds them (`repo:` this repository, `rev:` its HEAD), run by
/// pre-commit in a sample infrastructure repository: a changed pool file gives its cross-file finding (CL003 needs
/// nginx's worker user and the site that connects), and `conflint-fix` fixes it. pre-commit builds the tool from HEAD
/// (committed work), as it would from a tag.
/// </summary>
public class PreCommitTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void The_hooks_lint_and_fix_the_host_of_a_changed_file()
    {
        if (!HostTools.Exists("pre-commit") || !Directory.Exists(Path.Combine(Repository.Root, ".git")) && !File.Exists(Path.Combine(Repository.Root, ".git")))
        {
            Assert.False(Repository.IsCI, "CI installs pre-commit and runs from a clone");
            Assert.Skip("pre-commit or the repository's git folder is missing");
        }

        var head = HostTools.Run(Repository.Root, "git", "rev-parse", "HEAD");
        Assert.Equal(0, head.ExitCode);
        using var work = new TempTree();
        var infra = work.Path("infra");
        foreach (var file in Directory.EnumerateFiles(Repository.Fixture("demo"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(infra, "hosts/web1", Path.GetRelativePath(Repository.Fixture("demo"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(Path.Combine(infra, ".pre-commit-config.yaml"),
            $"repos:\n  - repo: {Repository.Root}\n    rev: {head.Output.Trim()}\n    hooks:\n      - id: conflint\n      - id: conflint-fix\n        stages: [manual]\n");
        Git(infra, "init", "-q");
        Git(infra, "add", "-A");
        Git(infra, "-c", "user.email=ci@example.invalid", "-c", "user.name=ci", "commit", "-qm", "hosts");

        var environment = new Dictionary<string, string> { ["PRE_COMMIT_HOME"] = work.Path("cache") };
        var pool = "hosts/web1/etc/php/8.2/fpm/pool.d/blog.conf";
        var lint = Run(infra, environment, "pre-commit", "run", "conflint", "--files", pool);
        Assert.True(lint.ExitCode == 1, lint.Output);
        Assert.Contains($"{pool}:6:10: error CL003", lint.Output);
        Assert.DoesNotContain("shop.conf:16:22", lint.Output);

        var fix = Run(infra, environment, "pre-commit", "run", "conflint-fix", "--hook-stage", "manual", "--files", pool);
        Assert.Contains("listen.owner = www-data", File.ReadAllText(Path.Combine(infra, pool)));
        Assert.Contains("files were modified by this hook", fix.Output);
        var again = Run(infra, environment, "pre-commit", "run", "conflint", "--files", pool);
        Assert.True(again.ExitCode == 0, again.Output);
    }

    private static void Git(string folder, params string[] args) => Assert.Equal(0, HostTools.Run(folder, "git", args).ExitCode);

    private static (int ExitCode, string Output) Run(string folder, IReadOnlyDictionary<string, string> environment, string program, params string[] args) =>
        SlowProcess.Run(folder, environment, program, args);
}
