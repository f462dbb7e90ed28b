using System.Collections.Concurrent;
using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Differential.Mutation;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Differential;

/// <summary>
/// CL000 against the daemons on mutated real configurations: the corpus (configurations of public projects written
/// anew, and Debian's stock files) is varied by a seeded mutation engine with the operators' everyday mistakes and
/// harmless edits; each variation is staged, checked by <c>nginx -t</c>, <c>apache2 -t</c> or <c>php-fpm8.2 -t</c> in
/// a private mount namespace, and linted. CL000 must report 95% of the refusals and nothing where the daemon accepts.
/// </summary>
public sealed class CorpusDifferentialTests
{
    /// <summary>The mutation engine's seed: the same variations on every run and every machine. For exploring,
    /// CONFLINT_CORPUS_SEED draws other variations and CONFLINT_CORPUS_ALL=1 runs every one generated.</summary>
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("CONFLINT_CORPUS_SEED"), out var seed) ? seed : 20261201;

    private static readonly bool All = Environment.GetEnvironmentVariable("CONFLINT_CORPUS_ALL") == "1";

    private static readonly Dictionary<string, int> PerDaemon = new(StringComparer.Ordinal) { ["nginx"] = 220, ["apache"] = 150, ["php-fpm"] = 110 };

    [Fact]
    public void Every_corpus_case_is_accepted_by_its_daemon_and_by_cl000()
    {
        DaemonRunner.SkipUnlessCanRun();

        var problems = new ConcurrentBag<string>();
        Parallel.ForEach(CorpusCase.All(), new ParallelOptions { MaxDegreeOfParallelism = 2 }, corpusCase =>
        {
            var (refused, said, reported) = Judge(corpusCase, null);
            if (refused)
            {
                problems.Add($"{corpusCase.Daemon}/{corpusCase.Name}: the daemon refuses the unmutated case: {said}");
            }

            foreach (var d in reported)
            {
                problems.Add($"{corpusCase.Daemon}/{corpusCase.Name}: CL000 {d.Location}: {d.Message}");
            }
        });
        Assert.True(problems.IsEmpty, string.Join('\n', problems));
    }

    [Fact]
    public void Cl000_agrees_with_the_daemons_on_mutated_real_configurations()
    {
        DaemonRunner.SkipUnlessCanRun();

        var cases = CorpusCase.All().ToList();
        var mutants = Mutants(cases);
        var results = new ConcurrentBag<(Mutant Mutant, bool Refused, string Said, IReadOnlyList<Diagnostic> Reported)>();
        Parallel.ForEach(mutants, new ParallelOptions { MaxDegreeOfParallelism = 2 }, item =>
        {
            var (refused, said, reported) = Judge(item.Case, item.Mutant);
            results.Add((item.Mutant, refused, said, reported));
        });

        var lines = new List<string>();
        var falseAlarms = new List<string>();
        var missed = new List<string>();
        foreach (var daemon in PerDaemon.Keys)
        {
            var mine = results.Where(r => r.Mutant.Daemon == daemon).ToList();
            var refused = mine.Count(r => r.Refused);
            var caught = mine.Count(r => r.Refused && r.Reported.Count > 0);
            var alarms = mine.Where(r => !r.Refused && r.Reported.Count > 0).ToList();
            lines.Add($"{daemon}: {mine.Count} variations ({mine.Count(r => r.Mutant.Harmless)} meant harmless), refused {refused}, reported {caught} of {refused}, false alarms {alarms.Count}");
            falseAlarms.AddRange(alarms.Select(r => $"{r.Mutant}: {r.Reported[0].Location}: {r.Reported[0].Message}"));
            missed.AddRange(mine.Where(r => r.Refused && r.Reported.Count == 0).Select(r => $"{r.Mutant}: {FirstError(r.Said)}"));
        }

        lines.Add($"time in the daemons {TimeSpan.FromTicks(_daemonTicks * TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency).TotalSeconds:F0} s, in ConfLint {TimeSpan.FromTicks(_lintTicks * TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency).TotalSeconds:F0} s (both threads)");
        var summary = string.Join('\n', lines) + "\nmissed:\n  " + string.Join("\n  ", missed.Order(StringComparer.Ordinal))
            + "\nfalse alarms:\n  " + string.Join("\n  ", falseAlarms.Order(StringComparer.Ordinal));
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("CONFLINT_CORPUS_REPORT") is { Length: > 0 } report)
        {
            File.WriteAllText(report, summary + "\n");
        }

        var totalRefused = results.Count(r => r.Refused);
        var totalCaught = results.Count(r => r.Refused && r.Reported.Count > 0);
        Assert.True(totalRefused >= 150, "the mutations must make the daemons refuse often\n" + summary);
        Assert.True(results.Count(r => !r.Refused) >= 150, "the mutations must leave many configurations valid\n" + summary);
        Assert.True(falseAlarms.Count == 0, "CL000 fired where the daemon accepts:\n" + summary);
        Assert.True(totalCaught >= 0.95 * totalRefused, $"CL000 reported {totalCaught} of {totalRefused} refusals:\n" + summary);
    }

    /// <summary>Every case's files mutated with the seed, then a fixed share of each daemon's variations drawn.</summary>
    internal static List<(CorpusCase Case, Mutant Mutant)> Mutants(List<CorpusCase> cases)
    {
        var result = new List<(CorpusCase, Mutant)>();
        foreach (var daemon in PerDaemon.Keys)
        {
            var all = new List<(CorpusCase, Mutant)>();
            foreach (var corpusCase in cases.Where(c => c.Daemon == daemon))
            {
                foreach (var (file, text) in corpusCase.Targets())
                {
                    var random = new Random(Seed ^ StableHash(daemon + "/" + corpusCase.Name + "/" + file));
                    var mutants = daemon switch
                    {
                        "nginx" => NginxMutator.Mutate(corpusCase.Name, file, text, random, 2),
                        "apache" => ApacheMutator.Mutate(corpusCase.Name, file, text, random, 2),
                        _ => FpmMutator.Mutate(corpusCase.Name, file, text, random, 2),
                    };
                    all.AddRange(mutants.Select(m => (corpusCase, m)));
                }
            }

            var draw = new Random(Seed ^ StableHash(daemon));
            result.AddRange(all.OrderBy(_ => draw.Next()).Take(All ? int.MaxValue : PerDaemon[daemon]));
        }

        return result;
    }

    private static long _daemonTicks;
    private static long _lintTicks;

    private static (bool Refused, string Said, IReadOnlyList<Diagnostic> Reported) Judge(CorpusCase corpusCase, Mutant? mutant)
    {
        using var tree = corpusCase.Stage(mutant);
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var (refused, said) = DaemonRunner.Check(corpusCase.Daemon, tree.Root);
        Interlocked.Add(ref _daemonTicks, timer.ElapsedTicks);
        timer.Restart();
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root, MaxDegreeOfParallelism = 1 });
        var lint = Linter.Run(workspace, ConfLintConfig.Empty, RuleSelection.Parse("CL000", null));
        var reported = lint.Diagnostics.Where(d => d.Code == "CL000" && d.Severity == Severity.Error
            && d.Location.Path.StartsWith(corpusCase.ConfigFolder + "/", StringComparison.Ordinal)).ToList();
        Interlocked.Add(ref _lintTicks, timer.ElapsedTicks);
        return (refused, said, reported);
    }

    /// <summary>The daemon's first complaint: nginx's [emerg], PHP-FPM's ERROR or ALERT, Apache's line after "Syntax error".</summary>
    private static string FirstError(string said)
    {
        var lines = said.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains("AH00526", StringComparison.Ordinal) && i + 1 < lines.Length)
            {
                return lines[i].Trim() + " " + lines[i + 1].Trim();
            }

            if (lines[i].Contains("[emerg]", StringComparison.Ordinal) || lines[i].Contains("ERROR:", StringComparison.Ordinal) || lines[i].Contains("ALERT:", StringComparison.Ordinal)
                || (lines[i].Contains("AH0", StringComparison.Ordinal) && !lines[i].Contains("Warning", StringComparison.Ordinal) && !lines[i].Contains("AH00558", StringComparison.Ordinal)))
            {
                return lines[i].Trim();
            }
        }

        return lines[0];
    }

    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }
}
