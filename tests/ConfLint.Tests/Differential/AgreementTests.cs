using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Differential;

/// <summary>
/// Each case of <see cref="AgreementCases"/> against the daemon itself: the daemon must give the verdict the case was
/// written for (so the case still tests what it says), and CL000 must agree: an error where the daemon refuses, at the
/// file and line the daemon names when it names one in the edited file; nothing where it accepts.
/// </summary>
public sealed partial class AgreementTests
{
    [Fact]
    public void Cl000_agrees_with_the_daemons_on_each_class_of_past_disagreement()
    {
        DaemonRunner.SkipUnlessCanRun();

        var problems = new ConcurrentBag<string>();
        Parallel.ForEach(AgreementCases.All(), new ParallelOptions { MaxDegreeOfParallelism = 2 }, item =>
        {
            using var tree = DifferentialTests.Stage(item.Variant);
            var (refused, said) = DaemonRunner.Check(item.Variant.Daemon, tree.Root);
            if (refused != item.Refused)
            {
                problems.Add($"{item}: the daemon {(refused ? "refuses" : "accepts")} it: {said}");
                return;
            }

            var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root, MaxDegreeOfParallelism = 1 });
            var lint = Linter.Run(workspace, ConfLintConfig.Empty, RuleSelection.Parse("CL000", null));
            var prefix = item.Variant.Daemon switch { "nginx" => "etc/nginx/", "apache" => "etc/apache2/", "haproxy" => "etc/haproxy/", _ => "etc/php/" };
            var reported = lint.Diagnostics.Where(d => d.Code == "CL000" && d.Severity == Severity.Error && d.Location.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (!refused && reported.Count > 0)
            {
                problems.Add($"{item}: CL000 {reported[0].Location}: {reported[0].Message}");
            }
            else if (refused && reported.Count == 0)
            {
                problems.Add($"{item}: CL000 reported nothing; the daemon said: {said}");
            }
            else if (refused && Blamed(said) is var (path, line) && path == item.Variant.File
                && !reported.Any(d => d.Location.Path == path && d.Location.Start.Line == line))
            {
                problems.Add($"{item}: the daemon names {path}:{line}, CL000 {reported[0].Location}");
            }
        });
        Assert.True(problems.IsEmpty, string.Join('\n', problems.Order(StringComparer.Ordinal)));
    }

    /// <summary>The file and line the daemon blames (nginx's "in FILE:LINE", PHP-FPM's "[FILE:LINE]", httpd's "on line LINE of
    /// FILE:"), relative to the root.</summary>
    internal static (string Path, int Line)? Blamed(string said)
    {
        // httpd names the file that includes the site first ("line 225 of apache2.conf: ... line 4 of shop.conf"): the last.
        var match = Location().Matches(said).LastOrDefault();
        return match is not null ? (match.Groups["path"].Value.TrimStart('/'), int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture)) : null;
    }

    [GeneratedRegex(@"(?: in |\[)(?<path>/etc/\S+?):(?<line>\d+)|on line (?<line>\d+) of (?<path>/etc/\S+?):")]
    private static partial Regex Location();
}
