using ConfLint.Fixing;
using ConfLint.Io.Writing;
using ConfLint.Workspace;

namespace ConfLint.Io;

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
        var createdFolders = roots.ToDictionary(r => r.Root, _ => new List<MadeFolder>());
        var journals = roots.ToDictionary(
            r => r.Root,
            r => new JournalState(FixJournal.Version, FixJournal.Preparing, r.Plans.Select(p => p.Entry).ToList(), r.Plans.SelectMany(p => p.FoldersToCreate).Distinct().ToList()));
        try
        {
            foreach (var (root, plans) in roots)
            {
                cancel.ThrowIfCancellationRequested();
                FixJournal.Write(root, journals[root]);
                foreach (var plan in plans)
                {
                    cancel.ThrowIfCancellationRequested();
                    var made = createdFolders[root].Count;
                    plan.Prepare(createdFolders[root]);
                    if (createdFolders[root].Count > made)
                    {
                        // The folders made so far, with their proof, before anything is written in them: a recovery
                        // removes only folders a journal proves this write made (one killed just before leaves them).
                        journals[root] = journals[root] with { MadeFolders = [.. createdFolders[root]] };
                        FixJournal.Write(root, journals[root]);
                    }

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

    private static void Discard(ConfinedRoot root, List<WritePlan> plans, List<MadeFolder> createdFolders)
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
}
