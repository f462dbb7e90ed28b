namespace ConfLint.Syntax.Systemd;

/// <summary>
/// A unit file or a drop-in: the assignments before the first section (systemd warns "Assignment outside of
/// section" and ignores them; they are kept here so that the file still parses and prints back), the sections,
/// and the end-of-file token that holds the file's tail.
/// </summary>
public sealed class SystemdUnitFile : SyntaxNode
{
    internal SystemdUnitFile(SyntaxTree tree, IReadOnlyList<SyntaxNode> lines, IReadOnlyList<SystemdSection> sections, SyntaxToken endOfFile)
        : base(tree)
    {
        Lines = AdoptAll(lines);
        Entries = lines.OfType<SystemdEntry>().ToArray();
        InvalidLines = lines.OfType<SystemdInvalidLine>().ToArray();
        Sections = AdoptAll(sections);
        EndOfFile = endOfFile;
    }

    /// <summary>Assignments before the first section header, which systemd ignores.</summary>
    public IReadOnlyList<SystemdEntry> Entries { get; }

    /// <summary>The lines systemd logs and ignores (no <c>=</c>), in order.</summary>
    public IReadOnlyList<SystemdInvalidLine> InvalidLines { get; }

    /// <summary>The assignments and the ignored lines, in document order.</summary>
    public IReadOnlyList<SyntaxNode> Lines { get; }

    public IReadOnlyList<SystemdSection> Sections { get; }

    public SyntaxToken EndOfFile { get; }

    /// <summary>The sections called <paramref name="name"/> (case-sensitive, as in systemd), in order.</summary>
    public IEnumerable<SystemdSection> SectionsNamed(string name) => Sections.Where(s => s.Name == name);

    /// <summary>The assignments of <paramref name="key"/> in every section called <paramref name="section"/>, in order.</summary>
    public IEnumerable<SystemdEntry> EntriesOf(string section, string key) =>
        SectionsNamed(section).SelectMany(s => s.EntriesOf(key));

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
