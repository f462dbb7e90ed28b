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

    /// <summary>2: each new file has a proof link (<c>.NAME.conflint-ID.new</c>) until the write is over.</summary>
    public const int Version = 2;

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

        if (state is { Version: 1 })
        {
            return $"found {root.Path}/{FileName}, written by an earlier version of conflint, which cannot be finished safely; nothing was changed: look at it, then remove it";
        }

        if (state is null || state.Version != Version || state.Entries is null || !IsWellFormed(state))
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

            RemoveFolders(root, state.MadeFolders ?? []);
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
            && (state.MadeFolders ?? []).All(f => f is not null && f.Path.Length > 0 && Folder(f.Path))
            && state.Entries.All(e => e is not null && Folder(e.Folder) && Component(e.Name) && Derived(e.Temporary, e.Name, ".tmp")
                && (e.Backup is null || Derived(e.Backup, e.Name, ".orig")) && e.Sha256 is { Length: 64 } && e.Display is not null);
    }

    private static string Files(int count) => count == 1 ? "file" : "files";

    /// <summary>
    /// Whether this entry's new content is on disk: renamed already (the name is the proof's file), or in its
    /// temporary file (the proof's file too) with the name still the original (the backup's file) or, for a new file,
    /// absent. A recovery replaces or removes a file only where such links show that this write made it or backed it
    /// up: a tree's own journal cannot name a file it did not bring (<c>.git/HEAD</c>, by the hash of its content).
    /// </summary>
    private static bool CanComplete(ConfinedRoot root, JournalEntry entry)
    {
        using var folder = root.OpenResolvedFolder(entry.Folder);
        return Ours(folder, entry)
            || (HashOf(folder, entry.Temporary) == entry.Sha256 && SameFile(folder, entry.Temporary, ProofOf(entry))
                && (entry.IsNew ? !PosixFiles.LstatAt(folder, entry.Name).Exists : Original(folder, entry)));
    }

    private static void Complete(ConfinedRoot root, JournalEntry entry)
    {
        using var folder = root.OpenResolvedFolder(entry.Folder);
        if (!Ours(folder, entry))
        {
            if (entry.IsNew)
            {
                PosixCalls.TryLinkAt(folder, entry.Temporary, entry.Name);
            }
            else
            {
                PosixCalls.RenameAt(folder, entry.Temporary, entry.Name);
            }
        }

        RemoveLinks(folder, entry, backup: true);
    }

    /// <summary>Puts a file back: its original from the backup link, or no file for a created one; only a file this
    /// write put there is replaced or removed.</summary>
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
            var backupKept = false;
            if (renamesStarted)
            {
                var ours = Ours(folder, entry);
                if (entry.Backup is { } backup && PosixFiles.LstatAt(folder, backup).Type == FileType.Regular)
                {
                    if (ours)
                    {
                        PosixCalls.RenameAt(folder, backup, entry.Name);
                    }
                    else if (!Original(folder, entry))
                    {
                        // The name holds neither the original nor the new file: someone else wrote it; keep the backup.
                        backupKept = true;
                    }
                }
                else if (entry.IsNew && ours)
                {
                    PosixCalls.UnlinkAt(folder, entry.Name);
                }
            }

            RemoveLinks(folder, entry, backup: !backupKept);
        }
    }

    /// <summary>The temporary file, the proof and (unless kept) the backup: names only conflint gives.</summary>
    private static void RemoveLinks(SafeFileHandle folder, JournalEntry entry, bool backup)
    {
        PosixCalls.UnlinkAt(folder, entry.Temporary);
        PosixCalls.UnlinkAt(folder, ProofOf(entry));
        if (backup && entry.Backup is { } name)
        {
            PosixCalls.UnlinkAt(folder, name);
        }

        PosixCalls.Fsync(folder);
    }

    /// <summary>The proof link of an entry: its temporary file's name ending in <c>.new</c>.</summary>
    private static string ProofOf(JournalEntry entry) => entry.Temporary[..^".tmp".Length] + ".new";

    /// <summary>Whether the name is the file this write made (its proof link's file).</summary>
    private static bool Ours(SafeFileHandle folder, JournalEntry entry) => SameFile(folder, ProofOf(entry), entry.Name);

    /// <summary>Whether the name is still the original (its backup link's file).</summary>
    private static bool Original(SafeFileHandle folder, JournalEntry entry) => entry.Backup is { } backup && SameFile(folder, backup, entry.Name);

    private static bool SameFile(SafeFileHandle folder, string first, string second)
    {
        var a = PosixFiles.LstatAt(folder, first);
        var b = PosixFiles.LstatAt(folder, second);
        return a.Type == FileType.Regular && b.Type == FileType.Regular && a.Identity == b.Identity;
    }

    /// <summary>Removes folders a write made, deepest first, when they are empty and still the folders it made (same
    /// identity and birth time): a journal is a file of the tree, and a tree's own may list any folder.</summary>
    public static void RemoveFolders(ConfinedRoot root, IEnumerable<MadeFolder> folders)
    {
        foreach (var folder in folders.OrderByDescending(f => f.Path.Length))
        {
            var slash = folder.Path.LastIndexOf('/');
            var name = folder.Path[(slash + 1)..];
            try
            {
                using var parent = root.OpenResolvedFolder(slash < 0 ? string.Empty : folder.Path[..slash]);
                if (Made(parent, name) is { } now && now == folder with { Path = now.Path })
                {
                    PosixCalls.UnlinkAt(parent, name, PosixCalls.RemoveDirectory);
                }
            }
            catch (IOException)
            {
                // Not empty (something else was put there) or already gone: leave it.
            }
        }
    }

    /// <summary>What proves a folder is one a write made: its identity and birth time now (null when it is not a folder).</summary>
    public static MadeFolder? Made(SafeFileHandle parent, string name, string path = "")
    {
        var status = PosixFiles.LstatAt(parent, name);
        if (status.Type != FileType.Directory)
        {
            return null;
        }

        var (seconds, nanoseconds) = PosixCalls.BirthTime(parent, name);
        return new MadeFolder(path, status.Device, status.Inode, seconds, nanoseconds);
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
