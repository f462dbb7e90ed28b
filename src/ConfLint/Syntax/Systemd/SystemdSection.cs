namespace ConfLint.Syntax.Systemd;

/// <summary>
/// A section: its <c>[Name]</c> header and the assignments up to the next header. systemd takes the name
/// verbatim from between the first <c>[</c> and the last <c>]</c> of the line, blanks included; names are
/// case-sensitive. A section may appear more than once in a file: each header is its own node.
/// </summary>
public sealed class SystemdSection : SyntaxNode
{
    internal SystemdSection(SyntaxTree tree, SyntaxToken openBracket, SyntaxToken name, SyntaxToken closeBracket, IReadOnlyList<SyntaxNode> lines)
        : base(tree)
    {
        OpenBracket = openBracket;
        NameToken = name;
        CloseBracket = closeBracket;
        Lines = AdoptAll(lines);
        Entries = lines.OfType<SystemdEntry>().ToArray();
        InvalidLines = lines.OfType<SystemdInvalidLine>().ToArray();
    }

    public SyntaxToken OpenBracket { get; }

    /// <summary>The name between the brackets; an empty token for <c>[]</c>.</summary>
    public SyntaxToken NameToken { get; }

    public string Name => NameToken.Value;

    public SyntaxToken CloseBracket { get; }

    public IReadOnlyList<SystemdEntry> Entries { get; }

    /// <summary>The lines systemd logs and ignores (no <c>=</c>), in order.</summary>
    public IReadOnlyList<SystemdInvalidLine> InvalidLines { get; }

    /// <summary>The assignments and the ignored lines, in document order.</summary>
    public IReadOnlyList<SyntaxNode> Lines { get; }

    /// <summary>The assignments of <paramref name="key"/> in this section, in order.</summary>
    public IEnumerable<SystemdEntry> EntriesOf(string key) => Entries.Where(e => e.Key == key);

    public override SyntaxToken FirstToken => OpenBracket;

    public override SyntaxToken LastToken => Lines.Count > 0 ? Lines[^1].LastToken : CloseBracket;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        yield return OpenBracket;
        yield return NameToken;
        yield return CloseBracket;
        foreach (var line in Lines)
        {
            yield return line;
        }
    }
}
