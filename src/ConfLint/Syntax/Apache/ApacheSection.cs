namespace ConfLint.Syntax.Apache;

/// <summary>
/// A section (container): <c>&lt;Name args&gt;</c>, its items, <c>&lt;/Name&gt;</c>. The close tag matches the
/// open tag ignoring case. Text httpd ignores after either tag's <c>&gt;</c> is trailing trivia of that <c>&gt;</c>.
/// </summary>
public sealed class ApacheSection : ApacheItem
{
    internal ApacheSection(
        SyntaxTree tree,
        SyntaxToken lessThan,
        SyntaxToken name,
        TokenList arguments,
        SyntaxToken greaterThan,
        IReadOnlyList<ApacheItem> items,
        SyntaxToken lessThanSlash,
        SyntaxToken closeName,
        SyntaxToken closeGreaterThan)
        : base(tree, name, arguments)
    {
        LessThanToken = lessThan;
        GreaterThanToken = greaterThan;
        Items = AdoptAll(items);
        LessThanSlashToken = lessThanSlash;
        CloseNameToken = closeName;
        CloseGreaterThanToken = closeGreaterThan;
    }

    /// <summary>The <c>&lt;</c> of the open tag.</summary>
    public SyntaxToken LessThanToken { get; }

    /// <summary>The <c>&gt;</c> that ends the open tag: the last <c>&gt;</c> of its line.</summary>
    public SyntaxToken GreaterThanToken { get; }

    /// <summary>The directives and sections inside, in order.</summary>
    public IReadOnlyList<ApacheItem> Items { get; }

    /// <summary>The <c>&lt;/</c> of the close tag.</summary>
    public SyntaxToken LessThanSlashToken { get; }

    public SyntaxToken CloseNameToken { get; }

    public SyntaxToken CloseGreaterThanToken { get; }

    /// <summary>A conditional section (<c>&lt;IfModule&gt;</c>...) left open at the end of its file: its close tag is empty.</summary>
    public bool IsUnclosed => LessThanSlashToken.Start == LessThanSlashToken.End;

    /// <summary>Every item inside, at any depth, in document order.</summary>
    public IEnumerable<ApacheItem> DescendantItems() => Descendants(Items);

    public override SyntaxToken FirstToken => LessThanToken;

    public override SyntaxToken LastToken => CloseGreaterThanToken;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        yield return LessThanToken;
        yield return NameToken;
        foreach (var argument in Arguments)
        {
            yield return argument;
        }

        yield return GreaterThanToken;
        foreach (var item in Items)
        {
            yield return item;
        }

        yield return LessThanSlashToken;
        yield return CloseNameToken;
        yield return CloseGreaterThanToken;
    }
}
