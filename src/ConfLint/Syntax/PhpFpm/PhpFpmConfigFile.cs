using ConfLint.Syntax.Ini;

namespace ConfLint.Syntax.PhpFpm;

/// <summary>
/// A PHP-FPM configuration file (<c>php-fpm.conf</c> or a pool file): the entries before any section, which FPM
/// reads as global options (or as the current pool's, in a file included from a pool), the sections, and the
/// end-of-file token.
/// </summary>
public sealed class PhpFpmConfigFile : IniFile<PhpFpmSection, PhpFpmEntry>
{
    internal PhpFpmConfigFile(SyntaxTree tree, IReadOnlyList<PhpFpmEntry> entries, IReadOnlyList<PhpFpmSection> sections, SyntaxToken endOfFile)
        : base(tree, entries, sections, endOfFile)
    {
    }

    /// <summary>Every entry of the file in document order, those before the first section included.</summary>
    public IEnumerable<PhpFpmEntry> AllEntries() => Entries.Concat(Sections.SelectMany(section => section.Entries));
}
