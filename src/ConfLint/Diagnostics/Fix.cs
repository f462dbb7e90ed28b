namespace ConfLint.Diagnostics;

/// <summary>A fix: an imperative title, its applicability, and the edits that make it.</summary>
public sealed record Fix(string Title, Applicability Applicability, IReadOnlyList<FileEdit> Edits)
{
    /// <summary>The title, at most <see cref="MessageText.MaxLength"/> characters (the edits are never clipped).</summary>
    public string Title { get; init; } = MessageText.Clip(Title);
}
