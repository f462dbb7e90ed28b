using ConfLint.Syntax.Ini;

namespace ConfLint.Syntax.Systemd;

/// <summary>
/// A unit file or a drop-in: the assignments before the first section (systemd warns "Assignment outside of
/// section" and ignores them; they are kept here so that the file still parses and prints back), the sections,
/// and the end-of-file token that holds the file's tail.
/// </summary>
public sealed class SystemdUnitFile : IniFile<SystemdSection, SystemdEntry>
{
    internal SystemdUnitFile(SyntaxTree tree, IReadOnlyList<SyntaxNode> lines, IReadOnlyList<SystemdSection> sections, SyntaxToken endOfFile)
        : base(tree, lines, sections, endOfFile)
    {
        InvalidLines = SystemdInvalidLine.Among(Lines);
    }

    /// <summary>The lines systemd logs and ignores (no <c>=</c>), before the first section.</summary>
    public IReadOnlyList<SystemdInvalidLine> InvalidLines { get; }

    /// <summary>The sections called <paramref name="name"/> (case-sensitive, as in systemd), in order.</summary>
    public IEnumerable<SystemdSection> SectionsNamed(string name) => Sections.Where(s => s.Name == name);

    /// <summary>The assignments of <paramref name="key"/> in every section called <paramref name="section"/>, in order.</summary>
    public IEnumerable<SystemdEntry> EntriesOf(string section, string key) =>
        SectionsNamed(section).SelectMany(s => s.EntriesOf(key));
}
