using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConfLint.Io.Native;
using ConfLint.Workspace;
using Microsoft.Win32.SafeHandles;

namespace ConfLint.Io.Writing;

/// <summary>One file of a write, as the journal records it (paths relative to the root, links resolved).</summary>
internal sealed record JournalEntry(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("temporary")] string Temporary,
    [property: JsonPropertyName("backup")] string? Backup,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("display")] string Display)
{
    [JsonIgnore]
    public bool IsNew => Backup is null;
}

/// <summary>What a write is doing: <c>preparing</c> (temporary files being written: roll back) or
/// <c>committing</c> (every new file is on disk, the renames are under way: complete).</summary>
internal sealed record JournalState(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("entries")] List<JournalEntry> Entries,
    [property: JsonPropertyName("createdFolders")] List<string> CreatedFolders);

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

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static bool Exists(ConfinedRoot root) => PosixFiles.LstatAt(root.Handle, FileName).Exists;

    public static void Write(ConfinedRoot root, JournalState state)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(state, Options);
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
            state = JsonSerializer.Deserialize<JournalState>(stream, Options);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return $"found {root.Path}/{FileName} left by an interrupted fix, but cannot read it ({e.Message}); nothing was changed: look at it, then remove it";
        }

        if (state is null || state.Version != 1 || state.Entries is null)
        {
            return $"found {root.Path}/{FileName} left by an interrupted fix in a form this version does not know; nothing was changed: look at it, then remove it";
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
