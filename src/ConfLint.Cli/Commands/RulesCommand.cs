using ConfLint.Diagnostics;
using ConfLint.Catalog;
using ConfLint.Reporting;
using McMaster.Extensions.CommandLineUtils;

namespace ConfLint.Cli.Commands;

/// <summary><c>conflint rules [CODE|SLUG]</c>: the list of rules, or one rule's documentation.</summary>
internal static class RulesCommand
{
    public static void Configure(CommandLineApplication command, CliIO io)
    {
        command.Description = "List the rules, or explain one.";
        var which = command.Argument("CODE", "a rule code (CL003) or slug (fpm-socket-permissions)");
        command.OnExecute(() =>
        {
            if (which.Value is null)
            {
                foreach (var rule in RuleCatalog.Rules)
                {
                    io.Out.WriteLine($"{rule.Code}  {rule.Slug,-36} {rule.DefaultSeverity.Name(),-8} {rule.Title}  {RuleDocs.Url(rule)}");
                }

                return ExitCodes.Clean;
            }

            var found = RuleCatalog.Find(which.Value) ?? throw new UsageException($"unknown rule '{which.Value}': `conflint rules` lists them");
            Explain(io.Out, found);
            return ExitCodes.Clean;
        });
    }

    private static void Explain(TextWriter writer, RuleMetadata rule)
    {
        writer.WriteLine($"{rule.Code} {rule.Slug}: {rule.Title}");
        writer.WriteLine($"Default severity: {rule.DefaultSeverity.Name()}");
        Section(writer, "What it finds", rule.Summary);
        Section(writer, "Why it leads to 502", rule.Why);
        if (rule.Options.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Options (in .conflint.yml under rules: " + rule.Code + "):");
            foreach (var option in rule.Options)
            {
                writer.WriteLine($"  {option.Name} ({option.Type}, default {option.Default}): {Flow(option.Description)}");
            }
        }

        writer.WriteLine();
        writer.WriteLine("Example:");
        writer.WriteLine(Indent(rule.BadExample));
        writer.WriteLine();
        writer.WriteLine("Use instead:");
        writer.WriteLine(Indent(rule.GoodExample));
        if (rule.FixSafety is { } safety)
        {
            Section(writer, "Fix safety", safety);
        }

        writer.WriteLine();
        writer.WriteLine("Documentation: " + RuleDocs.Url(rule));
    }

    private static void Section(TextWriter writer, string heading, string text)
    {
        writer.WriteLine();
        writer.WriteLine(heading + ":");
        writer.WriteLine("  " + Flow(text));
    }

    private static string Flow(string text) => string.Join(' ', text.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));

    private static string Indent(string text) => string.Join('\n', text.TrimEnd().Split('\n').Select(l => "    " + l));
}
