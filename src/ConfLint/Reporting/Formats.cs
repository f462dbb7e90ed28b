using ConfLint.Reporting.Trees;

namespace ConfLint.Reporting;

/// <summary>Every output format, by command: one registry shape for <c>lint --format</c> and <c>parse --format</c>.</summary>
public static class Formats
{
    public static FormatRegistry<IReporter> Lint(ReportSettings settings) => new(
        ("text", new TextReporter(settings)),
        ("json", new JsonReporter(settings)),
        ("sarif", new SarifReporter(settings)),
        ("github", new GithubReporter(settings)),
        ("gitlab", new GitlabReporter(settings)),
        ("junit", new JunitReporter(settings)));

    public static FormatRegistry<ITreeFormat> Parse { get; } = new(
        ("json", new JsonTreeFormat()),
        ("source", new SourceTreeFormat()));
}
