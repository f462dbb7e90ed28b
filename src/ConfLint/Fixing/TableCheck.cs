using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Text;
using ConfLint.Validation;
using ConfLint.Workspace;

namespace ConfLint.Fixing;

/// <summary>
/// After the grammar, the directive tables: a round's fixes are applied to a copy of the overlay, the tree is loaded
/// again and CL000 (<see cref="ConfigValidator"/>) judges it. A fix after which the daemon would refuse something it
/// did not refuse before (a directive in a context that does not take it, a value of the wrong type, buffer sizes nginx
/// rejects) is rejected, with the daemon's words, like a fix that breaks the syntax. Refusals are counted per file and
/// message, so that what the tree already had, and lines that only moved, do not count against a fix.
/// </summary>
internal static class TableCheck
{
    /// <summary>The fixes of a round the tables accept, and the tree loaded with exactly those applied (null when it
    /// was not loaded with them: then the engine loads it).</summary>
    public static (List<(Diagnostic Diagnostic, Fix Fix)> Accepted, ConfigWorkspace? Loaded) Filter(
        ConfigWorkspace workspace, LoadOptions load, IReadOnlyDictionary<string, byte[]> overlay, ConfLintConfig config,
        List<(Diagnostic Diagnostic, Fix Fix)> taken, List<string> rejected)
    {
        var before = Refusals(ConfigValidator.Check(workspace, config));
        var (together, newTogether) = Judge(workspace, load, overlay, config, taken, before);
        if (newTogether.Count == 0)
        {
            return (taken, together);
        }

        // Something new is refused: find the fixes that cause it. A fix that is fine alone but not with the ones
        // accepted before it waits for the next round (the finding is still there then).
        var accepted = new List<(Diagnostic Diagnostic, Fix Fix)>();
        ConfigWorkspace? loaded = null;
        foreach (var candidate in taken)
        {
            var (withIt, refused) = Judge(workspace, load, overlay, config, [.. accepted, candidate], before);
            if (refused.Count == 0)
            {
                accepted.Add(candidate);
                loaded = withIt;
                continue;
            }

            var (_, alone) = accepted.Count == 0 ? (null, refused) : Judge(workspace, load, overlay, config, [candidate], before);
            if (alone.Count > 0)
            {
                var (diagnostic, fix) = candidate;
                var why = $"{diagnostic.Location}: the fix for {diagnostic.Code} ({fix.Title}) was not applied: the daemon would refuse the result ({string.Join("; ", alone)})";
                if (!rejected.Contains(why))
                {
                    // A round after this one meets the same finding and the same fix again: say it once.
                    rejected.Add(why);
                }
            }
        }

        return (accepted, loaded);
    }

    private static (ConfigWorkspace Loaded, List<string> NewRefusals) Judge(
        ConfigWorkspace workspace, LoadOptions load, IReadOnlyDictionary<string, byte[]> overlay, ConfLintConfig config,
        IReadOnlyList<(Diagnostic Diagnostic, Fix Fix)> fixes, Dictionary<(string, string), int> before)
    {
        var files = new Dictionary<string, byte[]>(overlay, StringComparer.Ordinal);
        foreach (var group in fixes.SelectMany(f => f.Fix.Edits).GroupBy(e => e.File))
        {
            SourceText? source = null;
            if (!group.First().CreatesFile && !FixEngine.TryRead(workspace, group.Key, out source))
            {
                continue;
            }

            var text = TextEdit.Apply(source?.Text ?? string.Empty, group.OrderBy(e => e.Edit.Span.Start).Select(e => e.Edit));
            var encoding = source?.Encoding ?? new System.Text.UTF8Encoding(false);
            files[group.Key.Path] = encoding.GetBytes(text);
        }

        var loaded = WorkspaceLoader.Load(load with { Overlay = files });
        var after = Refusals(ConfigValidator.Check(loaded, config));
        var added = new List<string>();
        foreach (var (key, count) in after)
        {
            if (count > before.GetValueOrDefault(key))
            {
                added.Add($"{key.Item1}: {key.Item2}");
            }
        }

        return (loaded, added);
    }

    /// <summary>What CL000 refuses (errors only; systemd's ignored lines are warnings), counted per file and message.</summary>
    private static Dictionary<(string, string), int> Refusals(IReadOnlyList<Diagnostic> findings)
    {
        var counts = new Dictionary<(string, string), int>();
        foreach (var finding in findings.Where(f => f.Severity == Severity.Error))
        {
            var key = (finding.Location.Path, finding.Message);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }
}
