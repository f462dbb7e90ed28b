namespace ConfLint.Syntax.Nginx;

/// <summary>The braces of a block directive and what lies between them: directives, or a raw Lua body.</summary>
public sealed class NginxBlock : SyntaxNode
{
    internal NginxBlock(SyntaxTree tree, SyntaxToken openBrace, IReadOnlyList<NginxDirective> directives, SyntaxToken? rawBody, SyntaxToken closeBrace)
        : base(tree)
    {
        OpenBrace = openBrace;
        Directives = AdoptAll(directives);
        RawBody = rawBody;
        CloseBrace = closeBrace;
    }

    public SyntaxToken OpenBrace { get; }

    public IReadOnlyList<NginxDirective> Directives { get; }

    /// <summary>The text between the braces of an <c>*_by_lua_block</c>, kept verbatim.</summary>
    public SyntaxToken? RawBody { get; }

    public SyntaxToken CloseBrace { get; }

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
