using ConfLint.Fixes;
using ConfLint.Io.Native;
using ConfLint.Io.Writing;
using ConfLint.Workspace;
using Microsoft.Win32.SafeHandles;

namespace ConfLint.Io;

/// <summary>A write that did not happen; every file is as it was.</summary>
public sealed class WriteException(string message) : Exception(message);

/// <summary>The changes of one root: every file must lie below it.</summary>
public sealed record WriteSet(string Root, IReadOnlyList<FileChange> Changes);

/// <summary>Points where a test can step into a write (to make a rename fail, or to stop as a crash would).</summary>
public sealed record WriteHooks
{
    /// <summary>Called with a file's display path once its temporary file and backup are on disk.</summary>
    public Action<string>? AfterTemporary { get; init; }

    /// <summary>Called with a file's display path before it is renamed into place.</summary>
    public Action<string>? BeforeRename { get; init; }

    /// <summary>Called with the number of files renamed so far, after each rename.</summary>
    public Action<int>? AfterRename { get; init; }
}

/// <summary>
/// Writes changed files below a root so that none is ever half written and none is written outside it. Every
/// path is resolved one component at a time from the open root (<see cref="ConfinedRoot"/>): links are followed
/// below the root, and a path that leads outside it, or through something other than a folder, stops the write.
/// Each new text goes to a temporary file in the file's folder (opened relative to that folder's handle, with
/// the original's mode and owner, flushed to disk), the original gets a second name (a hard link) as its backup,
/// and a journal beside the tree (<see cref="FixJournal"/>) records the plan; only when every temporary file is
/// ready are they renamed over the originals. A failure before that (read-only, full disk, interrupted) removes
/// every temporary file, backup and created folder; a rename that fails puts back the files already renamed. A
/// process killed during the renames leaves the journal, and the next run completes or rolls back.
/// </summary>
public static class AtomicWriter
{
    /// <summary>Writes the changes of one root.</summary>
    public static void Write(string root, IReadOnlyList<FileChange> changes, WriteHooks? hooks = null, CancellationToken cancel = default) =>
        Write([new WriteSet(root, changes)], hooks, cancel);

    /// <summary>Writes the changes of several roots (hosts of one repository): nothing is written unless every
    /// file of every root can be; each root keeps its own journal.</summary>
    public static void Write(IReadOnlyList<WriteSet> sets, WriteHooks? hooks = null, CancellationToken cancel = default)
    {
        if (!PosixFiles.IsSupported)
        {
            throw new WriteException("writing fixes needs Linux (x86-64 or arm64); nothing was written");
        }

        var roots = new List<(ConfinedRoot Root, List<WritePlan> Plans)>();
        try
        {
            foreach (var set in sets.Where(s => s.Changes.Count > 0))
            {
                ConfinedRoot confined;
                try
                {
                    confined = new ConfinedRoot(set.Root);
                }
                catch (IOException e)
                {
                    throw new WriteException($"cannot open the root {set.Root}: {e.Message}; nothing was written");
                }

                var plans = new List<WritePlan>();
                roots.Add((confined, plans));
                if (FixJournal.Exists(confined))
                {
                    throw new WriteException($"{confined.Path}/{FixJournal.FileName} is left from an interrupted fix: run conflint fix or lint on this root to finish it first; nothing was written");
                }

                foreach (var change in set.Changes)
                {
                    plans.Add(Check(confined, change));
                }
            }

            Write(roots, hooks, cancel);
        }
        finally
        {
            foreach (var (root, plans) in roots)
            {
                foreach (var plan in plans)
                {
                    plan.Dispose();
                }

                root.Dispose();
            }
        }
    }

