namespace ConfLint.Reporting;

/// <summary>
/// How a report names things: ConfLint's version, colour, and where paths start. Diagnostics carry paths relative
/// to <c>--root</c> (or as named); <see cref="PathPrefix"/> turns them into paths of the current folder when the
/// linted tree lies below it, so CI annotations and editors name files of the repository (text, SARIF, GitHub,
/// GitLab, JUnit). JSON keeps the root-relative paths and names the root instead.
/// </summary>
public sealed record ReportSettings
{
    public string Version { get; init; } = "0.0.0";

    /// <summary>Whether the text report may use ANSI colour.</summary>
    public bool Color { get; init; }

    /// <summary>Put before every path in the repository-path formats (<c>hosts/web1/</c>); empty when none.</summary>
    public string PathPrefix { get; init; } = string.Empty;

    /// <summary>The <c>--root</c> as given, for JSON's <c>root</c>; null without one.</summary>
    public string? Root { get; init; }

    /// <summary>The absolute folder the repository-path formats' paths are relative to (SARIF's <c>%SRCROOT%</c>).</summary>
    public string? BaseFolder { get; init; }

    /// <summary>Only the findings: no summary line (<c>--quiet</c>).</summary>
    public bool Quiet { get; init; }

    /// <summary>A diagnostic's path as the repository-path formats name it.</summary>
    public string Display(string path) => PathPrefix.Length == 0 || path.StartsWith('/') ? path : PathPrefix + path;
}
