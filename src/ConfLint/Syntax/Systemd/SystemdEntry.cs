using ConfLint.Text;

namespace ConfLint.Syntax.Systemd;

/// <summary>
/// One assignment, <c>Key=Value</c>. systemd strips blanks around the key and the value; the value is kept as
/// written otherwise (quotes, <c>%</c> specifiers and <c>$VAR</c> references included), because quoting rules are
/// per directive (see <see cref="SystemdText.SplitWords"/> and <see cref="SystemdCommandLine"/>). An empty
/// assignment (<c>ExecStart=</c>) has no value token: for list settings it resets the list, for others it
/// restores the default. Repeated keys are separate entries, in file order.
/// </summary>
public sealed class SystemdEntry : SyntaxNode
{
    // Token indexes rather than token handles (each handle repeats the tree): a host has tens of thousands of entries.
    private readonly int _key;
    private readonly int _equals;
    private readonly int _value;

    internal SystemdEntry(SyntaxTree tree, SyntaxToken key, SyntaxToken equalsSign, SyntaxToken? value)
        : base(tree)
    {
        _key = key.Index;
        _equals = equalsSign.Index;
        _value = value?.Index ?? -1;
    }

    public SyntaxToken KeyToken => new(Tree, _key);

    /// <summary>The key as systemd reads it (for a key split by a continued line, the joined text).</summary>
    public string Key => KeyToken.Value;

    public SyntaxToken EqualsToken => new(Tree, _equals);

    /// <summary>The value, absent for an empty assignment.</summary>
    public SyntaxToken? ValueToken => _value < 0 ? null : new SyntaxToken(Tree, _value);

    /// <summary>The logical value: continued lines joined as systemd joins them; empty for an empty assignment.</summary>
    public string Value => ValueToken?.Value ?? string.Empty;

    /// <summary>Whether the value is empty: a reset for list settings, the default for the others.</summary>
    public bool IsEmpty => ValueToken is null;

    /// <summary>The section this entry belongs to, or null for an assignment before the first section (which
    /// systemd ignores with a warning).</summary>
    public SystemdSection? Section => Parent as SystemdSection;

    /// <summary>The name of <see cref="Section"/>, or null.</summary>
    public string? SectionName => Section?.Name;

    /// <summary>
    /// The span in the file of the characters <paramref name="start"/> to <paramref name="end"/> of
    /// <see cref="Value"/> (as <see cref="SystemdWord.Start"/> and <see cref="SystemdWord.End"/> give them):
    /// for a diagnostic or a fix that points at one word of a value.
    /// </summary>
    public TextSpan ValueSpan(int start, int end) =>
        ValueToken is { } value ? SystemdText.SourceSpan(value, start, end) : new TextSpan(EqualsToken.End, 0);

    public override SyntaxToken FirstToken => KeyToken;

    public override SyntaxToken LastToken => ValueToken ?? EqualsToken;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        yield return KeyToken;
        yield return EqualsToken;
        if (ValueToken is { } value)
        {
            yield return value;
        }
    }
}
