using ConfLint.Text;

namespace ConfLint.Diagnostics;

/// <summary>A text edit in one file, or the creation of a file (<see cref="CreatesFile"/>, the whole text inserted at 0).</summary>
public sealed record FileEdit(FileId File, TextEdit Edit, bool CreatesFile = false)
{
    /// <summary>Whether the two cannot both be applied: edits of one file that conflict (<see cref="TextEdit.ConflictsWith"/>),
    /// or any edit of a file that one of them creates.</summary>
    public bool ConflictsWith(FileEdit other) =>
        File == other.File && (CreatesFile || other.CreatesFile || Edit.ConflictsWith(other.Edit));
}
