namespace ConfLint.Cli;

/// <summary>The exit codes of the contract.</summary>
public static class ExitCodes
{
    /// <summary>Nothing at or above <c>--fail-on</c>; for <c>fix --dry-run</c>, nothing to change.</summary>
    public const int Clean = 0;

    /// <summary>Diagnostics at or above <c>--fail-on</c>; for <c>fix --dry-run</c>, changes to make.</summary>
    public const int Findings = 1;

    /// <summary>Usage error, unreadable input, bad configuration, or an internal error.</summary>
    public const int Error = 2;
}
