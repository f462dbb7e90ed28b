using ConfLint.Diagnostics;
using ConfLint.Fixing;
using ConfLint.Io;
using ConfLint.Reporting;
using McMaster.Extensions.CommandLineUtils;

namespace ConfLint.Cli.Commands;

/// <summary>
/// <c>conflint fix [PATH...] [--root DIR] [--dry-run] [--unsafe-fixes] [--verify] [--select/--ignore CODES]</c>:
/// the findings and the fix summary go to standard error; with <c>--dry-run</c> the unified diff goes to
/// standard output (so that <c>&gt; fix.patch</c> keeps only the diff) and nothing is written.
/// </summary>
internal static class FixCommand
{
    public static void Configure(CommandLineApplication command, CliIO io)
    {
        command.Description = "Fix what can be fixed: minimal edits, shown as a unified diff (--dry-run) or written atomically.";
        var paths = command.Argument("PATH", "files or folders (default: the current folder)", multipleValues: true);
        var target = TargetOptions.Add(command);
        var dryRun = command.Option("--dry-run", "write nothing; print the unified diff of every change", CommandOptionType.NoValue);
        var unsafeFixes = command.Option("--unsafe-fixes", "also apply fixes marked unsafe (review them)", CommandOptionType.NoValue);
        var verify = command.Option("--verify", "check the fixed configuration with nginx -t, php-fpm -t, apachectl -t and systemd-analyze verify first", CommandOptionType.NoValue);
        var failOn = command.Option("--fail-on <SEVERITY>", "after writing, exit 1 when findings at or above this remain (default warning)", CommandOptionType.SingleValue);
        command.OnExecute(() =>
        {
            var threshold = TargetOptions.FailOn(failOn);

            var (config, selection, loads) = LintRun.Prepare(io, paths.Values.OfType<string>().ToList(), target);
            var outcome = FixEngine.Run(loads, config, selection, unsafeFixes.HasValue());
            var reporter = new TextReporter(color: false);
            reporter.Write(io.Err, outcome.Before, unsafeFixes.HasValue());
            foreach (var note in outcome.Rejected)
            {
                io.Err.WriteLine("conflint: " + note);
            }

            if (outcome.NotConverged.Count > 0)
            {
                io.Err.WriteLine($"conflint: the fixes of {string.Join(", ", outcome.NotConverged)} did not converge in {FixEngine.MaxRounds} rounds; the diff holds the first {FixEngine.MaxRounds}");
            }

            var remaining = outcome.After.Diagnostics;
            var files = outcome.Changes.Count;
            if (dryRun.HasValue())
            {
                io.Out.Write(UnifiedDiff.Write(outcome.Changes));
                io.Err.WriteLine(files == 0
                    ? "Nothing to fix."
                    : $"Would fix {outcome.Fixed} {(outcome.Fixed == 1 ? "problem" : "problems")} in {files} {(files == 1 ? "file" : "files")}; {remaining.Count} would remain.");
                return files > 0 ? ExitCodes.Findings : ExitCodes.Clean;
            }

            if (files > 0)
            {
                if (verify.HasValue())
                {
                    var verdict = Verifier.Verify(loads, outcome.Changes);
                    foreach (var note in verdict.Notes)
                    {
                        io.Err.WriteLine("verify: " + note);
                    }

                    if (!verdict.Accepted)
                    {
                        io.Err.WriteLine("conflint: the fixed configuration was rejected; nothing was written");
                        return ExitCodes.Error;
                    }
                }

                try
                {
                    AtomicWriter.Write(outcome.Changes);
                }
                catch (WriteException e)
                {
                    io.Err.WriteLine("conflint: " + e.Message);
                    return ExitCodes.Error;
                }

                foreach (var change in outcome.Changes)
                {
                    io.Err.WriteLine($"{(change.IsNew ? "created" : "fixed")} {change.DisplayPath}");
                }
            }

            io.Err.WriteLine(files == 0
                ? "Nothing to fix."
                : $"Fixed {outcome.Fixed} {(outcome.Fixed == 1 ? "problem" : "problems")} in {files} {(files == 1 ? "file" : "files")}; {remaining.Count} remain.");
            foreach (var diagnostic in remaining)
            {
                reporter.WriteDiagnostic(io.Err, diagnostic);
            }

            return remaining.Any(d => d.Severity >= threshold) ? ExitCodes.Findings : ExitCodes.Clean;
        });
    }
}
