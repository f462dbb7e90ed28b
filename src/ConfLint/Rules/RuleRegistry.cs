namespace ConfLint.Rules;

/// <summary>
/// Every rule ConfLint runs, in code order: each sealed <see cref="Rule"/> of this assembly, so that adding a rule is
/// adding its file. A convention test checks each against rules/ and fixtures/.
/// </summary>
public static class RuleRegistry
{
    public static readonly IReadOnlyList<Rule> All = typeof(Rule).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(Rule)) && !type.IsAbstract)
        .Select(type => (Rule)Activator.CreateInstance(type)!)
        .OrderBy(rule => rule.Code, StringComparer.Ordinal)
        .ToList();
}
