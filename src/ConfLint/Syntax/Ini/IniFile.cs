namespace ConfLint.Syntax.Ini;

/// <summary>
/// An INI-shaped file (PHP-FPM's and systemd's): the entries before the first section, the sections, and the
/// end-of-file token that holds the file's tail.
/// </summary>
public abstract class IniFile<TSection, TEntry> : SyntaxNode
    where TSection : IniSection<TEntry>
    where TEntry : SyntaxNode
{
    protected IniFile(SyntaxTree tree, IReadOnlyList<TEntry> entries, IReadOnlyList<TSection> sections, SyntaxToken endOfFile)
        : base(tree)
    {
        Entries = AdoptAll(entries);
        Sections = AdoptAll(sections);
        EndOfFile = endOfFile;
    }

    /// <summary>The entries before the first section.</summary>
    public IReadOnlyList<TEntry> Entries { get; }

    public IReadOnlyList<TSection> Sections { get; }

    public SyntaxToken EndOfFile { get; }

    public override SyntaxToken FirstToken =>
        Entries.Count > 0 ? Entries[0].FirstToken : Sections.Count > 0 ? Sections[0].FirstToken : EndOfFile;

    public override SyntaxToken LastToken => EndOfFile;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        foreach (var entry in Entries)
        {
            yield return entry;
        }

        foreach (var section in Sections)
        {
            yield return section;
        }

        yield return EndOfFile;
    }
}
