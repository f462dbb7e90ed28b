using ConfLint.Reporting;
using McMaster.Extensions.CommandLineUtils;

namespace ConfLint.Cli.Commands;

/// <summary><c>conflint lint [PATH...] [--root DIR] [--format ...] [--config FILE] [--select] [--ignore] [--fail-on]</c>.</summary>
internal static class LintCommand
{
    public static void Configure(CommandLineApplication command, CliIO io)
    {
        command.Description = "Report the configuration mistakes that cause 502s.";
        var paths = command.Argument("PATH", "files or folders to lint (default: the current folder)", multipleValues: true);
        var target = TargetOptions.Add(command);
        var format = command.Option("--format <FORMAT>", "text (default), json, sarif or github", CommandOptionType.SingleValue);
        var failOn = command.Option("--fail-on <SEVERITY>", "exit 1 at or above: info, warning (default) or error", CommandOptionType.SingleValue);
        var verbose = command.Option("-v|--verbose", "also say what was not checked and why", CommandOptionType.NoValue);
        command.OnExecute(() =>
        {
            var formatName = format.Value() ?? "text";
            var formats = Formats.Lint(io.UseColor, Version.Text);
            if (!formats.TryGet(formatName, out var reporter))
            {
                throw new UsageException(formats.Unknown(formatName));
            }

            var threshold = TargetOptions.FailOn(failOn);

            var result = LintRun.Execute(io, paths.Values.OfType<string>().ToList(), target);
            reporter.Write(io.Out, result);

            if (verbose.HasValue())
            {
                foreach (var note in result.Notes.Distinct())
                {
                    io.Err.WriteLine("note: " + note);
                }
            }

            return result.Diagnostics.Any(d => d.Severity >= threshold) ? ExitCodes.Findings : ExitCodes.Clean;
        });
    }
}
