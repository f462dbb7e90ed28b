using ConfLint.Text;

namespace ConfLint.Syntax.Parsing;

/// <summary>The state shared by one parse of one file: its text, the tree under construction, nesting depth
/// and the first unrecoverable error.</summary>
internal sealed class ParseContext
{
    public ParseContext(SyntaxTree tree, int maxDepth)
    {
        Tree = tree;
        Source = tree.Source;
        _buffer = tree.Source.ParseBuffer;
        _string = _buffer is null ? tree.Source.Text : null;
        Length = tree.Source.Length;
        MaxDepth = maxDepth;
    }

    public SyntaxTree Tree { get; }

    public SourceText Source { get; }

    /// <summary>The text as a string (the grammars other than nginx's read it so). Of an nginx file read into a parse
    /// buffer (<see cref="SourceText.ParseBuffer"/>) this makes the string, which the parse otherwise never needs.</summary>
    public string Text => _string ?? Source.Text;

    // The characters are those of one or the other (a span is made from them on each read: a field cannot hold one).
    private readonly char[]? _buffer;
    private readonly string? _string;

    /// <summary>The characters of the text: the string's, or those of the parse buffer an ASCII nginx file is read into.</summary>
    public ReadOnlySpan<char> Chars => _buffer is { } buffer ? new ReadOnlySpan<char>(buffer, 0, Length) : _string.AsSpan();

    public int Length { get; }

    public int MaxDepth { get; }

    public int Depth { get; set; }

    // The lists lent to gather blocks' directives in, one per nesting depth, kept by each thread for all the files it
    // parses (the lists of one parse each, grown anew for each of a large tree's thousands of files, were garbage among
    // the trees being loaded).
    [ThreadStatic]
    private static List<List<Nginx.NginxDirective>?>? t_directiveLists;

    /// <summary>An empty list to gather one block's directives in, one per nesting depth (a block's inner blocks are read
    /// at the next), lent for the whole parse so that a block keeps an array of exactly its directives rather than a list
    /// grown by doubling. Null while the depth's list is out (the caller then makes its own).</summary>
    public List<Nginx.NginxDirective>? LendDirectiveList(int depth)
    {
        var lists = t_directiveLists ??= [];
        while (lists.Count <= depth)
        {
            lists.Add([]);
        }

        var list = lists[depth];
        lists[depth] = null;
        return list;
    }

    /// <summary>Gives back, emptied, what <see cref="LendDirectiveList"/> lent (on the thread that lent it).</summary>
    public void ReturnDirectiveList(int depth, List<Nginx.NginxDirective> list)
    {
        // A list grown for a huge block (a 50 MB file's top level) is let go rather than kept by the thread.
        if (list.Capacity > KeptListCapacity)
        {
            t_directiveLists![depth] = [];
            return;
        }

        list.Clear();
        t_directiveLists![depth] = list;
    }

    /// <summary>The largest list a thread keeps for the next parse.</summary>
    private const int KeptListCapacity = 4096;

    /// <summary>The first error that no alternative can recover from.</summary>
    public SyntaxError? Fatal { get; private set; }

    public SourceInput Start => new(this, 0);

    public SourceInput At(int position) => new(this, position);

    public void RecordFatal(int position, string message)
    {
        Fatal ??= new SyntaxError(Source, position, message);
    }

    /// <summary>Appends a token to the tree's table. Tokens must be appended in document order, and only by
    /// a parser that succeeds; a grammar that backtracks over tokens truncates the table first.</summary>
    public SyntaxToken Token(TokenKind kind, int fullStart, int start, int end, int fullEnd) =>
        new(Tree, Tree.Tokens.Add(kind, fullStart, start, end, fullEnd));

    /// <summary>The index the next token will get.</summary>
    public int NextTokenIndex => Tree.Tokens.Count;

    public TokenList TokensFrom(int first) => new(Tree, first, Tree.Tokens.Count - first);
}
