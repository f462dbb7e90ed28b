namespace ConfLint.Syntax.PhpFpm;

/// <summary>
/// A PHP-FPM configuration file (<c>php-fpm.conf</c> or a pool file): the entries before any section, which FPM
/// reads as global options (or as the current pool's, in a file included from a pool), the sections, and the
/// end-of-file token.
/// </summary>
public sealed class PhpFpmConfigFile : SyntaxNode
{
    internal PhpFpmConfigFile(SyntaxTree tree, IReadOnlyList<PhpFpmEntry> entries, IReadOnlyList<PhpFpmSection> sections, SyntaxToken endOfFile)
        : base(tree)
    {
        Entries = AdoptAll(entries);
        Sections = AdoptAll(sections);
        EndOfFile = endOfFile;
    }

    /// <summary>The entries before the first section.</summary>
    public IReadOnlyList<PhpFpmEntry> Entries { get; }

    public IReadOnlyList<PhpFpmSection> Sections { get; }

    public SyntaxToken EndOfFile { get; }

    /// <summary>Every entry of the file in document order, those before the first section included.</summary>
    public IEnumerable<PhpFpmEntry> AllEntries() => Entries.Concat(Sections.SelectMany(section => section.Entries));

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
