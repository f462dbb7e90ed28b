using System.Diagnostics.CodeAnalysis;

namespace ConfLint.Rules;

/// <summary>
/// Every rule ConfLint runs, in code order: each sealed <see cref="Rule"/> of this assembly, so that adding a rule is
/// adding its file. A convention test checks each against rules/ and fixtures/.
/// </summary>
public static class RuleRegistry
{
    public static readonly IReadOnlyList<Rule> All = Discover();

    // The native build keeps every type of this assembly and its constructors: ConfLint.Cli.csproj roots it
    // (TrimmerRootAssembly), so the types listed here are all there and each can be constructed.
    [UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification = "ConfLint.Core is a trimmer root assembly (ConfLint.Cli.csproj).")]
    [UnconditionalSuppressMessage("Trimming", "IL2067:DynamicallyAccessedMembers", Justification = "ConfLint.Core is a trimmer root assembly (ConfLint.Cli.csproj): every rule keeps its constructor.")]
    private static List<Rule> Discover() => typeof(Rule).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(Rule)) && !type.IsAbstract)
        .Select(type => (Rule)Activator.CreateInstance(type)!)
        .OrderBy(rule => rule.Code, StringComparer.Ordinal)
        .ToList();
}
