using ConfLint.Diagnostics;
using ConfLint.Text;
using YamlDotNet.RepresentationModel;

namespace ConfLint.Workspace.Compose;

/// <summary>A node of a Compose file and the file it is written in: what a finding points at and a fix edits.</summary>
public sealed record ComposeNode(YamlNode Node, ConfigFile File)
{
    /// <summary>Where the node is written (a scalar's quotes included).</summary>
    public TextSpan Span => TextSpan.FromBounds((int)Node.Start.Index, Math.Max((int)Node.Start.Index, (int)Node.End.Index));

    public Location Location => new(File.Source!, Span);

    /// <summary>The scalar's text as YAML reads it (null for a mapping or sequence).</summary>
    public string? Scalar => (Node as YamlScalarNode)?.Value;

    /// <summary>Whether the scalar is written without quotes (its text is the value, offset for offset).</summary>
    public bool IsPlain => Node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any };

    /// <summary>The custom tag Compose reads (<c>!reset</c>, <c>!override</c>), or null.</summary>
    public string? ComposeTag => Node.Tag.IsEmpty ? null : Node.Tag.Value;

    public override string ToString() => $"{File.DisplayPath}:{Location.Start.Line}";
}

/// <summary>A scalar value after interpolation (null when it depends on a variable ConfLint cannot see) and where it is
/// written; <see cref="Interpolated"/> when the text written holds a <c>$</c> (the value may come from <c>.env</c>: a fix
/// does not overwrite the reference).</summary>
public sealed record ComposeScalar(string? Value, ComposeNode At, bool Interpolated = false);
