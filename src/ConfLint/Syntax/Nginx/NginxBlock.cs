namespace ConfLint.Syntax.Nginx;

/// <summary>The braces of a block directive and what lies between them: directives, or a raw Lua body.</summary>
public sealed class NginxBlock : SyntaxNode
{
    // Token indexes rather than token handles (each handle repeats the tree): a large tree has a hundred thousand blocks.
    private readonly int _openBrace;
    private readonly int _rawBody;
    private readonly int _closeBrace;

    internal NginxBlock(SyntaxTree tree, SyntaxToken openBrace, IReadOnlyList<NginxDirective> directives, SyntaxToken? rawBody, SyntaxToken closeBrace)
        : base(tree)
    {
        _openBrace = openBrace.Index;
        DirectiveArray = (NginxDirective[])AdoptAll(directives as NginxDirective[] ?? [.. directives]);
        _rawBody = rawBody?.Index ?? -1;
        _closeBrace = closeBrace.Index;
    }

    public SyntaxToken OpenBrace => new(Tree, _openBrace);

    public IReadOnlyList<NginxDirective> Directives => DirectiveArray;

    /// <summary>The same directives as their array, for the walks that read every block of a large tree (an index into
    /// the array, not a call through the list's interface, for each of its hundreds of thousands of directives).</summary>
    internal NginxDirective[] DirectiveArray { get; }

    /// <summary>The text between the braces of an <c>*_by_lua_block</c>, kept verbatim.</summary>
    public SyntaxToken? RawBody => _rawBody < 0 ? null : new SyntaxToken(Tree, _rawBody);

    public SyntaxToken CloseBrace => new(Tree, _closeBrace);

    public NginxDirective? Owner => Parent as NginxDirective;

    public override SyntaxToken FirstToken => OpenBrace;

    public override SyntaxToken LastToken => CloseBrace;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        yield return OpenBrace;
        foreach (var directive in Directives)
        {
            yield return directive;
        }

        if (RawBody is { } rawBody)
        {
            yield return rawBody;
        }

        yield return CloseBrace;
    }
}
