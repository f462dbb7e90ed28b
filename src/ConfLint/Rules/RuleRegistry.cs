using System.Diagnostics.CodeAnalysis;

namespace ConfLint.Rules;

/// <summary>
/// Every rule ConfLint runs, in code order: each sealed <see cref="Rule"/> of this assembly, so that adding a rule is
/// adding its file (and running tools/GenDocs, which writes its page and <c>RuleList.g.cs</c>). The list is written
/// out rather than found by reflection at each start: enumerating the assembly's types cost a fifth of a one-file
/// run of the native executable. A test fails when the list and the assembly disagree.
/// </summary>
public static partial class RuleRegistry
{
    public static readonly IReadOnlyList<Rule> All = Listed().OrderBy(rule => rule.Code, StringComparer.Ordinal).ToList();

    /// <summary>The rule classes of the assembly, found by reflection: what <c>RuleList.g.cs</c> is written from and
    /// checked against. Not for the native executable.</summary>
    [RequiresUnreferencedCode("Enumerates the assembly's types; for tools/GenDocs and the tests.")]
    public static IReadOnlyList<Type> Discover() => typeof(Rule).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(Rule)) && !type.IsAbstract)
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .ToList();

    /// <summary>The text of <c>src/ConfLint/Rules/RuleList.g.cs</c> for <paramref name="rules"/>.</summary>
    public static string ListSource(IEnumerable<Type> rules)
    {
        var text = new System.Text.StringBuilder();
        text.Append("// Written by tools/GenDocs from the rule classes of this folder: do not edit, run `dotnet run --project tools/GenDocs`.\n");
        text.Append("namespace ConfLint.Rules;\n\npublic static partial class RuleRegistry\n{\n    private static Rule[] Listed() =>\n    [\n");
        foreach (var type in rules.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append("        new ").Append(type.FullName!.StartsWith("ConfLint.Rules.", StringComparison.Ordinal) ? type.FullName["ConfLint.Rules.".Length..] : "global::" + type.FullName).Append("(),\n");
        }

        text.Append("    ];\n}\n");
        return text.ToString();
    }

    /// <summary>Where the list is written, from the repository's top.</summary>
    public const string ListPath = "src/ConfLint/Rules/RuleList.g.cs";
}
