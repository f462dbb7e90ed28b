using System.Text.RegularExpressions;
using ConfLint.Tests.Support;
using ConfLint.Tools.GenServerTree;

namespace ConfLint.Tests.Cli;

/// <summary>The executable loads a large tree in a no-GC region (BulkLoad), a small one as before; the findings are the
/// same either way (the in-process run, which never sets the collector, is the reference).</summary>
public sealed class BulkLoadTests
{
    [Fact]
    public void A_large_tree_loads_without_collections_and_gives_the_same_report()
    {
        // 1,200 units, the PHP-FPM and nginx entry files: the first parse wave is over BulkLoad.LargeWave files.
        var tree = Directory.CreateTempSubdirectory("conflint-bulk-").FullName;
        try
        {
            Check(tree);
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    private static void Check(string tree)
    {
        foreach (var file in ServerTreeGenerator.Generate(new GeneratorOptions { Servers = 600, Files = 120, Pools = 12, Units = 1_200, Seed = 5 }))
        {
            var path = Path.Combine(tree, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Text);
        }

        var process = ConflintProcess.Run(tree, TimeSpan.FromMinutes(3), new Dictionary<string, string> { ["CONFLINT_TIMINGS"] = "gc" }, "lint", "--root", ".", "--format", "json");
        Assert.False(process.TimedOut);
        Assert.Matches(new Regex("no-GC load held"), process.Stderr);
        // The heap's range marked for huge pages wherever the kernel has them (its setting decides whether they are used).
        Assert.Contains(Directory.Exists("/sys/kernel/mm/transparent_hugepage") ? "huge pages advised for 1024 MB of the heap" : "huge pages not advised", process.Stderr, StringComparison.Ordinal);
        // CONFLINT_TIMINGS=gc lists the collections: at least the one after the load, which promotes the trees.
        Assert.Matches(new Regex(@"(?m)^gc #\d+ gen2 .*seen at \d+ ms: paused \d+ ms, promoted [1-9]\d* MB"), process.Stderr);
        // The reference runs in this process whatever CONFLINT_BINARY says (there the collector is never set).
        using var stdout = new MemoryStream();
        var io = new ConfLint.Cli.CliIO(stdout, new StringWriter(), isTerminal: false, tree);
        var code = ConfLint.Cli.ConfLintCli.Run(["lint", "--root", ".", "--format", "json"], io);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(stdout.ToArray()), process.Stdout);
        Assert.Equal(code, process.ExitCode);
    }

    [Fact]
    public void A_small_tree_is_loaded_as_before()
    {
        var process = ConflintProcess.Run(Path.Combine(Repository.Fixtures, "demo"), TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["CONFLINT_TIMINGS"] = "1" }, "lint", "--root", ".", "--format", "json");
        Assert.False(process.TimedOut);
        Assert.Contains("no-GC load not used, huge pages not advised", process.Stderr, StringComparison.Ordinal);
    }
}
