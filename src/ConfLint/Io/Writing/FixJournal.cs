using System.Security.Cryptography;
using System.Text.Json;
using ConfLint.Io.Native;
using ConfLint.Workspace;
using Microsoft.Win32.SafeHandles;

namespace ConfLint.Io.Writing;

/// <summary>
/// A small file beside the tree (<c>ROOT/.conflint-journal</c>) that says what a write was doing, so that a run
/// killed in the middle (SIGKILL, power loss) can be finished by the next <c>conflint fix</c> or <c>lint</c> on
/// that root: a write that had not started renaming is rolled back (its temporary files and backups removed), one
/// that had is completed from the temporary files it left, or rolled back from its backups (hard links of the
/// originals) when a file no longer matches what the journal says.
/// </summary>
internal static class FixJournal
{
    public const string FileName = ".conflint-journal";
    public const string Preparing = "preparing";
    public const string Committing = "committing";

    private const long MaxSize = 4_000_000;

    public static bool Exists(ConfinedRoot root) => PosixFiles.LstatAt(root.Handle, FileName).Exists;

    public static void Write(ConfinedRoot root, JournalState state)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(state, JournalJson.Default.JournalState);
        var temporary = $"{FileName}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var handle = PosixCalls.CreateAt(root.Handle, temporary, 0x180))
            {
                using var stream = new FileStream(handle, FileAccess.Write, 1);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            PosixCalls.RenameAt(root.Handle, temporary, FileName);
            PosixCalls.Fsync(root.Handle);
        }
        catch
        {
            PosixCalls.UnlinkAt(root.Handle, temporary);
            throw;
        }
    }

    public static void Delete(ConfinedRoot root)
    {
        PosixCalls.UnlinkAt(root.Handle, FileName);
        PosixCalls.Fsync(root.Handle);
    }

    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// Finishes what a journal left: null when there is none, else a sentence saying what was done (or why it
    /// could not be, the journal then kept for a person to look at).
    /// </summary>
    public static string? Recover(ConfinedRoot root)
    {
        if (!Exists(root))
        {
            return null;
        }

        JournalState? state;
        try
        {
            using var stream = PosixCalls.OpenReadAt(root.Handle, FileName);
            if (stream.Length > MaxSize)
            {
                throw new IOException($"it is larger than {MaxSize / 1_000_000} MB");
            }

            state = JsonSerializer.Deserialize(stream, JournalJson.Default.JournalState);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return $"found {root.Path}/{FileName} left by an interrupted fix, but cannot read it ({e.Message}); nothing was changed: look at it, then remove it";
        }

        if (state is null || state.Version != 1 || state.Entries is null || !IsWellFormed(state))
        {
            return $"found {root.Path}/{FileName}, but it is not a journal this version wrote (it names paths outside its folders, or is of another form); nothing was changed: look at it, then remove it";
        }

        try
        {
            var files = string.Join(", ", state.Entries.Select(e => e.Display));
            if (state.State == Committing && state.Entries.All(e => CanComplete(root, e)))
            {
                foreach (var entry in state.Entries)
                {
                    Complete(root, entry);
                }

                Delete(root);
                return $"an interrupted fix was completed: {state.Entries.Count} {Files(state.Entries.Count)} written ({files})";
            }

            foreach (var entry in state.Entries)
            {
                RollBack(root, entry, state.State == Committing);
            }

            RemoveFolders(root, state.CreatedFolders);
            Delete(root);
            return state.State == Committing
                ? $"an interrupted fix was rolled back: some files no longer matched its journal, so each was put back as it was before ({files})"
                : $"an interrupted fix was rolled back: it had not started replacing files; its temporary files were removed ({files})";
        }
        catch (IOException e)
        {
            return $"could not finish the fix interrupted on {root.Path} ({e.Message}); {root.Path}/{FileName} is kept: look at it";
        }
    }

    /// <summary>
    /// Whether every name in a journal is one ConfLint could have written: folders of plain components, file
    /// names of one component, temporary files and backups named after their file. A journal is a file in the
    /// tree, so a tree may bring its own: it is obeyed only as far as it moves files within one folder below the root.
    /// </summary>
    private static bool IsWellFormed(JournalState state)
    {
        static bool Component(string? name) =>
            !string.IsNullOrEmpty(name) && name is not "." and not ".." && !name.Contains('/', StringComparison.Ordinal) && !PosixFiles.HasNul(name);

        static bool Folder(string? path) => path is not null && (path.Length == 0 || path.Split('/').All(Component));

        static bool Derived(string? name, string file, string suffix) =>
            Component(name) && name!.StartsWith($".{file}.conflint-", StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal);

        return state.State is Preparing or Committing
            && (state.CreatedFolders ?? []).All(Folder)
            && state.Entries.All(e => e is not null && Folder(e.Folder) && Component(e.Name) && Derived(e.Temporary, e.Name, ".tmp")
                && (e.Backup is null || Derived(e.Backup, e.Name, ".orig")) && e.Sha256 is { Length: 64 } && e.Display is not null);
    }

    private static string Files(int count) => count == 1 ? "file" : "files";

    /// <summary>Whether this entry's new content is on disk: renamed already, or in its temporary file.</summary>
    private static bool CanComplete(ConfinedRoot root, JournalEntry entry)
    {
        using var folder = root.OpenResolvedFolder(entry.Folder);
        return HashOf(folder, entry.Temporary) == entry.Sha256 || HashOf(folder, entry.Name) == entry.Sha256;
    }

    private static void Complete(ConfinedRoot root, JournalEntry entry)
    {
        using var folder = root.OpenResolvedFolder(entry.Folder);
        if (HashOf(folder, entry.Temporary) == entry.Sha256)
        {
            if (entry.IsNew)
            {
                PosixCalls.TryLinkAt(folder, entry.Temporary, entry.Name);
                PosixCalls.UnlinkAt(folder, entry.Temporary);
            }
            else
            {
                PosixCalls.RenameAt(folder, entry.Temporary, entry.Name);
            }
        }

        if (entry.Backup is { } backup)
        {
            PosixCalls.UnlinkAt(folder, backup);
        }

        PosixCalls.Fsync(folder);
    }

    /// <summary>Puts a file back: its original from the backup link, or no file for a created one.</summary>
    private static void RollBack(ConfinedRoot root, JournalEntry entry, bool renamesStarted)
    {
        SafeFileHandle folder;
        try
        {
            folder = root.OpenResolvedFolder(entry.Folder);
        }
        catch (IOException)
        {
            return;
        }

        using (folder)
        {
            if (renamesStarted)
            {
                if (entry.Backup is { } backup && PosixFiles.LstatAt(folder, backup).Exists)
                {
                    // When the file was not replaced yet, both names are one file and rename(2) keeps both.
                    PosixCalls.RenameAt(folder, backup, entry.Name);
                    PosixCalls.UnlinkAt(folder, backup);
                }
                else if (entry.IsNew && HashOf(folder, entry.Name) == entry.Sha256)
                {
                    PosixCalls.UnlinkAt(folder, entry.Name);
                }
            }
            else if (entry.Backup is { } backup)
            {
                PosixCalls.UnlinkAt(folder, backup);
            }

            PosixCalls.UnlinkAt(folder, entry.Temporary);
            PosixCalls.Fsync(folder);
        }
    }

    /// <summary>Removes folders a write created, deepest first, when they are empty.</summary>
    public static void RemoveFolders(ConfinedRoot root, IEnumerable<string> folders)
    {
        foreach (var folder in folders.OrderByDescending(f => f.Length))
        {
            var slash = folder.LastIndexOf('/');
            try
            {
                using var parent = root.OpenResolvedFolder(slash < 0 ? string.Empty : folder[..slash]);
                PosixCalls.UnlinkAt(parent, folder[(slash + 1)..], PosixCalls.RemoveDirectory);
            }
            catch (IOException)
            {
                // Not empty (something else was put there) or already gone: leave it.
            }
        }
    }

    private static string? HashOf(SafeFileHandle folder, string name)
    {
        if (PosixFiles.LstatAt(folder, name).Type != FileType.Regular)
        {
            return null;
        }

        using var stream = PosixCalls.OpenReadAt(folder, name);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
