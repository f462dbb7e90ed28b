using ConfLint.Diagnostics;
using ConfLint.Text;

namespace ConfLint.Syntax;

/// <summary>Why a file does not parse, and where: the first point at which it cannot be read.</summary>
public sealed class SyntaxError
{
    public SyntaxError(SourceText source, int position, string message)
    {
        Source = source;
        Position = Math.Clamp(position, 0, source.Length);
        Message = message;
    }

    public SourceText Source { get; }

    public int Position { get; }

    public string Message { get; }

    public LinePosition LinePosition => Source.GetLinePosition(Position);

    public Location Location => new(Source, new TextSpan(Position, Position < Source.Length ? 1 : 0));

    public override string ToString()
    {
        var position = LinePosition;
        return $"{Source.Path}:{position.Line}:{position.Column}: {Message}";
    }
}
