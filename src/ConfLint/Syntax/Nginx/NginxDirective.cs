namespace ConfLint.Syntax.Nginx;

/// <summary>
/// A simple directive (<c>name args;</c>) or a block directive (<c>name args { ... }</c>). The body of an
/// <c>*_by_lua_block</c> is kept as one raw token.
/// </summary>
public sealed class NginxDirective : SyntaxNode
{
    private IReadOnlyList<string>? _args;
    private string? _name;

    internal NginxDirective(SyntaxTree tree, SyntaxToken name, TokenList arguments, SyntaxToken? semicolon, NginxBlock? block)
        : base(tree)
    {
        NameToken = name;
        Arguments = arguments;
        Semicolon = semicolon;
        Block = block is null ? null : Adopt(block);
    }

    public SyntaxToken NameToken { get; }

    /// <summary>The directive's name as nginx reads it (one shared string per name).</summary>
    public string Name => _name ??= NameToken.Kind == TokenKind.Word
        ? NameTable.Get(Tree.Source.Text.AsSpan(NameToken.Start, NameToken.End - NameToken.Start))
        : NameToken.Value;

    public TokenList Arguments { get; }

    /// <summary>The arguments' values, as nginx reads them.</summary>
    public IReadOnlyList<string> Args => _args ??= Values(Arguments);

    private static string[] Values(TokenList tokens)
    {
        if (tokens.Count == 0)
        {
            return [];
        }

        var values = new string[tokens.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = tokens[i].Value;
        }

        return values;
    }

    public SyntaxToken? Semicolon { get; }

    public NginxBlock? Block { get; }

    /// <summary>Whether the directive ends in a block rather than a <c>;</c>.</summary>
    public bool HasBlock => Block is not null;

    /// <summary>The block that holds this directive, or null at the top of a file.</summary>
    public NginxBlock? ParentBlock => Parent as NginxBlock;

    /// <summary>The directive whose block holds this one, or null at the top of a file.</summary>
    public NginxDirective? ParentDirective => ParentBlock?.Owner;

    public override SyntaxToken FirstToken => NameToken;

    public override SyntaxToken LastToken => Semicolon ?? Block!.CloseBrace;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        yield return NameToken;
        foreach (var argument in Arguments)
        {
            yield return argument;
        }

        if (Semicolon is { } semicolon)
        {
            yield return semicolon;
        }

        if (Block is not null)
        {
            yield return Block;
        }
    }

    /// <summary>The name and arguments as written, one space apart: for messages.</summary>
    public string Signature => SyntaxTree.Join(Arguments.Prepend(NameToken));
}
