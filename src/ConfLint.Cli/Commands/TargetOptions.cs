using ConfLint.Diagnostics;
using McMaster.Extensions.CommandLineUtils;

namespace ConfLint.Cli.Commands;

/// <summary>The options lint and fix share: what to read, which settings, which rules.</summary>
internal sealed record TargetOptions(CommandOption RootOption, CommandOption ConfigOption, CommandOption SelectOption, CommandOption IgnoreOption, CommandOption ComposeOption)
{
    public string? Root => RootOption.Value();

    public string? Config => ConfigOption.Value();

    public string? Select => SelectOption.Value();

    public string? Ignore => IgnoreOption.Value();

    /// <summary>The <c>--compose</c> files, in the order given (merged as <c>docker compose -f</c> merges them).</summary>
    public IReadOnlyList<string> Compose => ComposeOption.Values.OfType<string>().ToList();

    /// <summary>The PATH arguments, then every word after <c>--</c>.</summary>
    public static List<string> Paths(CommandArgument paths, CommandLineApplication command) =>
        [.. paths.Values.OfType<string>(), .. command.RemainingArguments];

    /// <summary><c>--fail-on</c>'s severity, <c>warning</c> when it is not given.</summary>
    public static Severity FailOn(CommandOption option)
    {
        if (!option.HasValue())
        {
            return Severity.Warning;
        }

        return Severities.TryParse(option.Value(), out var severity)
            ? severity
            : throw new UsageException($"--fail-on: '{option.Value()}' is not info, warning or error");
    }

    public static TargetOptions Add(CommandLineApplication command) => new(
        command.Option("--root <DIR>", "treat DIR as a server's / (--root / on a live server)", CommandOptionType.SingleValue),
        command.Option("--config <FILE>", "settings file (default: .conflint.yml in the linted folder or root)", CommandOptionType.SingleValue),
        command.Option("--select <CODES>", "only these rules (codes or slugs, comma-separated)", CommandOptionType.SingleValue),
        command.Option("--ignore <CODES>", "not these rules (codes or slugs, comma-separated)", CommandOptionType.SingleValue),
        command.Option("--compose <FILE>", "a Compose file of the deployment (repeat for overrides, merged in order as docker compose -f merges them)", CommandOptionType.MultipleValue));
}
