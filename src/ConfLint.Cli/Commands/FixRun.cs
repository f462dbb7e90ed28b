using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Fixing;
using ConfLint.Io;
using ConfLint.Io.Sandbox;
using ConfLint.Io.Writing;
using ConfLint.Linting;
using ConfLint.Reporting;
using ConfLint.Text;
using ConfLint.Workspace;

namespace ConfLint.Cli.Commands;

/// <summary>
/// One <c>conflint fix</c>: takes each root's lock and finishes a write a killed run left there, computes the
/// fixes, prints the findings (standard error) and the diff (<c>--dry-run</c>, standard output), checks the result
/// with the real daemons in a sandbox (<c>--verify</c>), and writes it atomically below each root. SIGINT and SIGTERM
/// during the check or the write end it cleanly (<see cref="Interruption"/>).
/// </summary>
internal sealed class FixRun(CliIO io, FixRequest request)
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(120);

    private TextReporter _reporter = new(color: false);

    public int Execute()
    {
        if (request.VerifyBestEffort && !request.Verify)
        {
            throw new UsageException("--verify-best-effort goes with --verify");
        }

        var plan = LintRun.Plan(io, request.Paths, request.Target, stdin: null);
        var (config, selection, loads) = (plan.Config, plan.Selection, plan.Loads);

        // Findings name files as lint's text report does (from the current folder); the diff stays relative to the root.
        _reporter = new TextReporter(new ReportSettings { PathPrefix = plan.PathPrefix });
        using var interruption = new Interruption();
        var locks = new List<RootLock>();
        try
        {
            if (!request.DryRun)
            {
                foreach (var root in loads.Select(l => l.Boundary()).Distinct(StringComparer.Ordinal))
                {
                    var rootLock = RootLock.Acquire(root, LockWait, message => io.Err.WriteLine("conflint: " + message));
                    locks.Add(rootLock);
                    if (FixRecovery.Recover(root, rootLock) is { } recovered)
                    {
                        io.Err.WriteLine("conflint: " + recovered);
                    }
                }
            }
            else
            {
                WarnAboutJournals(loads);
            }

            return Fix(config, selection, loads, interruption);
        }
        catch (WriteException e)
        {
            io.Err.WriteLine("conflint: " + e.Message);
            return ExitCodes.Error;
        }
        finally
        {
            foreach (var rootLock in locks)
            {
                rootLock.Dispose();
            }
        }
    }

    private int Fix(ConfLintConfig config, RuleSelection selection, List<LoadOptions> loads, Interruption interruption)
    {
        var outcome = FixEngine.Run(loads, config, selection, request.UnsafeFixes);
        _reporter.Write(io.Err, outcome.Before, request.UnsafeFixes);
        foreach (var note in outcome.Rejected)
        {
            io.Err.WriteLine("conflint: " + note);
        }

        if (outcome.NotConverged.Count > 0)
        {
            io.Err.WriteLine($"conflint: the fixes of {string.Join(", ", outcome.NotConverged)} did not converge in {FixEngine.MaxRounds} rounds; the diff holds the first {FixEngine.MaxRounds}");
        }

        var files = outcome.Changes.Count;
        var remaining = outcome.After.Diagnostics;
        if (request.DryRun)
        {
            // The diff's lines are the files' own, byte for byte, so that git apply and patch take it; on a terminal
            // their control characters are shown instead (a file may hold escape sequences).
            var diff = UnifiedDiff.Write(outcome.Changes);
            io.Out.Write(io.IsTerminal ? TerminalText.Escape(diff, keepLineBreaks: true) : diff);
            io.Err.WriteLine(files == 0
                ? "Nothing to fix."
                : $"Would fix {outcome.Fixed} {Plural(outcome.Fixed, "problem")} in {files} {Plural(files, "file")}; {remaining.Count} would remain.");
            return files > 0 ? ExitCodes.Findings : ExitCodes.Clean;
        }

        if (files > 0)
        {
            using (interruption.Critical())
            {
                if (request.Verify && Verify(loads, outcome, interruption) is { } refused)
                {
                    return refused;
                }

                if (Write(loads, outcome.Changes, interruption) is { } failed)
                {
                    return failed;
                }
            }
        }

        io.Err.WriteLine(files == 0
            ? "Nothing to fix."
            : $"Fixed {outcome.Fixed} {Plural(outcome.Fixed, "problem")} in {files} {Plural(files, "file")}; {remaining.Count} remain.");
        foreach (var diagnostic in remaining)
        {
            _reporter.WriteDiagnostic(io.Err, diagnostic);
        }

        return remaining.Any(d => d.Severity >= request.FailOn) ? ExitCodes.Findings : ExitCodes.Clean;
    }

    /// <summary>Runs the daemons' checks; an exit code when nothing may be written, else null.</summary>
    private int? Verify(List<LoadOptions> loads, FixOutcome outcome, Interruption interruption)
    {
        Verdict verdict;
        try
        {
            verdict = Verifier.Verify(loads, outcome, interruption.Token);
        }
        catch (OperationCanceledException)
        {
            io.Err.WriteLine("conflint: interrupted during --verify: the daemons' checks were stopped and the staging folder removed; nothing was written");
            return ExitCodes.Error;
        }

        foreach (var note in verdict.Notes)
        {
            io.Err.WriteLine("verify: " + note);
        }

        if (verdict.Refusal is { } refusal)
        {
            io.Err.WriteLine($"conflint: --verify cannot run: {refusal}; nothing was written");
            return ExitCodes.Error;
        }

        if (verdict.Rejected)
        {
            io.Err.WriteLine("conflint: the fixed configuration was rejected; nothing was written");
            return ExitCodes.Error;
        }

        if (verdict.Unjudged.Count > 0)
        {
            var unjudged = string.Join(", ", verdict.Unjudged);
            if (!request.VerifyBestEffort)
            {
                io.Err.WriteLine($"conflint: no tool could judge the fix of {unjudged}; nothing was written (--verify-best-effort writes what no tool rejected)");
                return ExitCodes.Error;
            }

            io.Err.WriteLine($"conflint: no tool could judge the fix of {unjudged}; written anyway (--verify-best-effort)");
        }

        return null;
    }

    /// <summary>Writes every change below its load's root; an exit code when the write failed, else null.</summary>
    private int? Write(List<LoadOptions> loads, IReadOnlyList<FileChange> changes, Interruption interruption)
    {
        var roots = loads.Select(l => l.Boundary()).Distinct(StringComparer.Ordinal).OrderByDescending(r => r.Length).ToList();
        var sets = changes
            .GroupBy(c => roots.FirstOrDefault(r => Path.GetFullPath(c.HostPath).StartsWith(r.TrimEnd('/') + "/", StringComparison.Ordinal)) ?? roots[^1])
            .Select(g => new WriteSet(g.Key, g.ToList()))
            .ToList();
        try
        {
            AtomicWriter.Write(sets, cancel: interruption.Token);
        }
        catch (WriteException e)
        {
            io.Err.WriteLine("conflint: " + e.Message);
            return ExitCodes.Error;
        }

        foreach (var change in changes)
        {
            io.Err.WriteLine($"{(change.IsNew ? "created" : "fixed")} {change.DisplayPath}");
        }

        if (interruption.Requested)
        {
            io.Err.WriteLine("conflint: interrupted while the files were being renamed into place: the write was completed first");
        }

        return null;
    }

    private void WarnAboutJournals(List<LoadOptions> loads)
    {
        foreach (var root in loads.Select(l => l.Boundary()).Distinct(StringComparer.Ordinal).Where(FixRecovery.HasJournal))
        {
            io.Err.WriteLine($"conflint: {root} holds the journal of an interrupted fix; the diff is of the tree as it is now (run conflint fix, or lint, to finish that write)");
        }
    }

    private static string Plural(int count, string word) => count == 1 ? word : word + "s";
}
