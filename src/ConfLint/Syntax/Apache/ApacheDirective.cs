namespace ConfLint.Syntax.Apache;

/// <summary>A directive: a name and its arguments, one logical line (lines joined by a final backslash).</summary>
public sealed class ApacheDirective : ApacheItem
{
    internal ApacheDirective(SyntaxTree tree, SyntaxToken name, TokenList arguments)
        : base(tree, name, arguments)
    {
    }

    public override SyntaxToken FirstToken => NameToken;

    public override SyntaxToken LastToken => Arguments.Count > 0 ? Arguments[Arguments.Count - 1] : NameToken;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        yield return NameToken;
        foreach (var argument in Arguments)
        {
            yield return argument;
        }
    }
}
