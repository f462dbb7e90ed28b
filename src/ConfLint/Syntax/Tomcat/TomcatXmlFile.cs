namespace ConfLint.Syntax.Tomcat;

/// <summary>Tomcat's server.xml: its root element and the end-of-file token, whose leading trivia holds what follows
/// the root (and, for a file without one, everything).</summary>
public sealed class TomcatXmlFile : SyntaxNode
{
    internal TomcatXmlFile(SyntaxTree tree, TomcatElement? root, SyntaxToken endOfFile)
        : base(tree)
    {
        Root = root is null ? null : Adopt(root);
        EndOfFile = endOfFile;
    }

    /// <summary>The document element (<c>&lt;Server&gt;</c> in a Tomcat configuration).</summary>
    public TomcatElement? Root { get; }

    public SyntaxToken EndOfFile { get; }

    /// <summary>Every element, the root first, in document order.</summary>
    public IEnumerable<TomcatElement> Elements() => Root is null ? [] : Root.Descendants().Prepend(Root);

    public override SyntaxToken FirstToken => Root?.FirstToken ?? EndOfFile;

    public override SyntaxToken LastToken => EndOfFile;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        if (Root is not null)
        {
            yield return Root;
        }

        yield return EndOfFile;
    }
}
