namespace ConfLint.Syntax.PhpFpm;

/// <summary>
/// <c>key = value</c>: an option (<c>listen</c>, <c>pm.max_children</c>, <c>include</c>) or an array entry
/// (<c>php_admin_value[memory_limit]</c>, <c>env[PATH]</c>, <c>access.suppress_path[]</c>). The value may be absent
/// (<c>key =</c>), which PHP reads as the empty string. <c>include</c> is an ordinary entry: the loader follows it.
/// </summary>
public sealed class PhpFpmEntry : SyntaxNode
{
    private int _bracket = -2;

    internal PhpFpmEntry(SyntaxTree tree, SyntaxToken keyToken, SyntaxToken equalsSign, SyntaxToken? valueToken)
        : base(tree)
    {
        KeyToken = keyToken;
        EqualsSign = equalsSign;
        ValueToken = valueToken;
    }

    /// <summary>The key as written, <c>[subkey]</c> included.</summary>
    public SyntaxToken KeyToken { get; }

    public SyntaxToken EqualsSign { get; }

    public SyntaxToken? ValueToken { get; }

    /// <summary>The key as FPM reads it: <c>php_admin_value[memory_limit]</c>, blanks outside the brackets dropped.</summary>
    public string Key => KeyToken.Value;

    /// <summary>The key without its subkey: <c>php_admin_value</c>, or the whole key.</summary>
    public string BaseKey => BracketIndex < 0 ? Key : Key[..BracketIndex];

    /// <summary>What stands between the brackets (<c>memory_limit</c>; empty for <c>access.suppress_path[]</c>), or null.</summary>
    public string? Subkey => BracketIndex < 0 ? null : Key[(BracketIndex + 1)..^1];

    public bool HasSubkey => BracketIndex >= 0;

    /// <summary>The value as PHP reads it (see <see cref="PhpFpmText"/>): empty when absent.</summary>
    public string Value => ValueToken?.Value ?? string.Empty;

    /// <summary>Whether the value is one quoted string: PHP then turns no bare word such as <c>yes</c> into a boolean.</summary>
    public bool IsQuoted => ValueToken?.IsQuoted ?? false;

    /// <summary>The section that holds this entry, or null before the first section (FPM reads those as global options).</summary>
    public PhpFpmSection? Section => Parent as PhpFpmSection;

    public override SyntaxToken FirstToken => KeyToken;

    public override SyntaxToken LastToken => ValueToken ?? EqualsSign;

    /// <summary>The entry as written, one space around '=': for messages.</summary>
    public string Signature => ValueToken is { } value ? $"{KeyToken.Text} = {value.Text}" : $"{KeyToken.Text} =";

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        yield return KeyToken;
        yield return EqualsSign;
        if (ValueToken is { } value)
        {
            yield return value;
        }
    }

    private int BracketIndex => _bracket != -2 ? _bracket : _bracket = Key.IndexOf('[');
}
