using ConfLint.Catalog;
using ConfLint.Diagnostics;
using ConfLint.Syntax;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>The CL000 findings of one validation run, each at a node of a file, in the daemon's own words.</summary>
internal sealed class Findings
{
    private readonly HashSet<(string, int, string)> _seen = [];

    public List<Diagnostic> Items { get; } = [];

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

    public void Warning(ConfigFile file, SyntaxNode node, string message) =>
        Add(file, node.Location.Span, Severity.Warning, message, null);

    public void Error(ConfigFile file, SyntaxToken token, string message) =>
        Add(file, token.Span, Severity.Error, message, null);

    public static RelatedLocation Related(ConfigFile file, SyntaxNode node, string message) =>
        new(new Location(file.Id, file.Source, node.Location.Span), message);

    private void Add(ConfigFile file, Text.TextSpan span, Severity severity, string message, IReadOnlyList<RelatedLocation>? related)
    {
        // A file included twice is walked twice: one finding per place and message.
        if (!_seen.Add((file.DisplayPath, span.Start, message)))
        {
            return;
        }

        Items.Add(EngineRules.SyntaxErrorAt(new Location(file.Id, file.Source, span), message) with { Severity = severity, Related = related ?? [] });
    }
}
