namespace ConfLint.Syntax.Ini;

/// <summary>A section of an INI-shaped file: its <c>[name]</c> header and the entries up to the next header.</summary>
public abstract class IniSection<TEntry> : SyntaxNode
    where TEntry : SyntaxNode
{
    protected IniSection(SyntaxTree tree, SyntaxToken openBracket, SyntaxToken nameToken, SyntaxToken closeBracket, IReadOnlyList<TEntry> entries)
        : base(tree)
    {
        OpenBracket = openBracket;
        NameToken = nameToken;
        CloseBracket = closeBracket;
        Entries = AdoptAll(entries);
    }

    public SyntaxToken OpenBracket { get; }

    /// <summary>The name between the brackets; an empty token for <c>[]</c>.</summary>
    public SyntaxToken NameToken { get; }

    public SyntaxToken CloseBracket { get; }

    public IReadOnlyList<TEntry> Entries { get; }

    /// <summary>The section's name as the daemon reads it.</summary>
    public string Name => NameToken.Value;

    public override SyntaxToken FirstToken => OpenBracket;

    public override SyntaxToken LastToken => Entries.Count > 0 ? Entries[^1].LastToken : CloseBracket;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        yield return OpenBracket;
        yield return NameToken;
        yield return CloseBracket;
        foreach (var entry in Entries)
        {
            yield return entry;
        }
    }
}
