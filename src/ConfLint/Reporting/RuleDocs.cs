using System.Reflection;
using System.Text;
using ConfLint.Catalog;
using ConfLint.Diagnostics;

namespace ConfLint.Reporting;

/// <summary>
/// A rule's page, <c>docs/rules/CLnnn.md</c>, written from its <c>rules/*.yaml</c> (the same markdown is SARIF's
/// rule <c>help</c>), and the page's address in the repository (<c>conflint rules</c>, SARIF's <c>helpUri</c>).
/// <c>tools/GenRuleDocs</c> writes the pages; a test fails when one is stale.
/// </summary>
public static class RuleDocs
{
    /// <summary>The repository's web address (RepositoryUrl in Directory.Build.props).</summary>
    public static string RepositoryUrl { get; } =
        typeof(RuleDocs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryUrl")?.Value?.TrimEnd('/')
        ?? "https://github.com/conflint/conflint";

    /// <summary>Where a rule's page is, relative to the repository's top.</summary>
    public static string RelativePath(RuleMetadata rule) => $"docs/rules/{rule.Code}.md";

    public static string Url(RuleMetadata rule) => $"{RepositoryUrl}/blob/main/{RelativePath(rule)}";

    /// <summary>The page: what it finds, why it leads to 502, an example and its correction, options, fix safety.</summary>
    public static string Markdown(RuleMetadata rule)
    {
        var page = new StringBuilder();
        page.Append("# ").Append(rule.Code).Append(" (").Append(rule.Slug).Append(")\n\n");
        page.Append(rule.Title).Append(". Default severity: ").Append(rule.DefaultSeverity.Name()).Append(".\n\n");
        page.Append("## What it finds\n\n").Append(Paragraph(rule.Summary)).Append("\n\n");
        page.Append("## Why it leads to 502\n\n").Append(Paragraph(rule.Why)).Append("\n\n");
        page.Append("## Example\n\n").Append(Code(rule.BadExample)).Append('\n');
        page.Append("## Use instead\n\n").Append(Code(rule.GoodExample)).Append('\n');
        if (rule.Options.Count > 0)
        {
            page.Append("## Options\n\nIn `.conflint.yml`, under `rules: ").Append(rule.Code).Append("` (and `severity`):\n\n");
            page.Append("| option | type | default | meaning |\n| --- | --- | --- | --- |\n");
            foreach (var option in rule.Options)
            {
                page.Append("| `").Append(option.Name).Append("` | ").Append(option.Type).Append(" | `").Append(option.Default).Append("` | ")
                    .Append(Paragraph(option.Description).Replace("|", "\\|")).Append(" |\n");
            }

            page.Append('\n');
        }

        if (rule.FixSafety is { } safety)
        {
            page.Append("## Fix safety\n\n").Append(Paragraph(safety)).Append("\n\n");
        }

        page.Append("Explain it in a terminal with `conflint rules ").Append(rule.Code).Append("`; silence it on one line with `# conflint: ignore ")
            .Append(rule.Code).Append(" -- reason`.\n");
        return page.ToString();
    }

    private static string Paragraph(string text) => string.Join(' ', text.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));

    private static string Code(string text)
    {
        var fence = text.Contains("```", StringComparison.Ordinal) ? "````" : "```";
        return $"{fence}\n{text.TrimEnd()}\n{fence}\n";
    }
}
