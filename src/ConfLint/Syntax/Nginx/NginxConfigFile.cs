namespace ConfLint.Syntax.Nginx;

/// <summary>An nginx configuration file: its top-level directives and the end-of-file token.</summary>
public sealed class NginxConfigFile : SyntaxNode
{
    internal NginxConfigFile(SyntaxTree tree, IReadOnlyList<NginxDirective> directives, SyntaxToken endOfFile)
        : base(tree)
    {
        Directives = AdoptAll(directives);
        EndOfFile = endOfFile;
    }

    public IReadOnlyList<NginxDirective> Directives { get; }

    public SyntaxToken EndOfFile { get; }

    public override SyntaxToken FirstToken => Directives.Count > 0 ? Directives[0].FirstToken : EndOfFile;

    public override SyntaxToken LastToken => EndOfFile;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        foreach (var directive in Directives)
        {
            yield return directive;
        }

        yield return EndOfFile;
    }
}
