namespace ConfLint.Syntax.Documents;

/// <summary>
/// A file ConfLint reads with a data format's own reader rather than a grammar of its own (a Compose file with
/// YamlDotNet, a PM2 ecosystem file with <see cref="Pm2.JsLiteralReader"/>): kept as a flat, lossless list of text
/// runs with the format's comments as trivia, so that it prints back byte for byte, suppression comments are found,
/// and a fix is a text edit at the positions the format's reader gives. Its meaning is read elsewhere.
/// </summary>
public sealed class DocumentFile : SyntaxNode
{
    internal DocumentFile(SyntaxTree tree, TokenList runs, SyntaxToken endOfFile)
        : base(tree)
    {
        Runs = runs;
        EndOfFile = endOfFile;
    }

    /// <summary>The runs of text between blanks, line breaks and comments, in order.</summary>
    public TokenList Runs { get; }

    public SyntaxToken EndOfFile { get; }

    public override SyntaxToken FirstToken => Runs.Count > 0 ? Runs[0] : EndOfFile;

    public override SyntaxToken LastToken => EndOfFile;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        foreach (var run in Runs)
        {
            yield return run;
        }

        yield return EndOfFile;
    }
}
