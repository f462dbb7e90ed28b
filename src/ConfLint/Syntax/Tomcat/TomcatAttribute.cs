namespace ConfLint.Syntax.Tomcat;

/// <summary>An attribute of an element: <c>name="value"</c>, its three tokens as written.</summary>
public sealed class TomcatAttribute : SyntaxNode
{
    internal TomcatAttribute(SyntaxTree tree, SyntaxToken name, SyntaxToken equalsSign, SyntaxToken value)
        : base(tree)
    {
        NameToken = name;
        EqualsToken = equalsSign;
        ValueToken = value;
    }

    public SyntaxToken NameToken { get; }

    public SyntaxToken EqualsToken { get; }

    /// <summary>The value with its quotes, as written.</summary>
    public SyntaxToken ValueToken { get; }

    public string Name => NameToken.Text;

    /// <summary>The value as an XML parser reads it: quotes removed, references resolved, blanks normalized. Tomcat's
    /// <c>${property}</c> placeholders are kept as written.</summary>
    public string Value => ValueToken.Value;

    public override SyntaxToken FirstToken => NameToken;

    public override SyntaxToken LastToken => ValueToken;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        yield return NameToken;
        yield return EqualsToken;
        yield return ValueToken;
    }
}
