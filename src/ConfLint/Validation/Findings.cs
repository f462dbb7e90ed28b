using ConfLint.Catalog;
using ConfLint.Diagnostics;
using ConfLint.Syntax;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>The CL000 findings of one validation run, each at a node of a file, in the daemon's own words.</summary>
internal sealed class Findings
{
    private readonly HashSet<(string, int, string)> _seen = [];

    // Of a part judged beside the rest (InsertAt): the key of each item, in order.
    private List<(string, int, string)>? _keys;

    /// <summary>Findings judged on another thread, to be put back in their place with <see cref="InsertAt"/>.</summary>
    public static Findings Part() => new() { _keys = [] };

    /// <summary>Puts a part's findings at <paramref name="index"/> of <see cref="Items"/>, where they would stand had they
    /// been judged in turn; one that repeats a finding already here (the same place and message) is left out.</summary>
    public void InsertAt(int index, Findings part)
    {
        var kept = new List<Diagnostic>(part.Items.Count);
        for (var i = 0; i < part.Items.Count; i++)
        {
            if (_seen.Add(part._keys![i]))
            {
                kept.Add(part.Items[i]);
            }
        }

        Items.InsertRange(index, kept);
        foreach (var note in part.Notes)
        {
            Note(note);
        }
    }

    public List<Diagnostic> Items { get; } = [];

    /// <summary>Where findings go while text that stands in no file of its own is judged (an Apache macro's expansion):
    /// the place that brought it in, each message after the prefix; null to report where the node is.</summary>
    public (ConfigFile File, Text.TextSpan Span, string Prefix)? Redirect { get; set; }

    /// <summary>What was not judged and why, for --verbose.</summary>
    public List<string> Notes { get; } = [];

    public void Note(string note)
    {
        if (!Notes.Contains(note))
        {
            Notes.Add(note);
        }
    }

    public void Error(ConfigFile file, SyntaxNode node, string message, IReadOnlyList<RelatedLocation>? related = null) =>
        Add(file, node.Location.Span, Severity.Error, message, related);

    /// <summary>An error with the fix that takes it away (at most for review: what was meant is the operator's).</summary>
    public void Error(ConfigFile file, SyntaxNode node, string message, IReadOnlyList<RelatedLocation> related, Fix fix) =>
        Add(file, node.Location.Span, Severity.Error, message, related, fix);

    /// <summary>
    /// An nginx directive's error where nginx reports it: ngx_conf_handler runs once the <c>;</c> or <c>{</c> that ends
    /// the directive is read, and nginx names that line. A directive written on one line is reported whole; one whose
    /// end stands on a later line (a lost <c>;</c> that made it swallow the next line, arguments split over lines) from
    /// its first token on that line.
    /// </summary>
    public void Error(ConfigFile file, Syntax.Nginx.NginxDirective directive, string message, IReadOnlyList<RelatedLocation>? related = null) =>
        Add(file, HandlerSpan(directive), Severity.Error, message, related);

    /// <summary>The span nginx's line falls in: see <see cref="Error(ConfigFile, Syntax.Nginx.NginxDirective, string, IReadOnlyList{RelatedLocation}?)"/>.</summary>
    public static Text.TextSpan HandlerSpan(Syntax.Nginx.NginxDirective directive)
    {
        var span = directive.Location.Span;
        var end = directive.Semicolon ?? directive.Block?.OpenBrace;
        var name = directive.NameToken;
        if (end is not { } terminator || terminator.Position.Line == name.Position.Line)
        {
            return span;
        }

        var line = terminator.Position.Line;
        var first = terminator.Start;
        var arguments = directive.Arguments;
        for (var i = arguments.Count - 1; i >= 0 && arguments[i].Position.Line == line; i--)
        {
            first = arguments[i].Start;
        }

        return Text.TextSpan.FromBounds(first, span.End);
    }

    public void Warning(ConfigFile file, SyntaxNode node, string message) =>
        Add(file, node.Location.Span, Severity.Warning, message, null);

    /// <summary>A warning with related lines and the fix that takes it away.</summary>
    public void Warning(ConfigFile file, SyntaxNode node, string message, IReadOnlyList<RelatedLocation> related, Fix fix) =>
        Add(file, node.Location.Span, Severity.Warning, message, related, fix);

    public void Info(ConfigFile file, SyntaxNode node, string message) =>
        Add(file, node.Location.Span, Severity.Info, message, null);

    public void Error(ConfigFile file, SyntaxToken token, string message) =>
        Add(file, token.Span, Severity.Error, message, null);

    public static RelatedLocation Related(ConfigFile file, SyntaxNode node, string message) =>
        new(new Location(file.Id, file.Source, node.Location.Span), message);

    private void Add(ConfigFile file, Text.TextSpan span, Severity severity, string message, IReadOnlyList<RelatedLocation>? related, Fix? fix = null)
    {
        if (Redirect is { } redirect)
        {
            (file, span, message, related, fix) = (redirect.File, redirect.Span, redirect.Prefix + message, null, null);
        }

        // A file included twice is walked twice: one finding per place and message.
        var key = (file.DisplayPath, span.Start, message);
        if (!_seen.Add(key))
        {
            return;
        }

        _keys?.Add(key);
        Items.Add(EngineRules.SyntaxErrorAt(new Location(file.Id, file.Source, span), message) with { Severity = severity, Related = related ?? [], Fix = fix });
    }
}
