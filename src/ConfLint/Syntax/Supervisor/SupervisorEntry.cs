namespace ConfLint.Syntax.Supervisor;

/// <summary>
/// <c>key = value</c> (or <c>key: value</c>) in a section of a supervisord file. The parser lower-cases the key; the
/// value may continue over deeper-indented lines and may be empty. A key given twice in a section keeps its last
/// value (supervisor turns <c>strict</c> off).
/// </summary>
public sealed class SupervisorEntry : SyntaxNode
{
    internal SupervisorEntry(SyntaxTree tree, SyntaxToken keyToken, SyntaxToken delimiter, SyntaxToken? valueToken)
        : base(tree)
    {
        KeyToken = keyToken;
        Delimiter = delimiter;
        ValueToken = valueToken;
    }

    public SyntaxToken KeyToken { get; }

    /// <summary>The <c>=</c> or <c>:</c>.</summary>
    public SyntaxToken Delimiter { get; }

    public SyntaxToken? ValueToken { get; }

    /// <summary>The key as supervisord reads it: lower case.</summary>
    public string Key => KeyToken.Text.ToLowerInvariant();

    /// <summary>The value as supervisord reads it before its <c>%(...)s</c> expansions (see <see cref="SupervisorText"/>).</summary>
    public string Value => ValueToken?.Value ?? string.Empty;

    public SupervisorSection? Section => Parent as SupervisorSection;

    public override SyntaxToken FirstToken => KeyToken;

    public override SyntaxToken LastToken => ValueToken ?? Delimiter;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        yield return KeyToken;
        yield return Delimiter;
        if (ValueToken is { } value)
        {
            yield return value;
        }
    }
}
