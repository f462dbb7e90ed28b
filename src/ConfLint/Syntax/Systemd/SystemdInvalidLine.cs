namespace ConfLint.Syntax.Systemd;

/// <summary>
/// A line systemd logs and skips while it loads the rest of the unit: a line without <c>=</c> ("Missing '=',
/// ignoring line.") or with nothing before the <c>=</c> ("Missing key name before '=', ignoring line."). It is kept
/// as one token so that the file still prints back byte for byte and the rest of it is still read.
/// </summary>
public sealed class SystemdInvalidLine : SyntaxNode
{
    internal SystemdInvalidLine(SyntaxTree tree, SyntaxToken text, string problem)
        : base(tree)
    {
        TextToken = text;
        Problem = problem;
    }

    /// <summary>The logical line, from its first character that is not a blank to its last.</summary>
    public SyntaxToken TextToken { get; }

    /// <summary>What systemd says of the line, in its own words.</summary>
    public string Problem { get; }

    /// <summary>The ignored lines among a section's or a file's lines, in order (none, without a query, where the lines
    /// are all assignments: the parse then keeps them as an array of entries).</summary>
    internal static IReadOnlyList<SystemdInvalidLine> Among(IReadOnlyList<SyntaxNode> lines) =>
        lines.Count == 0 || lines is SystemdEntry[] ? [] : lines.OfType<SystemdInvalidLine>().ToArray();

    public override SyntaxToken FirstToken => TextToken;

    public override SyntaxToken LastToken => TextToken;

    public override IEnumerable<SyntaxNodeOrToken> ChildNodesAndTokens()
    {
        yield return TextToken;
    }
}
