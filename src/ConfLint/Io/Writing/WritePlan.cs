using ConfLint.Fixing;
using ConfLint.Io.Native;
using ConfLint.Workspace;
using Microsoft.Win32.SafeHandles;

namespace ConfLint.Io.Writing;

/// <summary>One file of a write: where it goes, its temporary file and backup, and what was done so far.</summary>
internal sealed class WritePlan(FileChange change, ConfinedRoot.Location location) : IDisposable
{
    private readonly string _token = Guid.NewGuid().ToString("N")[..12];
    private readonly byte[] _bytes = change.UpdatedBytes;
    private readonly Lazy<string> _originalHash = new(() => FixJournal.Hash(change.Encoding.GetBytes(change.Original ?? string.Empty)));
    private SafeFileHandle? _folder;
    private bool _temporaryWritten;
    private bool _backupMade;
    private bool _proofMade;

    public FileChange Change { get; } = change;

    private string Temporary => $".{location.Name}.conflint-{_token}.tmp";

    private string? Backup => Change.IsNew ? null : $".{location.Name}.conflint-{_token}.orig";

    /// <summary>A second link of the new file, kept until the write is over: it proves to a recovery that the file at
    /// the name is the one this write put there (a journal is a file of the tree, and a tree may bring its own).</summary>
    private string Proof => $".{location.Name}.conflint-{_token}.new";

    private string FolderPath => string.Join('/', new[] { location.FolderPath }.Concat(location.MissingFolders).Where(p => p.Length > 0));

    public IEnumerable<string> FoldersToCreate =>
        location.MissingFolders.Select((_, i) => string.Join('/', new[] { location.FolderPath }.Concat(location.MissingFolders.Take(i + 1)).Where(p => p.Length > 0)));

    public JournalEntry Entry => new(FolderPath, location.Name, Temporary, Backup, FixJournal.Hash(_bytes), Change.DisplayPath);

    /// <summary>Creates the missing folders, writes the temporary file (mode, owner, flushed) and the backup link.</summary>
    public void Prepare(List<MadeFolder> createdFolders)
    {
        var folder = PosixCalls.OpenFolderAt(location.Folder, ".");
        foreach (var (name, path) in location.MissingFolders.Zip(FoldersToCreate))
        {
            try
            {
                PosixCalls.MakeFolderAt(folder, name, 0x1ED);
                createdFolders.Add(FixJournal.Made(folder, name, path) ?? throw new IOException($"the folder {path} it made is gone"));
            }
            catch (IOException e) when (e.HResult == 17)
            {
                // Made for an earlier file of this write.
            }

            var next = PosixCalls.OpenFolderAt(folder, name);
            folder.Dispose();
            folder = next;
        }

        _folder = folder;
        var mode = Change.IsNew ? 0x1A4u : (uint)location.Status.Permissions;
        var handle = PosixCalls.CreateAt(folder, Temporary, 0x180);
        _temporaryWritten = true;
        using (var stream = new FileStream(handle, FileAccess.Write, 1))
        {
            // Owner first (chown clears set-id bits), then the mode, then the bytes (the stream closes the file).
            if (!Change.IsNew && PosixFiles.EffectiveUserId == 0)
            {
                PosixCalls.Chown(handle, location.Status.User, location.Status.Group);
            }

            PosixCalls.Chmod(handle, mode);
            stream.Write(_bytes);
            stream.Flush(flushToDisk: true);
        }

        if (!PosixCalls.TryLinkAt(folder, Temporary, Proof))
        {
            throw new IOException($"cannot prepare {Change.DisplayPath}: {Proof} exists");
        }

        _proofMade = true;

        if (Backup is { } backup)
        {
            if (!PosixCalls.TryLinkAt(folder, location.Name, backup))
            {
                throw new IOException($"cannot keep a backup of {Change.DisplayPath}: {backup} exists");
            }

            _backupMade = true;
            RefuseChanged(backup);
        }

        PosixCalls.Fsync(folder);
    }

    /// <summary>
    /// Refuses to replace a file that is no longer the text its fixes were made from: someone (an editor, a deploy,
    /// another conflint run on a root above or below this one, which takes another lock) wrote it since it was read,
    /// during the lint or the seconds of <c>--verify</c>, and renaming the fixed text over it would lose that write.
    /// </summary>
    private void RefuseChanged(string name)
    {
        if (Change.IsNew)
        {
            return;
        }

        using var stream = PosixCalls.OpenReadAt(_folder!, name);
        if (Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream)) != _originalHash.Value)
        {
            throw new IOException($"{Change.DisplayPath} changed since conflint read it (someone else wrote it meanwhile); run conflint again on the new text");
        }
    }

    /// <summary>Puts the new file in place: a rename over the original, or a link that fails if a file appeared.</summary>
    public void Commit()
    {
        if (Change.IsNew)
        {
            if (!PosixCalls.TryLinkAt(_folder!, Temporary, location.Name))
            {
                throw new IOException($"{Change.DisplayPath} appeared while the fix was being written");
            }

            PosixCalls.UnlinkAt(_folder!, Temporary);
        }
        else
        {
            // Still the file backed up (not replaced by another's rename), and still its text (not rewritten in place).
            var now = PosixFiles.LstatAt(_folder!, location.Name);
            if (now.Type != FileType.Regular || now.Identity != PosixFiles.LstatAt(_folder!, Backup!).Identity)
            {
                throw new IOException($"{Change.DisplayPath} changed since conflint read it (someone else replaced it meanwhile); run conflint again on the new text");
            }

            RefuseChanged(location.Name);
            PosixCalls.RenameAt(_folder!, Temporary, location.Name);
        }

        _temporaryWritten = false;
        PosixCalls.Fsync(_folder!);
    }

    /// <summary>Puts the original back after <see cref="Commit"/> (the backup renamed over the new file).</summary>
    public bool TryRestore()
    {
        try
        {
            if (Backup is { } backup)
            {
                PosixCalls.RenameAt(_folder!, backup, location.Name);
                _backupMade = false;
            }
            else
            {
                PosixCalls.UnlinkAt(_folder!, location.Name);
            }

            PosixCalls.Fsync(_folder!);
            return true;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"conflint: could not restore {Change.DisplayPath}: {e.Message}");
            return false;
        }
    }

    /// <summary>After every rename: the backup and the proof are no longer needed.</summary>
    public void Finish()
    {
        if (_backupMade && Backup is { } backup)
        {
            PosixCalls.UnlinkAt(_folder!, backup);
            _backupMade = false;
        }

        if (_proofMade)
        {
            PosixCalls.UnlinkAt(_folder!, Proof);
            _proofMade = false;
        }
    }

    public void RemoveTemporaries()
    {
        if (_folder is null)
        {
            return;
        }

        try
        {
            if (_temporaryWritten)
            {
                PosixCalls.UnlinkAt(_folder, Temporary);
                _temporaryWritten = false;
            }

            if (_backupMade && Backup is { } backup)
            {
                PosixCalls.UnlinkAt(_folder, backup);
                _backupMade = false;
            }

            if (_proofMade)
            {
                PosixCalls.UnlinkAt(_folder, Proof);
                _proofMade = false;
            }
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"conflint: could not remove a temporary file beside {Change.DisplayPath}: {e.Message}");
        }
    }

    public void Dispose()
    {
        _folder?.Dispose();
        location.Dispose();
    }
}
