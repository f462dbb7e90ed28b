using System.Security.Cryptography;
using System.Text;
using ConfLint.Diagnostics;

namespace ConfLint.Reporting;

/// <summary>
/// A stable identity per finding for code-scanning dashboards (SARIF <c>partialFingerprints</c>, GitLab's
/// <c>fingerprint</c>): the code, the file, and the text of the finding's first line without its indentation, plus
/// how many findings before it share all three. Lines added above a finding do not change it; editing the line does.
/// </summary>
public static class Fingerprints
{
    public static IReadOnlyList<string> Of(IReadOnlyList<Diagnostic> diagnostics, Func<string, string> display)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new string[diagnostics.Count];
        for (var i = 0; i < diagnostics.Count; i++)
        {
            var d = diagnostics[i];
            var location = d.Location;
            var line = location.Source is { } source && location.Start.Line <= source.LineCount
                ? source.GetLineText(location.Start.Line).Trim()
                : string.Empty;
            var key = $"{d.Code}\0{display(location.Path)}\0{line}";
            seen[key] = seen.GetValueOrDefault(key) + 1;
            result[i] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{key}\0{seen[key]}")));
        }

        return result;
    }
}
