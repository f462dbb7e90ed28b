using ConfLint.Diagnostics;

namespace ConfLint.Catalog;

/// <summary>A rule's documentation and defaults, read from its <c>rules/CLnnn-slug.yaml</c> file.</summary>
public sealed class RuleMetadata
{
    public required string Code { get; init; }

    public required string Slug { get; init; }

    public required string Title { get; init; }

    public required Severity DefaultSeverity { get; init; }

    public required string Summary { get; init; }

    /// <summary>Why it leads to 502, with what the proxy's error log says.</summary>
    public required string Why { get; init; }

    public IReadOnlyList<RuleOption> Options { get; init; } = [];

    public required string BadExample { get; init; }

    public required string GoodExample { get; init; }

    /// <summary>When the fix is safe, when unsafe, and when there is none.</summary>
    public string? FixSafety { get; init; }

    public RuleOption? Option(string name) => Options.FirstOrDefault(o => o.Name == name);

    /// <summary>A finding of this rule at its default severity.</summary>
    public Diagnostic Report(Location location, string message) => new(Code, Slug, DefaultSeverity, location, message);
}
