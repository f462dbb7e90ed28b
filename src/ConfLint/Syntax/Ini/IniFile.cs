namespace ConfLint.Syntax.Ini;

/// <summary>
/// An INI-shaped file (PHP-FPM's and systemd's): the entries before the first section, the sections, and the
/// end-of-file token that holds the file's tail.
/// </summary>
public abstract class IniFile<TSection, TEntry> : SyntaxNode
    where TSection : IniSection<TEntry>
    where TEntry : SyntaxNode
{
    protected IniFile(SyntaxTree tree, IReadOnlyList<SyntaxNode> lines, IReadOnlyList<TSection> sections, SyntaxToken endOfFile)
        : base(tree)
    {
        Lines = AdoptAll(lines);
        Entries = IniSection<TEntry>.EntriesOf(lines);
        Sections = AdoptAll(sections);
        EndOfFile = endOfFile;
    }

    /// <summary>The entries before the first section.</summary>
    public IReadOnlyList<TEntry> Entries { get; }

    /// <summary>Every line before the first section in document order: the entries and any line the daemon ignores.</summary>
    public IReadOnlyList<SyntaxNode> Lines { get; }

    public IReadOnlyList<TSection> Sections { get; }

    public SyntaxToken EndOfFile { get; }

    public override SyntaxToken FirstToken =>
        Lines.Count > 0 ? Lines[0].FirstToken : Sections.Count > 0 ? Sections[0].FirstToken : EndOfFile;

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
