using ConfLint.Diagnostics;

namespace ConfLint.Catalog;

/// <summary>
/// The codes the engine reports itself rather than through a rule class, declared here once: CL000 (a file its
/// daemon would not read, from loading) and CL017 (a suppression that silences nothing, from linting). Their
/// documentation and severity are in <c>rules/</c> like any rule's.
/// </summary>
public static class EngineRules
{
    public const string SyntaxErrorCode = "CL000";

    public const string UnusedSuppressionCode = "CL017";

    public static IReadOnlyList<string> Codes { get; } = [SyntaxErrorCode, UnusedSuppressionCode];

    public static RuleMetadata SyntaxError => RuleCatalog.Get(SyntaxErrorCode);

    public static RuleMetadata UnusedSuppression => RuleCatalog.Get(UnusedSuppressionCode);

    /// <summary>A CL000 finding: a file that does not parse or cannot be read, an include that fails.</summary>
    public static Diagnostic SyntaxErrorAt(Location location, string message) => SyntaxError.Report(location, message);
}
