using ConfLint.Reporting.Trees;

namespace ConfLint.Reporting;

/// <summary>Every output format, by command: one registry shape for <c>lint --format</c> and <c>parse --format</c>.</summary>
public static class Formats
{
    /// <param name="color">Whether the text report may use colour.</param>
    /// <param name="version">ConfLint's version, for SARIF's tool section.</param>
    public static FormatRegistry<IReporter> Lint(bool color, string version) => new(
        ("text", new TextReporter(color)),
        ("json", new JsonReporter()),
        ("sarif", new SarifReporter(version)),
        ("github", new GithubReporter()));

    public static FormatRegistry<ITreeFormat> Parse { get; } = new(
        ("json", new JsonTreeFormat()),
        ("source", new SourceTreeFormat()));
}
