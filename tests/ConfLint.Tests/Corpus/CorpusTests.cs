using ConfLint.Tests.Fixes;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Corpus;

/// <summary>
/// The regression corpus (fixtures/corpus): server roots in the style of real deployments, each with the findings a
/// careful operator would report. On every root: no finding at warning or error that the expectations do not hold
/// (info is tolerated where a not-finding allows it); every expected finding within what ConfLint reads is found, at
/// its severity; a fix expected safe is there and safe. The whole corpus report is a golden file (the figures of
/// fixtures/corpus/BASELINE.md), and the safe fixes of every root keep the real daemons' verdicts.
/// </summary>
public class CorpusTests
{
    public static TheoryData<string> Roots()
    {
        var data = new TheoryData<string>();
        foreach (var name in CorpusRoot.Names())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Roots))]
    public void Findings_match_the_expectations(string name)
    {
        var root = CorpusRoot.Load(name);
        var result = CorpusJudgement.Judge(root);
        var problems = new List<string>();
        foreach (var (finding, kind) in result.Findings)
        {
            if (kind == "false")
            {
                problems.Add($"false positive: {finding.Code} {finding.Severity} {finding.Path}:{finding.Line}: {finding.Message}");
            }
        }

        foreach (var (expectation, outOfReach) in result.Missed.Where(m => m.OutOfReach is null))
        {
            problems.Add($"missed: {expectation.Code} {expectation.Path}:{expectation.Line} ({expectation.Why})");
        }

        foreach (var expectation in root.Findings)
        {
            var match = result.Findings.FirstOrDefault(j => j.Class == "true" && root.Matches(expectation, j.Finding.Code, j.Finding.Path, j.Finding.Line))?.Finding;
            // A finding that needs what ConfLint does not read (expected.yaml's reads) is not held to its severity or fix:
            // without that file the evidence is weaker, and info with no fix is what evidence before verdict asks.
            if (match is null || CorpusJudgement.OutOfReach(expectation) is not null)
            {
                continue;
            }

            if (expectation.Severity is { } severity && match.Severity != severity)
            {
                problems.Add($"{match.Code} {match.Path}:{match.Line} is {match.Severity}, expected {severity}");
            }

            if (expectation.FixSafe && match.Fix != "safe")
            {
                problems.Add($"{match.Code} {match.Path}:{match.Line} should have a safe fix, has {match.Fix ?? "none"}");
            }
            else if (expectation.FixExpected && match.Fix is null)
            {
                problems.Add($"{match.Code} {match.Path}:{match.Line} should have a fix");
            }
        }

        Assert.True(problems.Count == 0, $"{name}:\n" + string.Join("\n", problems));
    }

    /// <summary>git keeps no empty folder: a root whose findings depend on one (an include's folder that exists but
    /// holds nothing) would report otherwise in a clean clone. Such a folder holds a <c>.keep</c> file.</summary>
    [Theory]
    [MemberData(nameof(Roots))]
    public void No_folder_of_a_root_is_empty(string name)
    {
        var root = Path.Combine(CorpusRoot.Corpus, name);
        var empty = Directory.EnumerateDirectories(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Where(d => !Directory.EnumerateFileSystemEntries(d).Any())
            .Select(d => Path.GetRelativePath(root, d))
            .ToList();
        Assert.True(empty.Count == 0, $"{name}: empty folders git would not keep (add a .keep file): {string.Join(", ", empty)}");
    }

    [Theory]
    [MemberData(nameof(Roots))]
    public void Expectations_name_lines_that_exist(string name)
    {
        var root = CorpusRoot.Load(name);
        foreach (var expectation in root.Findings.Concat(root.NotFindings))
        {
            foreach (var (path, line) in new[] { (expectation.Path, expectation.Line) }.Concat(expectation.Also.Select(a => ((string?)a.Path, a.Line))))
            {
                if (path is null)
                {
                    continue;
                }

                if (new FileInfo(Path.Combine(root.Folder, path)).LinkTarget == "/dev/null")
                {
                    // A masked unit (a link to /dev/null, what `apt remove` leaves): named as it is, no file under the root.
                    continue;
                }

                var file = Path.Combine(root.Folder, root.Real(path));
                Assert.True(File.Exists(file), $"{name}: {path} does not exist");
                Assert.True(line is null || (line >= 1 && line <= File.ReadAllLines(file).Length), $"{name}: {path}:{line} is past the end");
            }
        }
    }

    [Fact]
    public void The_corpus_report_matches_its_golden_file()
    {
        var results = CorpusRoot.Names().Select(n => CorpusJudgement.Judge(CorpusRoot.Load(n))).ToList();
        Golden.Verify("corpus", CorpusJudgement.Report(results));
    }

    /// <summary>Every root's safe fixes, applied (<c>conflint fix</c>), leave each daemon's check as it was: what passed still
    /// passes (no fix takes a working site down), what a seeded breakage made fail may fail still. check-daemons.sh runs
    /// the checks as on the server the root stands for.</summary>
    [Fact]
    public void Safe_fixes_keep_the_real_daemons_verdicts()
    {
        RealToolTests.RequireStaging();
        var script = Path.Combine(CorpusRoot.Corpus, "check-daemons.sh");
        var changed = 0;
        foreach (var name in CorpusRoot.Names())
        {
            using var tree = new TempTree().CopyFrom(Path.Combine(CorpusRoot.Corpus, name));
            var dryRun = CliRunner.Run("fix", "--dry-run", "--root", tree.Root);
            Assert.True(dryRun.ExitCode is 0 or 1, $"{name}: {dryRun.Stderr}");
            if (dryRun.ExitCode == 0)
            {
                continue;
            }

            changed++;
            var before = DaemonVerdicts.Of(script, tree.Root);
            var fix = CliRunner.Run("fix", "--root", tree.Root);
            Assert.True(fix.ExitCode is 0 or 1, $"{name}: {fix.Stderr}");
            var after = DaemonVerdicts.Of(script, tree.Root);
            Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
            foreach (var (check, ok) in before)
            {
                Assert.True(!ok || after[check], $"{name}: '{check}' passed before the safe fixes and fails after them:\n{dryRun.Stdout}");
            }
        }

        Assert.True(changed > 0, "no root had a safe fix: the check compared nothing");
    }
}
