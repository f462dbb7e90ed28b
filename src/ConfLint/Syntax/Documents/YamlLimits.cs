using YamlDotNet.Core;
using Events = YamlDotNet.Core.Events;

namespace ConfLint.Syntax.Documents;

/// <summary>
/// What a YAML file of a tree (a Compose file, a PM2 ecosystem file, <c>.conflint.yml</c>) may ask of ConfLint before
/// any node is built: at most <see cref="MaxDepth"/> nested collections (YamlDotNet builds nodes recursively, and its
/// scanner takes time that grows with the square of the flow nesting: 20,000 <c>[</c> overflowed the stack, 100,000
/// never ended), and at most <see cref="MaxNodes"/> nodes once every alias is counted as the node it names (a
/// "billion laughs" file is a few lines whose aliases multiply). Read lazily from YamlDotNet's parser, so a
/// file over either limit stops at the place it crosses it.
/// </summary>
internal static class YamlLimits
{
    public const int MaxDepth = 100;

    /// <summary>The top mapping of a text that is one YAML document within the limits; null for anything else (several
    /// documents, a scalar or a sequence at the top, a text beyond the limits or one YamlDotNet cannot read). For the
    /// application servers' own settings files (Home Assistant's, Gotify's).</summary>
    public static YamlDotNet.RepresentationModel.YamlMappingNode? SingleMapping(string text)
    {
        try
        {
            if (Check(text) is not null)
            {
                return null;
            }

            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count == 1 ? stream.Documents[0].RootNode as YamlDotNet.RepresentationModel.YamlMappingNode : null;
        }
        catch (YamlException)
        {
            return null;
        }
    }

    public const int MaxNodes = 200_000;

    /// <summary>Why the text is beyond the limits, and where (a character offset); null when it is not. A text
    /// YamlDotNet cannot read throws its <see cref="YamlException"/>.</summary>
    public static (int Position, string Message)? Check(string text)
    {
        var parser = new Parser(new StringReader(text));
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long Nodes)>();
        long total = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            var at = (int)Math.Min(current.Start.Index, text.Length);
            long nodes;
            switch (current)
            {
                case Events.MappingStart or Events.SequenceStart:
                    if (open.Count >= MaxDepth)
                    {
                        return (at, $"YAML collections nested deeper than {MaxDepth} levels: not read");
                    }

                    open.Push((AnchorOf(current), 1));
                    continue;
                case Events.MappingEnd or Events.SequenceEnd:
                    (var anchor, nodes) = open.Pop();
                    Remember(sizes, anchor, nodes);
                    break;
                case Events.Scalar:
                    nodes = 1;
                    Remember(sizes, AnchorOf(current), nodes);
                    break;
                case Events.AnchorAlias alias:
                    nodes = sizes.TryGetValue(alias.Value.Value, out var size) ? size : 1;
                    break;
                default:
                    continue;
            }

            // Every finished node holds at most MaxNodes, so these sums stay far from overflowing.
            if (open.Count > 0)
            {
                var (anchor, count) = open.Pop();
                open.Push((anchor, count + nodes));
                nodes = count + nodes;
            }
            else
            {
                total += nodes;
                nodes = total;
            }

            if (nodes > MaxNodes)
            {
                return (at, $"more than {MaxNodes} YAML nodes once aliases are counted (aliases that multiply the document): not read");
            }
        }

        return null;
    }

    private static string? AnchorOf(Events.ParsingEvent current) =>
        current is Events.NodeEvent { Anchor: { IsEmpty: false } anchor } ? anchor.Value : null;

    private static void Remember(Dictionary<string, long> sizes, string? anchor, long nodes)
    {
        if (anchor is not null)
        {
            sizes[anchor] = nodes;
        }
    }
}
