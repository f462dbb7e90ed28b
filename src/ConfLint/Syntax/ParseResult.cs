namespace ConfLint.Syntax;

/// <summary>A tree, or the error that stopped the parse.</summary>
public sealed class ParseResult
{
    private ParseResult(SyntaxTree? tree, SyntaxError? error)
    {
        Tree = tree;
        Error = error;
    }

    public SyntaxTree? Tree { get; }

    public SyntaxError? Error { get; }

    public bool Success => Tree is not null;

    public static ParseResult Ok(SyntaxTree tree) => new(tree, null);

    public static ParseResult Failed(SyntaxError error) => new(null, error);
}
