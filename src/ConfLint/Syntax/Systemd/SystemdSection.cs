using ConfLint.Syntax.Ini;

namespace ConfLint.Syntax.Systemd;

/// <summary>
/// A section: its <c>[Name]</c> header and the assignments up to the next header. systemd takes the name
/// verbatim from between the first <c>[</c> and the last <c>]</c> of the line, blanks included; names are
/// case-sensitive. A section may appear more than once in a file: each header is its own node.
/// </summary>
public sealed class SystemdSection : IniSection<SystemdEntry>
{
    internal SystemdSection(SyntaxTree tree, SyntaxToken openBracket, SyntaxToken name, SyntaxToken closeBracket, IReadOnlyList<SyntaxNode> lines)
        : base(tree, openBracket, name, closeBracket, lines)
    {
        InvalidLines = SystemdInvalidLine.Among(Lines);
    }

    /// <summary>The lines systemd logs and ignores (no <c>=</c>), in order.</summary>
    public IReadOnlyList<SystemdInvalidLine> InvalidLines { get; }

    /// <summary>The assignments of <paramref name="key"/> in this section, in order.</summary>
    public IEnumerable<SystemdEntry> EntriesOf(string key) => Entries.Where(e => e.Key == key);
}
