using ConfLint.Text;

namespace ConfLint.Diagnostics;

/// <summary>One finding: a rule's code and slug, where it is, what is wrong, the places in other files that
/// explain it, and the fix when one exists.</summary>
public sealed class Diagnostic
{
    public Diagnostic(string code, string rule, Severity severity, DiagnosticLocation location, string message)
    {
        Code = code;
        Rule = rule;
        Severity = severity;
        Location = location;
        Message = message;
    }

    public string Code { get; }

    public string Rule { get; }

    public Severity Severity { get; init; }

    public DiagnosticLocation Location { get; }

    public string Message { get; }

    public IReadOnlyList<RelatedLocation> Related { get; init; } = [];

    /// <summary>The fix, or null where the rule has none for this case.</summary>
    public Fixes.Fix? Fix { get; init; }

    public Diagnostic WithSeverity(Severity severity) => new(Code, Rule, severity, Location, Message) { Related = Related, Fix = Fix };

    public override string ToString() => $"{Location}: {Severity.Name()} {Code} {Message}";
}

/// <summary>A place in a file: the path as reported, and the span when the file's text is known.</summary>
public sealed class DiagnosticLocation
{
    public DiagnosticLocation(string path, SourceText? source, TextSpan span)
    {
        Path = path;
        Source = source;
        Span = span;
    }

    public string Path { get; }

    public SourceText? Source { get; }

    public TextSpan Span { get; }

    public LinePosition Start => Source?.GetLinePosition(Span.Start) ?? new LinePosition(1, 1);

    public LinePosition End => Source?.GetLinePosition(Span.End) ?? new LinePosition(1, 1);

    public static DiagnosticLocation From(SourceLocation location) => new(location.Path, location.Source, location.Span);

    /// <summary>A whole file that has no text to point into (unreadable, missing).</summary>
    public static DiagnosticLocation FileOnly(string path) => new(path, null, default);

    public override string ToString() => $"{Path}:{Start.Line}:{Start.Column}";
}

/// <summary>A place in another file that explains a finding: "pool 'www' listens here".</summary>
public sealed record RelatedLocation(DiagnosticLocation Location, string Message);
