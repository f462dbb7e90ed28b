using ConfLint.Catalog;
using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Rules;
using ConfLint.Text;
using ConfLint.Workspace;

namespace ConfLint.Linting;

/// <summary>Builds the host model of a workspace, runs the enabled rules, and applies severities and suppressions.</summary>
public static class Linter
{
    public static LintResult Run(ConfigWorkspace workspace, ConfLintConfig config, RuleSelection selection) =>
        Run([workspace], config, selection);

    /// <param name="timings">When set, each stage's time is added here (for CONFLINT_TIMINGS=1).</param>
    public static LintResult Run(IReadOnlyList<ConfigWorkspace> workspaces, ConfLintConfig config, RuleSelection selection, IList<(string Stage, TimeSpan Time)>? timings = null)
    {
        var diagnostics = new List<Diagnostic>();
        var notes = new List<string>();
        var hosts = new List<HostModel>();
        var ran = new HashSet<string>(StringComparer.Ordinal);
        foreach (var workspace in workspaces)
        {
            notes.AddRange(workspace.Notes);
            var parallel = workspace.Files.Count >= WorkSplit.SmallWorkspace;

            // CL000's judgement of the files and the host model both only read the parsed workspace, and the rules only
            // read the model: on a large workspace the validation (one walk, on one thread) runs beside the model and then
            // the rules, which run side by side among themselves as soon as the model is built.
            List<Diagnostic>? validation = null;
            var validationNotes = new List<string>();
            var validationTime = TimeSpan.Zero;
            long validationAllocated = 0;
            HostModel? host = null;
            var modelTimings = timings is null ? null : new List<(string Stage, TimeSpan Time)>();
            long modelAllocated = 0;
            long rulesAllocated = 0;
            var modelAndRulesTime = TimeSpan.Zero;
            var rules = RuleRegistry.All.Where(rule => Enabled(rule.Code, config, selection)).ToList();
            var outcomes = new (List<Diagnostic> Diagnostics, List<string> Notes, TimeSpan Time, long Allocated)[rules.Count];
            WorkSplit.Both(parallel,
                () =>
                {
                    if (!Enabled(EngineRules.SyntaxErrorCode, config, selection))
                    {
                        return;
                    }

                    var validationTimer = System.Diagnostics.Stopwatch.StartNew();
                    var allocated = GC.GetAllocatedBytesForCurrentThread();
                    validation = Validation.ConfigValidator.Check(workspace, config, validationNotes).Select(d => WithConfiguredSeverity(d, config)).ToList();
                    validationAllocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
                    validationTime = validationTimer.Elapsed;
                },
                () =>
                {
                    var modelAndRulesTimer = System.Diagnostics.Stopwatch.StartNew();
                    var beforeModel = GC.GetTotalAllocatedBytes();
                    var model = HostModelBuilder.Build(workspace, config, modelTimings);
                    host = model;
                    modelAllocated = GC.GetTotalAllocatedBytes() - beforeModel;

                    // Each rule with its own findings and notes.
                    var beforeRules = GC.GetTotalAllocatedBytes();
                    WorkSplit.For(rules.Count, parallel, Environment.ProcessorCount, i =>
                    {
                        var timer = System.Diagnostics.Stopwatch.StartNew();
                        var allocated = GC.GetAllocatedBytesForCurrentThread();
                        var rule = rules[i];
                        var ruleNotes = new List<string>();
                        var options = new RuleOptions(rule.Metadata, config.For(rule.Code));
                        var context = new RuleContext(model, workspace, config, options, ruleNotes);
                        // A loop, not Select(...).ToList(): on a LINQ iterator that is a generic virtual call, which the native
                        // executable resolves through its type loader on first use (a one-file lint paid ~0.5 ms for it).
                        var found = new List<Diagnostic>();
                        foreach (var diagnostic in rule.Check(context))
                        {
                            found.Add(WithConfiguredSeverity(diagnostic, config));
                        }

                        outcomes[i] = (found, ruleNotes, timer.Elapsed, GC.GetAllocatedBytesForCurrentThread() - allocated);
                    });
                    rulesAllocated = GC.GetTotalAllocatedBytes() - beforeRules;
                    modelAndRulesTime = modelAndRulesTimer.Elapsed;
                });

            if (validation is not null)
            {
                diagnostics.AddRange(workspace.Diagnostics.Select(d => WithConfiguredSeverity(d, config)));
                diagnostics.AddRange(validation);
                notes.AddRange(validationNotes);
                timings?.Add(($"validation [{validationAllocated / 1_000_000} MB]", validationTime));
                ran.Add(EngineRules.SyntaxErrorCode);
            }

            if (modelTimings is not null)
            {
                foreach (var stage in modelTimings)
                {
                    timings!.Add(stage);
                }
            }

            // Beside the validation, these counts take in some of its allocations.
            timings?.Add(($"(model allocated {modelAllocated / 1_000_000} MB{(parallel ? ", validation's beside it" : "")})", TimeSpan.Zero));
            hosts.Add(host!);
            notes.AddRange(host!.UnfollowedScripts);
            notes.AddRange(host.UnreadSupervisorCommands);
            notes.AddRange(host.UnjudgedFrontEnds);
            ran.UnionWith(rules.Select(r => r.Code));
            timings?.Add(($"(rules allocated {rulesAllocated / 1_000_000} MB{(parallel ? ", validation's beside them" : "")})", TimeSpan.Zero));
            timings?.Add(("(model and rules, from the model's start to the last rule's end)", modelAndRulesTime));
            for (var i = 0; i < rules.Count; i++)
            {
                diagnostics.AddRange(outcomes[i].Diagnostics);
                notes.AddRange(outcomes[i].Notes);
                timings?.Add((outcomes[i].Allocated >= 1_000_000 ? $"{rules[i].Code} [{outcomes[i].Allocated / 1_000_000} MB]" : rules[i].Code, outcomes[i].Time));
            }
        }

        var suppressTimer = System.Diagnostics.Stopwatch.StartNew();
        var kept = ApplySuppressions(workspaces, WithoutRepeats(diagnostics), ran, config, selection);
        RemoveUnnamed(workspaces, kept);

        // Whatever a rule said, a fix into a file another tool rewrites is undone by that tool: unsafe, and it says so.
        kept = ManagedFiles.Guard(workspaces, kept, notes);
        kept = RenderedFiles.Guard(workspaces, kept);
        kept = VolumeFiles.Guard(workspaces, kept);
        kept.Sort(Compare);
        timings?.Add(("suppressions", suppressTimer.Elapsed));
        return new LintResult(workspaces, hosts, kept, notes) { Remarks = hosts.SelectMany(h => Coverage.Remarks(h, ran)).ToList() };
    }

    /// <summary>One finding per place: a file included at several places (one snippet in two locations) gives a rule
    /// the same directive once per front end, and a finding of the same code, severity and words at the same span is
    /// one finding (the first, with its fix; the fixes of such repeats are the same edit).</summary>
    private static List<Diagnostic> WithoutRepeats(List<Diagnostic> diagnostics)
    {
        var seen = new HashSet<(string Code, Severity Severity, FileId File, TextSpan Span, string Message)>();
        var kept = new List<Diagnostic>(diagnostics.Count);
        foreach (var diagnostic in diagnostics)
        {
            // A finding with no text to point into (a whole file) has no span to tell repeats apart by.
            if (diagnostic.Location.Source is null || seen.Add((diagnostic.Code, diagnostic.Severity, diagnostic.Location.File, diagnostic.Location.Span, diagnostic.Message)))
            {
                kept.Add(diagnostic);
            }
        }

        return kept;
    }

    private static bool Enabled(string code, ConfLintConfig config, RuleSelection selection) =>
        selection.IsEnabled(code) && config.For(code).Enabled;

    private static Diagnostic WithConfiguredSeverity(Diagnostic diagnostic, ConfLintConfig config) =>
        config.For(diagnostic.Code).Severity is { } severity && severity != diagnostic.Severity ? diagnostic with { Severity = severity } : diagnostic;

    private static List<Diagnostic> ApplySuppressions(IReadOnlyList<ConfigWorkspace> workspaces, List<Diagnostic> diagnostics, HashSet<string> ran, ConfLintConfig config, RuleSelection selection)
    {
        var byFile = new Dictionary<FileId, List<Suppression>>();
        foreach (var file in workspaces.SelectMany(w => w.Files))
        {
            if (file.Tree is not null && !byFile.ContainsKey(file.Id))
            {
                var found = SuppressionScanner.Scan(file.Tree);
                if (found.Count > 0)
                {
                    byFile[file.Id] = found.ToList();
                }
            }
        }

        var kept = new List<Diagnostic>();
        foreach (var diagnostic in diagnostics)
        {
            var silencedBy = byFile.GetValueOrDefault(diagnostic.Location.File)?.FirstOrDefault(s =>
                s.Codes.Contains(diagnostic.Code) && (s.WholeFile || s.AppliesToLine == diagnostic.Location.Start.Line));
            if (silencedBy is null)
            {
                kept.Add(diagnostic);
            }
            else
            {
                silencedBy.Used.Add(diagnostic.Code);
            }
        }

        if (!Enabled(EngineRules.UnusedSuppressionCode, config, selection))
        {
            return kept;
        }

        var metadata = EngineRules.UnusedSuppression;
        foreach (var suppression in byFile.Values.SelectMany(s => s))
        {
            foreach (var code in suppression.Codes.Where(c => ran.Contains(c) && !suppression.Used.Contains(c)))
            {
                var what = suppression.WholeFile ? "in this file" : $"on line {suppression.AppliesToLine}";
                var diagnostic = new Diagnostic(metadata.Code, metadata.Slug, metadata.DefaultSeverity,
                    new Location(suppression.Source, suppression.Comment),
                    $"this suppression of {code} silences nothing: {code} reports nothing {what}");
                kept.Add(WithConfiguredSeverity(diagnostic, config));
            }
        }

        return kept;
    }

    /// <summary>A file named on the command line was linted with its whole host: only the findings in it are reported.</summary>
    private static void RemoveUnnamed(IReadOnlyList<ConfigWorkspace> workspaces, List<Diagnostic> diagnostics)
    {
        var hidden = new HashSet<FileId>();
        foreach (var workspace in workspaces.Where(w => w.Options.ReportOnly is not null))
        {
            hidden.UnionWith(workspace.Files.Where(f => !workspace.Options.Reports(f.ServerPath, f.ResolvedPath)).Select(f => f.Id));
        }

        if (hidden.Count > 0)
        {
            diagnostics.RemoveAll(d => hidden.Contains(d.Location.File));
        }
    }

    private static int Compare(Diagnostic a, Diagnostic b)
    {
        var byPath = string.CompareOrdinal(a.Location.Path, b.Location.Path);
        if (byPath != 0)
        {
            return byPath;
        }

        var byPosition = a.Location.Start.CompareTo(b.Location.Start);
        return byPosition != 0 ? byPosition : string.CompareOrdinal(a.Code, b.Code);
    }
}
