namespace ConfLint.Diagnostics;

/// <summary>One finding: a rule's code and slug, where it is, what is wrong, the places in other files that
/// explain it, and the fix when one exists.</summary>
public sealed record Diagnostic(string Code, string Rule, Severity Severity, Location Location, string Message)
{
    /// <summary>What is wrong, at most <see cref="MessageText.MaxLength"/> characters (<see cref="MessageText.Clip"/>).</summary>
    public string Message { get; init; } = MessageText.Clip(Message);

    public IReadOnlyList<RelatedLocation> Related { get; init; } = [];

    /// <summary>The fix, or null where the rule has none for this case.</summary>
    public Fix? Fix { get; init; }

    public override string ToString() => $"{Location}: {Severity.Name()} {Code} {Message}";
}
