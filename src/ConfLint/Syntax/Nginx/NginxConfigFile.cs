namespace ConfLint.Syntax.Nginx;

/// <summary>An nginx configuration file: its top-level directives and the end-of-file token.</summary>
public sealed class NginxConfigFile : SyntaxNode
{
    internal NginxConfigFile(SyntaxTree tree, IReadOnlyList<NginxDirective> directives, SyntaxToken endOfFile)
        : base(tree)
    {
        DirectiveArray = (NginxDirective[])AdoptAll(directives as NginxDirective[] ?? [.. directives]);
        EndOfFile = endOfFile;
    }

    public IReadOnlyList<NginxDirective> Directives => DirectiveArray;

    /// <summary>The same directives as their array (see <see cref="NginxBlock.DirectiveArray"/>).</summary>
    internal NginxDirective[] DirectiveArray { get; }

    public SyntaxToken EndOfFile { get; }

    /// <summary>Reads every directive's name and arguments now (they are otherwise read when first asked for), so that
    /// the reading happens on the thread that parsed the file: a large tree's files are parsed side by side, and the
    /// checks that ask for them next walk the whole tree on one thread.</summary>
    public void ReadValues() => ReadValues(DirectiveArray);

    private static void ReadValues(NginxDirective[] directives)
    {
        for (var i = 0; i < directives.Length; i++)
        {
            var directive = directives[i];
            _ = directive.Name;
            _ = directive.Args;
            if (directive.Block is { RawBody: null } block)
            {
                ReadValues(block.DirectiveArray);
            }
        }
    }

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
