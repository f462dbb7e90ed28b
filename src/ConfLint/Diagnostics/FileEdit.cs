using ConfLint.Text;

namespace ConfLint.Diagnostics;

/// <summary>A text edit in one file, or the creation of a file (<see cref="CreatesFile"/>, the whole text inserted at 0).</summary>
public sealed record FileEdit(FileId File, TextEdit Edit, bool CreatesFile = false);
