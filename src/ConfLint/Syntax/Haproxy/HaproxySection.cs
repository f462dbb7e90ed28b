namespace ConfLint.Syntax.Haproxy;

/// <summary>
/// A section: its header line (<c>backend app</c>, <c>defaults</c>, <c>global</c>) and the lines after it up to the
/// next section. HAProxy has no closing mark: a section ends where the next one starts, or with the file.
/// </summary>
public sealed class HaproxySection : SyntaxNode
{
    internal HaproxySection(SyntaxTree tree, HaproxyLine header, IReadOnlyList<HaproxyLine> lines)
        : base(tree)
    {
        Header = Adopt(header);
        Lines = AdoptAll(lines);
    }

    public HaproxyLine Header { get; }

    /// <summary>The section's kind: <c>global</c>, <c>defaults</c>, <c>frontend</c>, <c>backend</c>, <c>listen</c>...</summary>
    public string Kind => Header.Name;

    /// <summary>The section's name (its first argument), or null (<c>global</c>, an unnamed <c>defaults</c>).</summary>
    public string? Name => Header.Args.Count > 0 ? Header.Args[0] : null;

    public IReadOnlyList<HaproxyLine> Lines { get; }

    /// <summary>For messages: "backend 'app'", "global", "defaults".</summary>
    public string Describe() => Name is { } name ? $"{Kind} '{name}'" : Kind;

    public override SyntaxToken FirstToken => Header.FirstToken;

    public override SyntaxToken LastToken => Lines.Count > 0 ? Lines[^1].LastToken : Header.LastToken;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        yield return Header;
        foreach (var line in Lines)
        {
            yield return line;
        }
    }
}
