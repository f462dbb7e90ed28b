using ConfLint.Syntax;

namespace ConfLint.Reporting.Trees;

/// <summary><c>parse --format json</c>: the tree in its kind's JSON shape (<see cref="JsonTreeWriter"/>).</summary>
public sealed class JsonTreeFormat : ITreeFormat
{
    public void Write(Stream output, SyntaxTree tree) => JsonTreeWriter.For(tree.Kind).Write(output, tree);
}
