namespace ConfLint.Diagnostics;

/// <summary>
/// Whether a fix keeps behaviour (safe), may change it and needs review (unsafe, applied with
/// <c>--unsafe-fixes</c>), or is advice shown but never applied automatically (display-only), as in ruff.
/// </summary>
public enum Applicability
{
    Safe,
    Unsafe,
    DisplayOnly,
}

public static class Applicabilities
{
    /// <summary>The name in JSON: <c>safe</c>, <c>unsafe</c>, <c>display-only</c>.</summary>
    public static string Name(this Applicability applicability) => applicability switch
    {
        Applicability.Safe => "safe",
        Applicability.Unsafe => "unsafe",
        Applicability.DisplayOnly => "display-only",
        _ => throw new ArgumentOutOfRangeException(nameof(applicability)),
    };
}
