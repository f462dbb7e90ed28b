using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Text;

namespace ConfLint.Reporting;

/// <summary>GitHub Actions workflow commands: one <c>::error file=...,line=...::message</c> per finding.</summary>
public sealed class GithubReporter(ReportSettings settings) : IReporter
{
    public void Write(TextWriter writer, LintResult result)
    {
        foreach (var diagnostic in result.Diagnostics)
        {
            var level = diagnostic.Severity switch
            {
                Severity.Error => "error",
                Severity.Warning => "warning",
                _ => "notice",
            };
            var l = diagnostic.Location;
            writer.WriteLine(
                $"::{level} file={Property(settings.Display(l.Path))},line={l.Start.Line},col={l.Start.Column},endLine={l.End.Line},endColumn={l.End.Column}," +
                $"title={Property($"{diagnostic.Code} {diagnostic.Rule}")}::{Data(diagnostic.Message)}");
        }

        if (!settings.Quiet)
        {
            writer.WriteLine(TextReporter.Summary(result));
        }
    }

    /// <summary>A message as GitHub's runner reads it (% CR LF encoded), its other control characters shown, not
    /// passed on (the log renders escape sequences).</summary>
    private static string Data(string text) => TerminalText.Escape(text.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A"));

    private static string Property(string text) => Data(text).Replace(":", "%3A").Replace(",", "%2C");
}
