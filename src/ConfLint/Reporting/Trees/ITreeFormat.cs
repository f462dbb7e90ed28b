using ConfLint.Syntax;

namespace ConfLint.Reporting.Trees;

/// <summary>A format of <c>conflint parse</c>'s output (json, source): see <see cref="Formats.Parse"/>.</summary>
public interface ITreeFormat
{
    void Write(Stream output, SyntaxTree tree);
}
