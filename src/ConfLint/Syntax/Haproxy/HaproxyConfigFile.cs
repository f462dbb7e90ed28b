namespace ConfLint.Syntax.Haproxy;

/// <summary>A HAProxy configuration file: the lines before its first section (HAProxy refuses keywords there,
/// but scope lines and <c>.if</c> blocks may stand there), its sections, and the end-of-file token.</summary>
public sealed class HaproxyConfigFile : SyntaxNode
{
    internal HaproxyConfigFile(SyntaxTree tree, IReadOnlyList<HaproxyLine> lines, IReadOnlyList<HaproxySection> sections, SyntaxToken endOfFile)
        : base(tree)
    {
        Lines = AdoptAll(lines);
        Sections = AdoptAll(sections);
        EndOfFile = endOfFile;
    }

    /// <summary>The lines before the first section.</summary>
    public IReadOnlyList<HaproxyLine> Lines { get; }

    public IReadOnlyList<HaproxySection> Sections { get; }

    public SyntaxToken EndOfFile { get; }

    /// <summary>Every line in document order: those before the first section, then each section's header and lines.</summary>
    public IEnumerable<HaproxyLine> AllLines() =>
        Lines.Concat(Sections.SelectMany(s => s.Lines.Prepend(s.Header)));

    public override SyntaxToken FirstToken => Lines.Count > 0 ? Lines[0].FirstToken : Sections.Count > 0 ? Sections[0].FirstToken : EndOfFile;

    public override SyntaxToken LastToken => EndOfFile;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        foreach (var line in Lines)
        {
            yield return line;
        }

        foreach (var section in Sections)
        {
            yield return section;
        }

        yield return EndOfFile;
    }
}
