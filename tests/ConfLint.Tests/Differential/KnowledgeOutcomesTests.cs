using System.Collections.Concurrent;
using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Differential;

/// <summary>
/// The daemons' directive knowledge, measured: each case of <see cref="AgreementCases.Knowledge"/> is run by the daemon
/// (which must still give the verdict the case was written for) and linted; whether CL000 agrees (an error where the
/// daemon refuses, at the line it names in the edited file; nothing where it accepts) goes into a table, one line a
/// case, with each daemon's count on top. The table is checked in (<c>Snapshots/knowledge-outcomes.verified.txt</c>,
/// rewritten with <c>CONFLINT_ACCEPT=1</c>): a case that stops agreeing fails the test, and so does one that starts
/// to, until the table is accepted again. The disagreements left are the open gaps, named in the table.
/// </summary>
public sealed class KnowledgeOutcomesTests
{
    [Fact]
    public void Cl000_outcomes_on_the_daemon_knowledge_cases_are_as_recorded()
    {
        DaemonRunner.SkipUnlessCanRun();

        var cases = AgreementCases.Knowledge().ToList();
        var rows = new ConcurrentDictionary<int, (string Daemon, bool Agrees, string Line)>();
        var wrongVerdicts = new ConcurrentBag<string>();
        Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, index =>
        {
            var item = cases[index];
            using var tree = DifferentialTests.Stage(item.Variant);
            var (refused, said) = DaemonRunner.Check(item.Variant.Daemon, tree.Root);
            if (refused != item.Refused)
            {
                wrongVerdicts.Add($"{item}: the daemon {(refused ? "refuses" : "accepts")} it: {said}");
            }

            var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root, MaxDegreeOfParallelism = 1 });
            var lint = Linter.Run(workspace, ConfLintConfig.Empty, RuleSelection.Parse("CL000", null));
            var prefix = item.Variant.Daemon switch { "nginx" => "etc/nginx/", "apache" => "etc/apache2/", "haproxy" => "etc/haproxy/", _ => "etc/php/" };
            var reported = lint.Diagnostics.Where(d => d.Code == "CL000" && d.Severity == Severity.Error && d.Location.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            string outcome;
            if (!refused)
            {
                outcome = reported.Count == 0 ? "agree" : $"DISAGREE: CL000 {reported[0].Location}: {reported[0].Message}";
            }
            else if (reported.Count == 0)
            {
                outcome = "DISAGREE: CL000 silent";
            }
            else if (AgreementTests.Blamed(said) is var (path, line) && path == item.Variant.File
                && !reported.Any(d => d.Location.Path == path && d.Location.Start.Line == line))
            {
                outcome = $"DISAGREE: the daemon names line {line}, CL000 {reported[0].Location}";
            }
            else
            {
                outcome = "agree";
            }

            var verdict = refused ? "refused" : "accepted";
            rows[index] = (item.Variant.Daemon, outcome == "agree", $"{item.Variant.Daemon}\t{verdict}\t{outcome}\t{item.Variant.Marker}\t{item.Variant.Name}");
        });

        Assert.True(wrongVerdicts.IsEmpty, string.Join('\n', wrongVerdicts.Order(StringComparer.Ordinal)));
        var ordered = Enumerable.Range(0, cases.Count).Select(i => rows[i]).ToList();
        var counts = ordered.GroupBy(r => r.Daemon).Select(g => $"# {g.Key}: CL000 agrees on {g.Count(r => r.Agrees)} of {g.Count()}");
        var table = string.Join('\n', counts) + "\n# daemon\tverdict\toutcome\tmarker\tcase\n" + string.Join('\n', ordered.Select(r => r.Line)) + "\n";
        Golden.Verify("knowledge-outcomes", table);
    }
}
