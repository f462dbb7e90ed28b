using System.Text.RegularExpressions;
using ConfLint.Catalog;
using ConfLint.Syntax;
using ConfLint.Text;

namespace ConfLint.Linting;

/// <summary>
/// Finds suppression comments: <c>conflint: ignore CL005 -- reason</c> on the line of a finding or alone on the
/// line before it, <c>conflint: ignore-file CL011</c> anywhere. Only real comments count (the tree says what
/// is a comment: <c>#</c> in nginx, Apache and systemd, <c>;</c> or <c>#</c> in PHP-FPM).
/// </summary>
public static partial class SuppressionScanner
{
    [GeneratedRegex(@"conflint:\s*(?<kind>ignore-file|ignore)\s+(?<codes>[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)(?:\s*--\s*(?<reason>.*\S))?")]
    private static partial Regex Pattern();

    public static IReadOnlyList<Suppression> Scan(SyntaxTree tree)
    {
        var source = tree.Source;
        var found = new List<Suppression>();
        var at = source.IndexOf("conflint:", 0);
        while (at >= 0)
        {
            if (tree.FindComment(at) is { } comment)
            {
                var match = Pattern().Match(source.ToString(TextSpan.FromBounds(at, comment.Span.End)));
                if (match.Success)
                {
                    var codes = match.Groups["codes"].Value.Split(',', StringSplitOptions.TrimEntries)
                        .Select(c => RuleCatalog.Find(c)?.Code ?? c.ToUpperInvariant())
                        .ToList();
                    var line = tree.Source.GetLinePosition(comment.Span.Start).Line;
                    var alone = IsAloneOnLine(tree.Source, comment.Span.Start);
                    found.Add(new Suppression(tree.Source, comment.Span, codes, alone ? line + 1 : line, match.Groups["kind"].Value == "ignore-file"));
                }
            }

            at = source.IndexOf("conflint:", at + 9);
        }

        return found;
    }

    private static bool IsAloneOnLine(SourceText source, int position)
    {
        var lineStart = source.GetLineSpan(source.GetLinePosition(position).Line).Start;
        for (var i = lineStart; i < position; i++)
        {
            if (source[i] is not (' ' or '\t' or '\uFEFF'))
            {
                return false;
            }
        }

        return true;
    }
}
