using ConfLint.Text;

namespace ConfLint.Linting;

/// <summary>A <c>conflint: ignore CODE -- reason</c> or <c>conflint: ignore-file CODE</c> comment.</summary>
/// <param name="AppliesToLine">The line it silences: its own when it follows code, the next when it stands alone.</param>
public sealed record Suppression(SourceText Source, TextSpan Comment, IReadOnlyList<string> Codes, int AppliesToLine, bool WholeFile)
{
    /// <summary>The codes it has silenced in this run.</summary>
    public HashSet<string> Used { get; } = new(StringComparer.Ordinal);
}
