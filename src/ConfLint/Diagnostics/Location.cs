using ConfLint.Text;

namespace ConfLint.Diagnostics;

/// <summary>A span of a file: the file, its text when known, and 1-based start and end lines and columns.</summary>
public sealed class Location
{
    public Location(SourceText source, TextSpan span)
        : this(source.File, source, span)
    {
    }

    public Location(FileId file, SourceText? source, TextSpan span)
    {
        File = file;
        Source = source;
        Span = span;
    }

    public FileId File { get; }

    /// <summary>The file's text; null for a file that could not be read.</summary>
    public SourceText? Source { get; }

    public TextSpan Span { get; }

    /// <summary>The path as reports show it.</summary>
    public string Path => File.Display;

    public LinePosition Start => Source?.GetLinePosition(Span.Start) ?? new LinePosition(1, 1);

    public LinePosition End => Source?.GetLinePosition(Span.End) ?? new LinePosition(1, 1);

    /// <summary>A whole file that has no text to point into (unreadable, of no known kind).</summary>
    public static Location FileOnly(FileId file) => new(file, null, default);

    public override string ToString() => $"{Path}:{Start.Line}:{Start.Column}";
}
