namespace ConfLint.Diagnostics;

/// <summary>A fix: an imperative title, its applicability, and the edits that make it.</summary>
public sealed record Fix(string Title, Applicability Applicability, IReadOnlyList<FileEdit> Edits);
