using ConfLint.Syntax;

namespace ConfLint.Reporting.Trees;

/// <summary><c>parse --format source</c>: the file re-emitted from its tree, byte for byte.</summary>
public sealed class SourceTreeFormat : ITreeFormat
{
    public void Write(Stream output, SyntaxTree tree) => output.Write(tree.ToBytes());
}
