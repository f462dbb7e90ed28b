namespace ConfLint.Fixes;

/// <summary>Whether a fix keeps behaviour (safe) or may change it and needs review (unsafe), as in ruff.</summary>
public enum Applicability
{
    Safe,
    Unsafe,
}

/// <summary>A fix: an imperative title, its applicability, and the edits that make it.</summary>
public sealed class Fix
{
    public Fix(string title, Applicability applicability, IReadOnlyList<FileEdit> edits)
    {
        Title = title;
        Applicability = applicability;
        Edits = edits;
    }

    public string Title { get; }

    public Applicability Applicability { get; }

    public IReadOnlyList<FileEdit> Edits { get; }
}

/// <summary>A text edit in one file, or the creation of a file (<see cref="CreatesFile"/>).</summary>
public sealed record FileEdit(string ServerPath, Text.TextEdit Edit, bool CreatesFile = false);
