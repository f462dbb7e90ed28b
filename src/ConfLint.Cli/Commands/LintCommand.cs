using ConfLint.Reporting;
using McMaster.Extensions.CommandLineUtils;

namespace ConfLint.Cli.Commands;

/// <summary>
/// <c>conflint lint [PATH...|-] [--root DIR] [--format ...] [--config FILE] [--select] [--ignore] [--fail-on] [--exit-zero]
/// [--output FILE] [--statistics] [--quiet] [--stdin-filename NAME] [--color WHEN]</c>.
/// </summary>
internal static class LintCommand
{
    public static void Configure(CommandLineApplication command, CliIO io)
    {
        command.Description = "Report the configuration mistakes that cause 502s.";
        var paths = command.Argument("PATH", "files or folders to lint (default: the current folder); - reads standard input", multipleValues: true);
        // "--" ends the options: every word after it is a path, as a pre-commit hook passes a pull request's file
        // names (a file named "--output=x.service" is linted, not obeyed).
        command.AllowArgumentSeparator = true;
        var target = TargetOptions.Add(command);
        var format = command.Option("--format <FORMAT>", "text (default), json, sarif, github, gitlab or junit", CommandOptionType.SingleValue);
        var failOn = command.Option("--fail-on <SEVERITY>", "exit 1 at or above: info, warning (default) or error", CommandOptionType.SingleValue);
        var exitZero = command.Option("--exit-zero", "exit 0 even when there are findings (they are still reported)", CommandOptionType.NoValue);
        var output = command.Option("-o|--output <FILE>", "write the report to FILE instead of standard output", CommandOptionType.SingleValue);
        var statistics = command.Option("--statistics", "print how many findings each rule has (instead of the text report)", CommandOptionType.NoValue);
        var quiet = command.Option("-q|--quiet", "print the findings only: no summary line", CommandOptionType.NoValue);
        var stdinName = command.Option("--stdin-filename <NAME>", "with -: the path the standard input stands for (its kind, its host)", CommandOptionType.SingleValue);
        var color = command.Option("--color <WHEN>", "auto (default: a terminal without NO_COLOR or TERM=dumb), always or never", CommandOptionType.SingleValue);
        var verbose = command.Option("-v|--verbose", "also say what was not checked and why", CommandOptionType.NoValue);
        command.OnExecute(() => new LintOutput(io, new LintRequest(
            TargetOptions.Paths(paths, command),
            target,
            format.Value() ?? "text",
            TargetOptions.FailOn(failOn),
            exitZero.HasValue(),
            output.Value(),
            statistics.HasValue(),
            quiet.HasValue(),
            stdinName.Value(),
            color.Value() ?? "auto",
            verbose.HasValue())).Execute());
    }
}
