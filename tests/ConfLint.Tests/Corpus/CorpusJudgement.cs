using System.Text;
using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Corpus;

/// <summary>
/// What ConfLint reports on a corpus root, sorted against its expectations as fixtures/corpus/README.md says: a finding
/// that matches an expected finding is true; one at warning or error that matches none, or that is above the severity
/// a not-finding tolerates, is false; an info that matches nothing is tolerated. Expected findings no report matches are
/// missed; a miss is within reach when a rule of that code exists and everything the finding needs is something
/// ConfLint reads (<see cref="Readers"/>).
/// </summary>
public static class CorpusJudgement
{
    /// <summary>What ConfLint reads, in the words of expected.yaml's <c>reads</c>.</summary>
    public static readonly IReadOnlySet<string> Readers = new HashSet<string>(StringComparer.Ordinal)
    {
        "nginx", "apache", "php-fpm", "systemd", "nginx-templates", "php.ini", "gunicorn", "uwsgi", "puma", "unicorn", "supervisord", "compose", "meminfo", "cgroup", "etc-group", "etc-passwd", "etc-hosts", "host-addresses", "tomcat", "layout", "jenkins", "grafana", "wikijs", "jupyterhub", "vaultwarden", "hedgedoc", "etherpad", "misskey", "rails", "laravel-websockets", "reverb", "octane", "octane-config", "pkgr", "airflow", "homeassistant", "daphne", "metabase", "n8n", "minio", "notify-push", "spring-boot", "kestrel", "gotify", "sogo", "coolwsd", "nexus", "pveproxy", "supervisord-expansions", "spawn-fcgi", "fcgiwrap", "compose-site-tie", "docker-volume",
    };

    public sealed record Finding(string Code, string Severity, string Path, int Line, string Message, string? Fix);

    public sealed record Judged(Finding Finding, string Class);

    public sealed record Result(CorpusRoot Root, int Files, IReadOnlyList<Judged> Findings, IReadOnlyList<(CorpusRoot.Expectation Expectation, string? OutOfReach)> Missed);

    private static readonly Dictionary<string, int> Rank = new(StringComparer.Ordinal) { ["info"] = 0, ["warning"] = 1, ["error"] = 2 };

    public static Result Judge(CorpusRoot root)
    {
        var output = CliRunner.Run("lint", "--root", root.Folder, "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, $"{root.Name}: lint exited {output.ExitCode}: {output.Stderr}");
        using var json = JsonDocument.Parse(output.Stdout);
        var findings = json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => new Finding(
                d.GetProperty("code").GetString()!,
                d.GetProperty("severity").GetString()!,
                d.GetProperty("path").GetString()!,
                d.GetProperty("line").GetInt32(),
                d.GetProperty("message").GetString()!,
                d.GetProperty("fix") is { ValueKind: JsonValueKind.Object } fix ? fix.GetProperty("applicability").GetString() : null))
            .ToList();
        var files = json.RootElement.GetProperty("files").GetArrayLength();

        var found = new HashSet<CorpusRoot.Expectation>();
        var judged = new List<Judged>();
        foreach (var finding in findings)
        {
            var expected = root.Findings.FirstOrDefault(e => root.Matches(e, finding.Code, finding.Path, finding.Line));
            if (expected is not null)
            {
                found.Add(expected);
                judged.Add(new Judged(finding, "true"));
                continue;
            }

            var tolerated = root.NotFindings.FirstOrDefault(n => root.Matches(n, finding.Code, finding.Path, finding.Line))?.MaxSeverity ?? "info";
            judged.Add(new Judged(finding, Rank[finding.Severity] > Rank[tolerated] ? "false" : "info"));
        }

        var missed = root.Findings.Where(e => !found.Contains(e)).Select(e => (e, OutOfReach(e))).ToList();
        return new Result(root, files, judged, missed);
    }

    /// <summary>Why an expected finding is beyond what ConfLint claims to see (no rule of its code, a file kind it does not
    /// read), or null when it is within reach.</summary>
    public static string? OutOfReach(CorpusRoot.Expectation expectation)
    {
        var codes = ConfLint.Rules.RuleRegistry.All.Select(r => r.Code).Append(ConfLint.Catalog.EngineRules.SyntaxErrorCode);
        if (!codes.Contains(expectation.Code, StringComparer.Ordinal))
        {
            return $"no {expectation.Code} rule yet";
        }

        var unread = expectation.Reads.Where(r => !Readers.Contains(r)).ToList();
        return unread.Count > 0 ? $"needs {string.Join(", ", unread)}, which ConfLint does not read" : null;
    }

    /// <summary>The report of every root: each finding with its class, each miss, and the totals per code.</summary>
    public static string Report(IReadOnlyList<Result> results)
    {
        var text = new StringBuilder();
        text.Append("# ConfLint on the regression corpus, against each root's expected.yaml (fixtures/corpus/README.md).\n");
        text.Append("# CLASS CODE SEVERITY PATH:LINE fix=APPLICABILITY; missed expectations with what they need.\n");
        foreach (var result in results)
        {
            text.Append($"\n## {result.Root.Name} ({result.Root.Kind}, {result.Files} files read)\n");
            foreach (var (finding, kind) in result.Findings)
            {
                text.Append($"{kind,-7} {finding.Code} {finding.Severity,-7} {finding.Path}:{finding.Line} fix={finding.Fix ?? "none"}\n");
            }

            foreach (var (expectation, outOfReach) in result.Missed)
            {
                text.Append($"missed  {expectation.Code} {expectation.Severity ?? "?",-7} {expectation.Path}:{expectation.Line}{(outOfReach is null ? " (within reach)" : $" ({outOfReach})")}\n");
            }
        }

        var all = results.SelectMany(r => r.Findings).ToList();
        var missed = results.SelectMany(r => r.Missed).ToList();
        text.Append("\n## totals\n");
        foreach (var kind in new[] { "true", "false", "info" })
        {
            var ofKind = all.Where(j => j.Class == kind).ToList();
            var byCode = string.Join(", ", ofKind.GroupBy(j => j.Finding.Code).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
            text.Append($"{kind}: {ofKind.Count}{(byCode.Length > 0 ? $" ({byCode})" : string.Empty)}\n");
        }

        var missedByCode = string.Join(", ", missed.GroupBy(m => m.Expectation.Code).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
        text.Append($"missed: {missed.Count} ({missedByCode}); within reach: {missed.Count(m => m.OutOfReach is null)}\n");
        var seeded = results.SelectMany(r => r.Root.Findings.Where(f => f.Seeded).Select(f => (r, f))).ToList();
        text.Append($"seeded breakages: {seeded.Count}; found {seeded.Count(s => !s.r.Missed.Any(m => m.Expectation == s.f))}; " +
                    $"within reach {seeded.Count(s => OutOfReach(s.f) is null)}, of which found {seeded.Count(s => OutOfReach(s.f) is null && !s.r.Missed.Any(m => m.Expectation == s.f))}\n");
        var ownFiles = seeded.Where(s => s.f.Reads.Any(r => r is "php.ini" or "gunicorn" or "uwsgi" or "puma" or "layout")).ToList();
        text.Append($"seeded breakages that need the back ends' own files (php.ini, gunicorn, uwsgi, puma, layout): {ownFiles.Count}; found {ownFiles.Count(s => !s.r.Missed.Any(m => m.Expectation == s.f))}\n");
        return text.ToString();
    }
}
