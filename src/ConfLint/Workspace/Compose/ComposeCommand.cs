using ConfLint.Text;

namespace ConfLint.Workspace.Compose;

/// <summary>
/// A <c>command</c> or <c>entrypoint</c>: its words as the container gets them, each with where it is written. The
/// list form gives one word per item; the string form is split as Compose splits it (shell-like quoting, no
/// expansion). A word whose exact place cannot be told (inside a quoted scalar with escapes) points at its whole
/// scalar.
/// </summary>
public sealed record ComposeCommand(IReadOnlyList<ComposeWord> Words, ComposeNode At, bool ShellForm)
{
    /// <summary>Whether a word was interpolated (its text written holds a variable).</summary>
    public bool Interpolated { get; init; }

    public IReadOnlyList<string> Argv => Words.Select(w => w.Value).ToList();
}

/// <summary>A word of a command and the span of the file that writes it.</summary>
public readonly record struct ComposeWord(string Value, TextSpan Span);
