using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Text;

namespace ConfLint.Reporting;

/// <summary>
/// GitLab's Code Quality report (<c>artifacts: reports: codequality:</c>): a JSON array with one issue per finding,
/// its <c>description</c>, <c>check_name</c>, <c>fingerprint</c>, <c>severity</c> and <c>location</c> (path and lines).
/// What comes from the tree (a path, a quoted value) is shown as the text report shows it (<see cref="TerminalText"/>):
/// JSON's own escapes would be decoded back into the control or bidirectional character on GitLab's page.
/// </summary>
public sealed class GitlabReporter(ReportSettings settings) : IReporter
{
    public void Write(TextWriter output, LintResult result)
    {
        var fingerprints = Fingerprints.Of(result.Diagnostics, settings.Display);
        JsonOutput.Write(output, writer =>
        {
            writer.WriteStartArray();
            for (var i = 0; i < result.Diagnostics.Count; i++)
            {
                var diagnostic = result.Diagnostics[i];
                var location = diagnostic.Location;
                writer.WriteStartObject();
                writer.WriteString("description", TerminalText.Escape($"{diagnostic.Code} {diagnostic.Message}"));
                writer.WriteString("check_name", $"{diagnostic.Code} {diagnostic.Rule}");
                writer.WriteString("fingerprint", fingerprints[i]);
                writer.WriteString("severity", diagnostic.Severity switch
                {
                    Severity.Error => "major",
                    Severity.Warning => "minor",
                    _ => "info",
                });
                writer.WriteStartObject("location");
                writer.WriteString("path", TerminalText.Escape(settings.Display(location.Path)));
                writer.WriteStartObject("lines");
                writer.WriteNumber("begin", location.Start.Line);
                writer.WriteNumber("end", location.End.Line);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndObject();
                JsonOutput.FlushIfFull(writer);
            }

            writer.WriteEndArray();
        });
    }
}
