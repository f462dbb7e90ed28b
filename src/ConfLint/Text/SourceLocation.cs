namespace ConfLint.Text;

/// <summary>A span of a file, with its 1-based start and end line and column.</summary>
public sealed class SourceLocation
{
    public SourceLocation(SourceText source, TextSpan span)
    {
        Source = source;
        Span = span;
    }

    public SourceText Source { get; }

    public TextSpan Span { get; }

    public string Path => Source.Path;

    public LinePosition Start => Source.GetLinePosition(Span.Start);

    public LinePosition End => Source.GetLinePosition(Span.End);

    public override string ToString() => $"{Path}:{Start.Line}:{Start.Column}";
}