    private static void Write(List<(ConfinedRoot Root, List<WritePlan> Plans)> roots, WriteHooks? hooks, CancellationToken cancel)
    {
        var createdFolders = roots.ToDictionary(r => r.Root, _ => new List<string>());
        var journals = roots.ToDictionary(
            r => r.Root,
            r => new JournalState(1, FixJournal.Preparing, r.Plans.Select(p => p.Entry).ToList(), r.Plans.SelectMany(p => p.FoldersToCreate).Distinct().ToList()));
        try
        {
            foreach (var (root, plans) in roots)
            {
                cancel.ThrowIfCancellationRequested();
                FixJournal.Write(root, journals[root]);
                foreach (var plan in plans)
                {
                    cancel.ThrowIfCancellationRequested();
                    plan.Prepare(createdFolders[root]);
                    hooks?.AfterTemporary?.Invoke(plan.Change.DisplayPath);
                }
            }

            foreach (var (root, _) in roots)
            {
                FixJournal.Write(root, journals[root] with { State = FixJournal.Committing });
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            foreach (var (root, plans) in roots)
            {
                Discard(root, plans, createdFolders[root]);
            }

            var why = e is OperationCanceledException ? "interrupted" : $"cannot prepare the new files: {e.Message}";
            throw new WriteException($"{why}; nothing was written");
        }

        // From here on the write completes or is rolled back; an interruption waits for it.
        var all = roots.SelectMany(r => r.Plans).ToList();
        var renamed = new List<WritePlan>();
        foreach (var plan in all)
        {
            try
            {
                hooks?.BeforeRename?.Invoke(plan.Change.DisplayPath);
                plan.Commit();
                renamed.Add(plan);
                hooks?.AfterRename?.Invoke(renamed.Count);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var restored = renamed.All(p => p.TryRestore());
                if (!restored)
                {
                    // The journal and the backups stay: the next run on this root finishes the write.
                    throw new WriteException($"cannot write {plan.Change.DisplayPath}: {e.Message}; RESTORING FAILED for some files (see above): " +
                        $"the journal {string.Join(", ", roots.Select(r => r.Root.Path + "/" + FixJournal.FileName))} is kept and the next conflint fix or lint on this root finishes the write");
                }

                foreach (var (root, plans) in roots)
                {
                    Discard(root, plans, createdFolders[root]);
                }

                throw new WriteException($"cannot write {plan.Change.DisplayPath}: {e.Message}; the files already written were restored, every file is as it was");
            }
        }

        foreach (var (root, plans) in roots)
        {
            foreach (var plan in plans)
            {
                plan.Finish();
            }

            FixJournal.Delete(root);
        }
    }

    /// <summary>What must hold before anything is written: the path stays below the root, and the file is a
    /// regular, writable file we can keep the owner of (or nothing yet, for a new one).</summary>
    private static WritePlan Check(ConfinedRoot root, FileChange change)
    {
        var relative = Path.GetRelativePath(root.Path, Path.GetFullPath(change.HostPath));
        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new WriteException($"cannot write {change.DisplayPath}: it lies outside the root {root.Path}; nothing was written");
        }

        ConfinedRoot.Location location;
        try
        {
            location = root.Locate(relative);
        }
        catch (IOException e)
        {
            throw new WriteException($"cannot write {change.DisplayPath}: {e.Message}; nothing was written");
        }

        var plan = new WritePlan(change, location);
        if (change.IsNew)
        {
            if (location.Status.Exists)
            {
                plan.Dispose();
                throw new WriteException($"cannot create {change.DisplayPath}: something is already there; nothing was written");
            }

            return plan;
        }

        if (location.Status.Type != FileType.Regular)
        {
            plan.Dispose();
            throw new WriteException($"cannot write {change.DisplayPath}: it is not a regular file; nothing was written");
        }

        var mode = location.Status.Permissions;
        if ((mode & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0)
        {
            plan.Dispose();
            throw new WriteException($"cannot write {change.DisplayPath}: it is read-only (mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}); nothing was written");
        }

        var me = PosixFiles.EffectiveUserId;
        if (me != 0 && location.Status.User != me)
        {
            plan.Dispose();
            throw new WriteException($"cannot write {change.DisplayPath} and keep its owner (uid {location.Status.User}): run as root or as its owner; nothing was written");
        }

        return plan;
    }

    private static void Discard(ConfinedRoot root, List<WritePlan> plans, List<string> createdFolders)
    {
        foreach (var plan in plans)
        {
            plan.RemoveTemporaries();
        }

        FixJournal.RemoveFolders(root, createdFolders);
        try
        {
            if (FixJournal.Exists(root))
            {
                FixJournal.Delete(root);
            }
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"conflint: could not remove {root.Path}/{FixJournal.FileName}: {e.Message}");
        }
    }

    /// <summary>One file of a write: where it goes, its temporary file and backup, and what was done so far.</summary>
    private sealed class WritePlan(FileChange change, ConfinedRoot.Location location) : IDisposable
    {
        private readonly string _token = Guid.NewGuid().ToString("N")[..12];
        private readonly byte[] _bytes = change.UpdatedBytes;
        private SafeFileHandle? _folder;
        private bool _temporaryWritten;
        private bool _backupMade;

        public FileChange Change { get; } = change;

        private string Temporary => $".{location.Name}.conflint-{_token}.tmp";

        private string? Backup => Change.IsNew ? null : $".{location.Name}.conflint-{_token}.orig";

        private string FolderPath => string.Join('/', new[] { location.FolderPath }.Concat(location.MissingFolders).Where(p => p.Length > 0));

        public IEnumerable<string> FoldersToCreate =>
            location.MissingFolders.Select((_, i) => string.Join('/', new[] { location.FolderPath }.Concat(location.MissingFolders.Take(i + 1)).Where(p => p.Length > 0)));

        public JournalEntry Entry => new(FolderPath, location.Name, Temporary, Backup, FixJournal.Hash(_bytes), Change.DisplayPath);

        /// <summary>Creates the missing folders, writes the temporary file (mode, owner, flushed) and the backup link.</summary>
        public void Prepare(List<string> createdFolders)
        {
            var folder = PosixCalls.OpenFolderAt(location.Folder, ".");
            foreach (var (name, path) in location.MissingFolders.Zip(FoldersToCreate))
            {
                try
                {
                    PosixCalls.MakeFolderAt(folder, name, 0x1ED);
                    createdFolders.Add(path);
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

            if (Backup is { } backup)
            {
                if (!PosixCalls.TryLinkAt(folder, location.Name, backup))
                {
                    throw new IOException($"cannot keep a backup of {Change.DisplayPath}: {backup} exists");
                }

                _backupMade = true;
            }

            PosixCalls.Fsync(folder);
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

        /// <summary>After every rename: the backup is no longer needed.</summary>
        public void Finish()
        {
            if (_backupMade && Backup is { } backup)
            {
                PosixCalls.UnlinkAt(_folder!, backup);
                _backupMade = false;
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
}
