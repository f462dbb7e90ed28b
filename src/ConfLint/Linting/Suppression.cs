using ConfLint.Text;

namespace ConfLint.Linting;

/// <summary>A <c>conflint: ignore CODE -- reason</c> or <c>conflint: ignore-file CODE</c> comment.</summary>
public sealed class Suppression
{
    internal Suppression(SourceText source, TextSpan comment, IReadOnlyList<string> codes, int appliesToLine, bool wholeFile, string? reason)
    {
        Source = source;
        Comment = comment;
        Codes = codes;
        AppliesToLine = appliesToLine;
        WholeFile = wholeFile;
        Reason = reason;
    }

    public SourceText Source { get; }

    public TextSpan Comment { get; }

    public IReadOnlyList<string> Codes { get; }

    /// <summary>The line it silences: its own when it follows code, the next when it stands alone.</summary>
    public int AppliesToLine { get; }

    public bool WholeFile { get; }

    public string? Reason { get; }

    /// <summary>The codes it has silenced in this run.</summary>
    public HashSet<string> Used { get; } = new(StringComparer.Ordinal);
}
