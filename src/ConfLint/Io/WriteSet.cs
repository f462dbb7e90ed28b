using ConfLint.Fixing;

namespace ConfLint.Io;

/// <summary>The changes of one root: every file must lie below it.</summary>
public sealed record WriteSet(string Root, IReadOnlyList<FileChange> Changes);
