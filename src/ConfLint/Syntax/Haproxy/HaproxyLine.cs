namespace ConfLint.Syntax.Haproxy;

/// <summary>
/// One line of a HAProxy configuration: a keyword and its arguments (a section's header is one too). HAProxy reads
/// <c>no</c> and <c>default</c> before a keyword as modifiers (<c>no option httplog</c>): <see cref="Keyword"/> and
/// <see cref="KeywordArgs"/> are the words after the modifier. A scope line (<c>[name]</c>) has one token and no
/// arguments.
/// </summary>
public sealed class HaproxyLine : SyntaxNode
{
    private IReadOnlyList<string>? _args;

    internal HaproxyLine(SyntaxTree tree, SyntaxToken keyword, TokenList arguments)
        : base(tree)
    {
        KeywordToken = keyword;
        Arguments = arguments;
    }

    /// <summary>The first word of the line.</summary>
    public SyntaxToken KeywordToken { get; }

    /// <summary>The first word as HAProxy reads it (a modifier included).</summary>
    public string Name => KeywordToken.Value;

    public TokenList Arguments { get; }

    /// <summary>The arguments' values, as <c>parse_line</c> reads them; environment variables kept as written.</summary>
    public IReadOnlyList<string> Args => _args ??= Arguments.Select(a => a.Value).ToArray();

    public bool IsScope => KeywordToken.Kind == TokenKind.Word && Tree.Source.Text[KeywordToken.Start] == '[';

    /// <summary><c>no</c> or <c>default</c> when the line starts with one, else null.</summary>
    public string? Modifier => Name is "no" or "default" && Arguments.Count > 0 ? Name : null;

    /// <summary>The keyword after any modifier: <c>option</c> for <c>no option httplog</c>.</summary>
    public string Keyword => Modifier is null ? Name : Args[0];

    /// <summary>The token of <see cref="Keyword"/>.</summary>
    public SyntaxToken EffectiveKeywordToken => Modifier is null ? KeywordToken : Arguments[0];

    /// <summary>The arguments after <see cref="Keyword"/>.</summary>
    public IReadOnlyList<string> KeywordArgs => Modifier is null ? Args : Args.Skip(1).ToArray();

    /// <summary>The tokens of <see cref="KeywordArgs"/>.</summary>
    public IReadOnlyList<SyntaxToken> KeywordArguments => Modifier is null ? Arguments : Arguments.Skip(1).ToArray();

    /// <summary>The section this line belongs to (the one it opens, for a header), or null before the first section.</summary>
    public HaproxySection? Section => Parent as HaproxySection;

    /// <summary>The keyword and arguments as written, one space apart: for messages.</summary>
    public string Signature => SyntaxTree.Join(Arguments.Prepend(KeywordToken));

    public override SyntaxToken FirstToken => KeywordToken;

    public override SyntaxToken LastToken => Arguments.Count > 0 ? Arguments[Arguments.Count - 1] : KeywordToken;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        yield return KeywordToken;
        foreach (var argument in Arguments)
        {
            yield return argument;
        }
    }
}
