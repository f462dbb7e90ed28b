using ConfLint.Linting;

namespace ConfLint.Fixing;

/// <summary>What a fix run would change, what it found before and what remains after.</summary>
public sealed class FixOutcome
{
    public required LintResult Before { get; init; }

    public required LintResult After { get; init; }

    public required IReadOnlyList<FileChange> Changes { get; init; }

    /// <summary>How many findings the applied fixes answered.</summary>
    public required int Fixed { get; init; }

    /// <summary>Rules whose fixes still changed something in the last allowed round.</summary>
    public required IReadOnlyList<string> NotConverged { get; init; }

    /// <summary>Fixes that were not applied because they would break a file's syntax or make the daemon refuse the
    /// configuration (CL000 after the fix, where it was not before), for the report.</summary>
    public required IReadOnlyList<string> Rejected { get; init; }
}
