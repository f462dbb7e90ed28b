namespace ConfLint.Io.Writing;

/// <summary>What <c>conflint fix</c> and <c>lint</c> do first on a root: finish a write a killed run left there.</summary>
public static class FixRecovery
{
    /// <summary>Whether a journal of an interrupted fix lies in <paramref name="root"/> (a cheap look).</summary>
    public static bool HasJournal(string root) =>
        Workspace.PosixFiles.IsSupported && Workspace.PosixFiles.Lstat(Path.Combine(Path.GetFullPath(root), FixJournal.FileName)).Exists;

    /// <summary>
    /// Completes or rolls back the write a journal in <paramref name="root"/> describes, under the root's lock
    /// (taken here unless <paramref name="heldLock"/> is given), and says which; null when there was nothing to do.
    /// </summary>
    public static string? Recover(string root, RootLock? heldLock = null, TimeSpan? wait = null, Action<string>? waiting = null)
    {
        if (!HasJournal(root))
        {
            return null;
        }

        var taken = heldLock is null ? RootLock.Acquire(root, wait ?? TimeSpan.FromSeconds(120), waiting) : null;
        try
        {
            using var confined = new ConfinedRoot(root);
            return FixJournal.Recover(confined);
        }
        finally
        {
            taken?.Dispose();
        }
    }
}
