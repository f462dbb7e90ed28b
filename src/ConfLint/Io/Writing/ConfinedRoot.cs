using ConfLint.Io.Native;
using ConfLint.Workspace;
using Microsoft.Win32.SafeHandles;

namespace ConfLint.Io.Writing;

/// <summary>
/// The root of a write, held open, and paths below it resolved one component at a time from that handle: a link
/// is read (never followed by the kernel), an absolute target is taken below the root (as lint reads it), a
/// <c>..</c> above the root is refused, and each folder is opened with <c>O_NOFOLLOW</c> from the one before it.
/// What the write then does happens relative to the folder handle it found, so a link swapped in at any point
/// of the path after the check cannot redirect it.
/// </summary>
internal sealed class ConfinedRoot : IDisposable
{
    private const int MaxLinkHops = 40;

    public ConfinedRoot(string root)
    {
        Path = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(root));
        if (Path.Length == 0)
        {
            Path = "/";
        }

        Handle = PosixCalls.OpenFolder(Path);
    }

    /// <summary>The root as the user named it.</summary>
    public string Path { get; }

    public SafeFileHandle Handle { get; }

    /// <summary>Where a file of a path is: its folder (open), its name there, and what is there now.</summary>
    public sealed class Location(SafeFileHandle folder, string folderPath, string name, FileStatus status, IReadOnlyList<string> missingFolders) : IDisposable
    {
        /// <summary>The deepest folder that exists on the way (the file's own folder unless some are missing).</summary>
        public SafeFileHandle Folder { get; } = folder;

        /// <summary>That folder, relative to the root, links resolved ("" for the root).</summary>
        public string FolderPath { get; } = folderPath;

        public string Name { get; } = name;

        public FileStatus Status { get; } = status;

        /// <summary>Folders below <see cref="Folder"/> a new file needs, outermost first.</summary>
        public IReadOnlyList<string> MissingFolders { get; } = missingFolders;

        /// <summary>The file relative to the root, links resolved.</summary>
        public string RelativePath => string.Join('/', new[] { FolderPath }.Concat(MissingFolders).Append(Name).Where(p => p.Length > 0));

        public void Dispose() => Folder.Dispose();
    }

    /// <summary>
    /// Resolves a path relative to the root. A link as the last component is followed (a file is written through
    /// to its target, the link kept), below the root. Missing folders are listed, not created.
    /// </summary>
    /// <exception cref="ConfinementException">the path leads outside the root, or through something that is not a folder.</exception>
    public Location Locate(string relativePath)
    {
        var pending = new LinkedList<string>(Split(relativePath));
        var chain = new List<(SafeFileHandle Handle, string Name)>();
        var hops = 0;
        try
        {
            while (pending.Count > 0)
            {
                var part = pending.First!.Value;
                pending.RemoveFirst();
                if (part == ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    if (chain.Count == 0)
                    {
                        throw new ConfinementException($"{relativePath} leads outside the root {Path} (a link climbs above it)");
                    }

                    chain[^1].Handle.Dispose();
                    chain.RemoveAt(chain.Count - 1);
                    continue;
                }

                var folder = chain.Count > 0 ? chain[^1].Handle : Handle;
                var status = PosixFiles.LstatAt(folder, part);
                switch (status.Type)
                {
                    case FileType.Link:
                        if (++hops > MaxLinkHops)
                        {
                            throw new ConfinementException($"{relativePath}: too many links (a loop?)");
                        }

                        var target = PosixCalls.ReadLinkAt(folder, part);
                        if (target.StartsWith('/'))
                        {
                            foreach (var (handle, _) in chain)
                            {
                                handle.Dispose();
                            }

                            chain.Clear();
                        }

                        foreach (var component in Split(target).Reverse())
                        {
                            pending.AddFirst(component);
                        }

                        continue;
                    case FileType.Directory when pending.Count > 0:
                        chain.Add((PosixCalls.OpenFolderAt(folder, part), part));
                        continue;
                    case FileType.Missing when pending.Count > 0:
                        var missing = new List<string> { part };
                        foreach (var rest in pending.Take(pending.Count - 1))
                        {
                            if (rest is "." or ".." || PosixFiles.HasNul(rest))
                            {
                                throw new ConfinementException($"{relativePath}: a missing folder is followed by '{rest}'");
                            }

                            missing.Add(rest);
                        }

                        return Found(chain, pending.Last!.Value, FileStatus.Missing, missing);
                    case FileType.Regular or FileType.Missing when pending.Count == 0:
                        return Found(chain, part, status, []);
                    case FileType.Directory:
                        throw new ConfinementException($"{relativePath} is a folder");
                    default:
                        throw new ConfinementException($"{relativePath}: '{part}' is not a folder or a regular file");
                }
            }

            throw new ConfinementException($"{relativePath} names the root itself");
        }
        catch
        {
            foreach (var (handle, _) in chain)
            {
                handle.Dispose();
            }

            throw;
        }
    }

    /// <summary>Opens a folder by a path that <see cref="Locate"/> gave (no links in it: any link is refused).</summary>
    public SafeFileHandle OpenResolvedFolder(string folderPath)
    {
        var handle = PosixCalls.OpenFolder(Path);
        foreach (var part in Split(folderPath))
        {
            if (part is "." or "..")
            {
                handle.Dispose();
                throw new ConfinementException($"{folderPath} is not a resolved path");
            }

            var next = PosixCalls.OpenFolderAt(handle, part);
            handle.Dispose();
            handle = next;
        }

        return handle;
    }

    /// <summary>Creates a new file below the root (and the folders it needs), through no link that leads out.</summary>
    public void CreateFile(string relativePath, ReadOnlySpan<byte> bytes, uint mode)
    {
        using var location = Locate(relativePath);
        if (location.Status.Exists)
        {
            throw new ConfinementException($"{relativePath} already exists");
        }

        using var folder = MakeFolders(location);
        var handle = PosixCalls.CreateAt(folder, location.Name, 0x180);
        using var stream = new FileStream(handle, FileAccess.Write, 1);
        PosixCalls.Chmod(handle, mode & 0x1FF);
        stream.Write(bytes);
    }

    /// <summary>Removes a file (or link) below the root if it is there; a link on the way is followed below the root.</summary>
    public void RemoveFile(string relativePath)
    {
        using var location = Locate(relativePath);
        if (location.Status.Exists && location.MissingFolders.Count == 0)
        {
            PosixCalls.UnlinkAt(location.Folder, location.Name);
        }
    }

    /// <summary>Removes the entry itself (a link is removed, not followed) when it is not a folder.</summary>
    public void RemoveEntry(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        var name = relativePath[(slash + 1)..];
        using var folder = slash < 0 ? PosixCalls.OpenFolderAt(Handle, ".") : CreateFolder(relativePath[..slash]);
        var status = PosixFiles.LstatAt(folder, name);
        if (status.Exists && status.Type != FileType.Directory)
        {
            PosixCalls.UnlinkAt(folder, name);
        }
    }

    /// <summary>Creates a link below the root (its target as written, not checked: it is only a name).</summary>
    public void CreateLink(string relativePath, string target)
    {
        var slash = relativePath.LastIndexOf('/');
        var name = relativePath[(slash + 1)..];
        using var folder = slash < 0 ? PosixCalls.OpenFolderAt(Handle, ".") : CreateFolder(relativePath[..slash]);
        if (!PosixFiles.LstatAt(folder, name).Exists)
        {
            PosixCalls.SymlinkAt(folder, name, target);
        }
    }

    /// <summary>Opens a folder below the root, creating what is missing of it.</summary>
    public SafeFileHandle CreateFolder(string relativePath)
    {
        using var location = Locate(relativePath + "/.keep");
        return MakeFolders(location);
    }

    private static SafeFileHandle MakeFolders(Location location)
    {
        var folder = PosixCalls.OpenFolderAt(location.Folder, ".");
        foreach (var name in location.MissingFolders)
        {
            if (!PosixFiles.LstatAt(folder, name).Exists)
            {
                PosixCalls.MakeFolderAt(folder, name, 0x1ED);
            }

            var next = PosixCalls.OpenFolderAt(folder, name);
            folder.Dispose();
            folder = next;
        }

        return folder;
    }

    public void Dispose() => Handle.Dispose();

    private Location Found(List<(SafeFileHandle Handle, string Name)> chain, string name, FileStatus status, List<string> missing)
    {
        if (PosixFiles.HasNul(name) || name is "." or "..")
        {
            throw new ConfinementException($"'{name}' is not a file name");
        }

        // The folder handle moves to the location; the ones above it are closed.
        var folder = chain.Count > 0 ? chain[^1].Handle : PosixCalls.OpenFolder(Path);
        for (var i = 0; i < chain.Count - 1; i++)
        {
            chain[i].Handle.Dispose();
        }

        var folderPath = string.Join('/', chain.Select(c => c.Name));
        chain.Clear();
        return new Location(folder, folderPath, name, status, missing);
    }

    private static IEnumerable<string> Split(string path)
    {
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (PosixFiles.HasNul(part))
            {
                throw new ConfinementException("a path holds a NUL character");
            }

            yield return part;
        }
    }
}
