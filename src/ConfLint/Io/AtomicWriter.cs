using ConfLint.Fixing;

namespace ConfLint.Io;

/// <summary>A write that did not happen; every file is as it was.</summary>
public sealed class WriteException(string message) : Exception(message);

/// <summary>
/// Writes changed files so that none is ever half written: each new text goes to a temporary file in the same
/// folder with the original's mode and owner, flushed to disk; only when every temporary file is ready are they
/// renamed over the originals. A file that cannot be written (read-only, owned by someone else when not root, a
/// rename refused) stops the write: files already renamed get their original bytes back, temporary files and
/// created folders are removed.
/// </summary>
public static class AtomicWriter
{
    /// <param name="beforeRename">Called before each rename (a test uses it to make one fail).</param>
    public static void Write(IReadOnlyList<FileChange> changes, Action<string>? beforeRename = null)
    {
        var plans = changes.Select(Check).ToList();
        var createdFolders = new List<string>();
        try
        {
            foreach (var plan in plans)
            {
                var folder = Path.GetDirectoryName(plan.Change.HostPath)!;
                if (!Directory.Exists(folder))
                {
                    CreateFolder(folder, createdFolders);
                }

                plan.Temporary = WriteTemporary(plan.Change.HostPath, plan.Change.UpdatedBytes, plan);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Discard(plans, createdFolders);
            throw new WriteException($"cannot prepare the new files: {e.Message}; nothing was written");
        }

        var renamed = new List<WritePlan>();
        foreach (var plan in plans)
        {
            try
            {
                beforeRename?.Invoke(plan.Change.HostPath);
                File.Move(plan.Temporary!, plan.Change.HostPath, overwrite: true);
                renamed.Add(plan);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var restored = Restore(renamed);
                Discard(plans.Except(renamed).ToList(), createdFolders);
                throw new WriteException($"cannot write {plan.Change.DisplayPath}: {e.Message}; " +
                    (restored ? "the files already written were restored, every file is as it was" : "RESTORING FAILED for some files, see above"));
            }
        }
    }

    private sealed class WritePlan(FileChange change)
    {
        public FileChange Change { get; } = change;

        public byte[]? OriginalBytes { get; set; }

        public UnixFileMode Mode { get; set; } = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

        public (uint User, uint Group)? Owner { get; set; }

        public string? Temporary { get; set; }
    }

    /// <summary>What must hold before anything is written: the file is a regular, writable file we can keep the owner of.</summary>
    private static WritePlan Check(FileChange change)
    {
        var plan = new WritePlan(change);
        var path = change.HostPath;
        if (change.IsNew)
        {
            if (File.Exists(path) || Directory.Exists(path))
            {
                throw new WriteException($"cannot create {change.DisplayPath}: something is already there; nothing was written");
            }

            return plan;
        }

        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null)
        {
            throw new WriteException($"cannot write {change.DisplayPath}: it is not a regular file; nothing was written");
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            plan.Mode = info.UnixFileMode;
            if ((plan.Mode & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0)
            {
                throw new WriteException($"cannot write {change.DisplayPath}: it is read-only (mode {Octal(plan.Mode)}); nothing was written");
            }

            plan.Owner = UnixFiles.Owner(path);
            var me = UnixFiles.EffectiveUserId;
            if (plan.Owner is var (user, _) && me != 0 && user != me)
            {
                throw new WriteException($"cannot write {change.DisplayPath} and keep its owner (uid {user}): run as root or as its owner; nothing was written");
            }
        }

        try
        {
            plan.OriginalBytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WriteException($"cannot read {change.DisplayPath}: {e.Message}; nothing was written");
        }

        return plan;
    }

    /// <summary>Bytes written to a new file beside <paramref name="target"/>, flushed to disk, with the plan's mode and owner.</summary>
    private static string WriteTemporary(string target, byte[] bytes, WritePlan plan)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.conflint-{Guid.NewGuid():N}.tmp");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            File.SetUnixFileMode(temporary, plan.Mode);
            if (plan.Owner is var (user, group) && UnixFiles.EffectiveUserId == 0)
            {
                UnixFiles.SetOwner(temporary, user, group);
            }
        }

        return temporary;
    }

    private static bool Restore(List<WritePlan> renamed)
    {
        var ok = true;
        foreach (var plan in renamed)
        {
            try
            {
                if (plan.OriginalBytes is null)
                {
                    File.Delete(plan.Change.HostPath);
                    continue;
                }

                File.Move(WriteTemporary(plan.Change.HostPath, plan.OriginalBytes, plan), plan.Change.HostPath, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"conflint: could not restore {plan.Change.DisplayPath}: {e.Message}");
                ok = false;
            }
        }

        return ok;
    }

    private static void Discard(List<WritePlan> plans, List<string> createdFolders)
    {
        foreach (var plan in plans.Where(p => p.Temporary is not null))
        {
            try
            {
                File.Delete(plan.Temporary!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        foreach (var folder in Enumerable.Reverse(createdFolders))
        {
            try
            {
                Directory.Delete(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static void CreateFolder(string folder, List<string> created)
    {
        var parent = Path.GetDirectoryName(folder);
        if (parent is not null && !Directory.Exists(parent))
        {
            CreateFolder(parent, created);
        }

        Directory.CreateDirectory(folder);
        created.Add(folder);
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
