namespace ConfLint.Syntax;

/// <summary>A child of a node: either a node or a token.</summary>
public readonly struct SyntaxNodeOrToken
{
    private SyntaxNodeOrToken(SyntaxNode? node, SyntaxToken token)
    {
        Node = node;
        Token = token;
    }

    public SyntaxNode? Node { get; }

    /// <summary>The token, when <see cref="Node"/> is null.</summary>
    public SyntaxToken Token { get; }

    public static implicit operator SyntaxNodeOrToken(SyntaxNode node) => new(node, default);

    public static implicit operator SyntaxNodeOrToken(SyntaxToken token) => new(null, token);
}
