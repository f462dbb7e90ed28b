namespace ConfLint.Syntax.Nginx;

/// <summary>
/// A simple directive (<c>name args;</c>) or a block directive (<c>name args { ... }</c>). The body of an
/// <c>*_by_lua_block</c> is kept as one raw token.
/// </summary>
public sealed class NginxDirective : SyntaxNode
{
    // Token indexes rather than token handles: a 50 MB file has a million and a half directives, and each handle
    // repeats the tree. The handles are made when asked for.
    private readonly int _name;
    private readonly int _firstArgument;
    private readonly int _argumentCount;
    private readonly int _semicolon;
    private string[]? _args;
    private string? _nameText;

    internal NginxDirective(SyntaxTree tree, SyntaxToken name, TokenList arguments, SyntaxToken? semicolon, NginxBlock? block)
        : base(tree)
    {
        _name = name.Index;
        _firstArgument = arguments.First;
        _argumentCount = arguments.Count;
        _semicolon = semicolon?.Index ?? -1;
        Block = block is null ? null : Adopt(block);
    }

    public SyntaxToken NameToken => new(Tree, _name);

    /// <summary>The directive's name as nginx reads it (one shared string per name).</summary>
    public string Name => _nameText ?? ReadName();

    public TokenList Arguments => new(Tree, _firstArgument, _argumentCount);

    /// <summary>The arguments' values, as nginx reads them.</summary>
    public IReadOnlyList<string> Args => _args ?? ReadArgs();

    /// <summary>The same values as <see cref="Args"/>, read without an interface call: for the loops that visit each
    /// directive of a large tree. The array may be shared by other directives with the same values: read only.</summary>
    internal ReadOnlySpan<string> ArgSpan => _args ?? ReadArgs();

    // The first reads, apart from the properties (read millions of times on a large tree), which are then small enough
    // to be inlined where they are used.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private string ReadName() => _nameText = NameToken.Kind == TokenKind.Word
        ? NameTable.Get(Tree.Source.Chars.Slice(NameToken.Start, NameToken.End - NameToken.Start))
        : Tree.DecodeValue(NameToken); // not NameToken.Value: that would give the tree a cache as long as its tokens

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private string[] ReadArgs() => _args = Values(Arguments);

    private string[] Values(TokenList tokens)
    {
        var count = tokens.Count;
        if (count == 0)
        {
            return [];
        }

        if (count > ArgumentTable.MaxLength)
        {
            var values = new string[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = Tree.DecodeValue(tokens[i]);
            }

            return values;
        }

        // Decoded on the stack, then the shared array with the same values taken (ArgumentTable).
        var scratch = default(ArgumentTable.Scratch);
        Span<string> decoded = scratch;
        for (var i = 0; i < count; i++)
        {
            decoded[i] = Tree.DecodeValue(tokens[i]);
        }

        return ArgumentTable.Get(decoded[..count]);
    }

    public SyntaxToken? Semicolon => _semicolon < 0 ? null : new SyntaxToken(Tree, _semicolon);

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
