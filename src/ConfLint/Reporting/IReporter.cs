using ConfLint.Linting;

namespace ConfLint.Reporting;

/// <summary>A format of <c>conflint lint</c>'s report (text, json, sarif, github): see <see cref="Formats.Lint"/>.</summary>
public interface IReporter
{
    void Write(TextWriter writer, LintResult result);
}
