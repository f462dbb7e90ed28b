using ConfLint.Diagnostics;
using ConfLint.Text;
using ConfLint.Workspace.Compose;
using YamlDotNet.RepresentationModel;

namespace ConfLint.Rules.Support;

/// <summary>
/// Edits of a Compose file at the positions YamlDotNet gives: a value replaced where it is written, a key added as a
/// line of the service's block mapping at its keys' indentation. The document is never re-serialized, so comments,
/// quoting and layout stay as they are.
/// </summary>
internal static class ComposeEdits
{
    /// <summary>Sets <paramref name="key"/> of a service: its value replaced where <paramref name="existing"/> is written,
    /// else a new line before the first key of the service's first block mapping; null for a flow mapping (<c>{...}</c>).</summary>
    public static FileEdit? Set(ComposeService service, string key, string value, ComposeNode? existing)
    {
        if (existing is not null)
        {
            return existing.Node is YamlScalarNode ? Edits.Replace(existing.File, existing.Span, value) : null;
        }

        return InsertLines(service, [$"{key}: {value}"]);
    }

    /// <summary>Lines added before the first key of the service's first block mapping, each indented as its keys are
    /// (a line starting with blanks keeps them after that indentation).</summary>
    public static FileEdit? InsertLines(ComposeService service, IReadOnlyList<string> lines)
    {
        var body = service.Bodies.FirstOrDefault();
        if (body?.Node is not YamlMappingNode { Style: not YamlDotNet.Core.Events.MappingStyle.Flow } map || map.Children.Count == 0 || body.File.Source is not { } source)
        {
            return null;
        }

        var firstKey = (int)map.Children.First().Key.Start.Index;
        var text = source.Text;
        var lineStart = firstKey == 0 ? 0 : text.LastIndexOf('\n', firstKey - 1) + 1;
        var indent = text[lineStart..firstKey];
        if (indent.Any(c => c is not (' ' or '\t')))
        {
            return null;
        }

        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var inserted = string.Concat(lines.Select(l => indent + l + newline));
        return Edits.Replace(body.File, new TextSpan(lineStart, 0), inserted);
    }
}
