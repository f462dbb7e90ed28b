using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Reporting;
using ConfLint.Workspace;
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
            if (formatName is not ("text" or "json" or "sarif" or "github"))
            {
                throw new UsageException($"unknown format '{formatName}': expected text, json, sarif or github");
            }

            var threshold = TargetOptions.FailOn(failOn);

            var result = LintRun.Execute(io, paths.Values.OfType<string>().ToList(), target);
            switch (formatName)
            {
                case "json":
                    io.Out.Flush();
                    JsonReporter.Write(io.Stdout, result);
                    break;
                case "sarif":
                    io.Out.Flush();
                    SarifReporter.Write(io.Stdout, result, Version.Text);
                    break;
                case "github":
                    GithubReporter.Write(io.Out, result);
                    break;
                default:
                    new TextReporter(io.UseColor).Write(io.Out, result);
                    break;
            }

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
