using ConfLint.Catalog;

namespace ConfLint.Linting;

/// <summary><c>--select</c> and <c>--ignore</c>: which codes run. Codes or slugs, comma-separated; <c>ALL</c> selects every rule.</summary>
public sealed class RuleSelection
{
    public static readonly RuleSelection All = new(null, new HashSet<string>());

    private RuleSelection(IReadOnlySet<string>? selected, IReadOnlySet<string> ignored)
    {
        Selected = selected;
        Ignored = ignored;
    }

    /// <summary>Null means every rule.</summary>
    public IReadOnlySet<string>? Selected { get; }

    public IReadOnlySet<string> Ignored { get; }

    /// <summary>Builds a selection; an unknown code or slug throws <see cref="ArgumentException"/> naming it.</summary>
    public static RuleSelection Parse(string? select, string? ignore) =>
        new(select is null ? null : Codes(select, "--select"), ignore is null ? new HashSet<string>() : Codes(ignore, "--ignore"));

    public bool IsEnabled(string code) => (Selected is null || Selected.Contains(code) || code == EngineRules.SyntaxErrorCode) && !Ignored.Contains(code);

    private static HashSet<string> Codes(string list, string option)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item.Equals("ALL", StringComparison.OrdinalIgnoreCase))
            {
                codes.UnionWith(RuleCatalog.Rules.Select(r => r.Code));
                continue;
            }

            var rule = RuleCatalog.Find(item) ?? throw new ArgumentException($"{option}: unknown rule '{item}' (see `conflint rules`)");
            codes.Add(rule.Code);
        }

        return codes;
    }
}
