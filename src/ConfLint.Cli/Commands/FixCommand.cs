using McMaster.Extensions.CommandLineUtils;

namespace ConfLint.Cli.Commands;

/// <summary>
/// <c>conflint fix [PATH...] [--root DIR] [--dry-run] [--unsafe-fixes] [--verify [--verify-best-effort]] [--select/--ignore CODES]</c>:
/// the options; the run itself is <see cref="FixRun"/>.
/// </summary>
internal static class FixCommand
{
    public static void Configure(CommandLineApplication command, CliIO io)
    {
        command.Description = "Fix what can be fixed: minimal edits, shown as a unified diff (--dry-run) or written atomically.";
        var paths = command.Argument("PATH", "files or folders (default: the current folder)", multipleValues: true);
        // "--" ends the options: every word after it is a path, as a pre-commit hook passes a pull request's file
        // names (a file named "--output=x.service" is linted, not obeyed).
        command.AllowArgumentSeparator = true;
        var target = TargetOptions.Add(command);
        var dryRun = command.Option("--dry-run", "write nothing; print the unified diff of every change", CommandOptionType.NoValue);
        var unsafeFixes = command.Option("--unsafe-fixes", "also apply fixes marked unsafe (review them)", CommandOptionType.NoValue);
        var verify = command.Option("--verify", "first check the fixed configuration with nginx -t, php-fpm -t, apache2 -t and systemd-analyze verify, in a sandbox (bubblewrap)", CommandOptionType.NoValue);
        var bestEffort = command.Option("--verify-best-effort", "with --verify: also write a fix that no installed tool could judge (never one a tool rejects)", CommandOptionType.NoValue);
        var failOn = command.Option("--fail-on <SEVERITY>", "after writing, exit 1 when findings at or above this remain (default warning)", CommandOptionType.SingleValue);
        command.OnExecute(() => new FixRun(io, new FixRequest(
            TargetOptions.Paths(paths, command),
            target,
            dryRun.HasValue(),
            unsafeFixes.HasValue(),
            verify.HasValue(),
            bestEffort.HasValue(),
            TargetOptions.FailOn(failOn))).Execute());
    }
}
