namespace ConfLint.Syntax.Ini;

/// <summary>A section of an INI-shaped file: its <c>[name]</c> header and the lines up to the next header (the
/// entries, and in systemd the lines the daemon logs and ignores).</summary>
public abstract class IniSection<TEntry> : SyntaxNode
    where TEntry : SyntaxNode
{
    protected IniSection(SyntaxTree tree, SyntaxToken openBracket, SyntaxToken nameToken, SyntaxToken closeBracket, IReadOnlyList<SyntaxNode> lines)
        : base(tree)
    {
        OpenBracket = openBracket;
        NameToken = nameToken;
        CloseBracket = closeBracket;
        Lines = AdoptAll(lines);
        Entries = EntriesOf(lines);
    }

    /// <summary>The entries among <paramref name="lines"/>: the same array when it holds only entries (nearly every
    /// section of a parsed file), else a new one, without a query's iterator for each of a host's thousands of sections.</summary>
    internal static IReadOnlyList<TEntry> EntriesOf(IReadOnlyList<SyntaxNode> lines)
    {
        if (lines is TEntry[] entries)
        {
            return entries;
        }

        var count = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            count += lines[i] is TEntry ? 1 : 0;
        }

        if (count == 0)
        {
            return [];
        }

        var found = new TEntry[count];
        for (int i = 0, j = 0; i < lines.Count; i++)
        {
            if (lines[i] is TEntry entry)
            {
                found[j++] = entry;
            }
        }

        return found;
    }

    public SyntaxToken OpenBracket { get; }

    /// <summary>The name between the brackets; an empty token for <c>[]</c>.</summary>
    public SyntaxToken NameToken { get; }

    public SyntaxToken CloseBracket { get; }

    public IReadOnlyList<TEntry> Entries { get; }

    /// <summary>Every line of the section in document order: the entries and any line the daemon ignores.</summary>
    public IReadOnlyList<SyntaxNode> Lines { get; }

    /// <summary>The section's name as the daemon reads it.</summary>
    public string Name => NameToken.Value;

    public override SyntaxToken FirstToken => OpenBracket;

    public override SyntaxToken LastToken => Lines.Count > 0 ? Lines[^1].LastToken : CloseBracket;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        yield return OpenBracket;
        yield return NameToken;
        yield return CloseBracket;
        foreach (var line in Lines)
        {
            yield return line;
        }
    }
}
