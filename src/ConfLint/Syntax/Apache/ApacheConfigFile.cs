namespace ConfLint.Syntax.Apache;

/// <summary>An Apache configuration file: its top-level directives and sections, and the end-of-file token.</summary>
public sealed class ApacheConfigFile : SyntaxNode
{
    internal ApacheConfigFile(SyntaxTree tree, IReadOnlyList<ApacheItem> items, SyntaxToken endOfFile)
        : base(tree)
    {
        Items = AdoptAll(items);
        EndOfFile = endOfFile;
    }

    public IReadOnlyList<ApacheItem> Items { get; }

    public SyntaxToken EndOfFile { get; }

    /// <summary>Every item of the file, at any depth, in document order.</summary>
    public IEnumerable<ApacheItem> DescendantItems() => ApacheItem.Descendants(Items);

    public override SyntaxToken FirstToken => Items.Count > 0 ? Items[0].FirstToken : EndOfFile;

    public override SyntaxToken LastToken => EndOfFile;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        foreach (var item in Items)
        {
            yield return item;
        }

        yield return EndOfFile;
    }
}
