namespace ConfLint.Workspace;

/// <summary>
/// The file system as a server sees it. Paths in configs are server paths (<c>/etc/nginx/sites-enabled/*</c>);
/// with a root, each is read from below that root, and symbolic links with absolute targets
/// (<c>/etc/systemd/system/x.service -&gt; /lib/systemd/system/x.service</c>) are followed below the root too.
/// Without a root, server paths are host paths, and a boundary (the path mode's root) keeps every read inside it.
/// Nothing outside is ever read: a link whose <c>..</c> climbs above the root, or one that leaves the boundary,
/// leads nowhere. Only regular files are read (never a FIFO or a device), and never through a link swapped in
/// after it was resolved (the last component is opened with <c>O_NOFOLLOW</c>).
/// </summary>
public sealed partial class RootedFileSystem
{
    private const int MaxLinkHops = 40;

    /// <summary>Files larger than this are not read as configuration (a sparse file could be terabytes).</summary>
    public const long MaxFileSize = 64L * 1024 * 1024;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _resolved = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, byte[]> _overlay;
    private readonly HashSet<string> _overlayDirectories;
    private readonly Lazy<string?> _canonicalBoundary;

    /// <summary>The root's folder (or <c>/</c>), opened once: every read is resolved from it, through no link.</summary>
    private readonly Lazy<Microsoft.Win32.SafeHandles.SafeFileHandle?> _rootFolder;

    public RootedFileSystem(string? root)
        : this(root, null)
    {
    }

    /// <param name="root">The host folder that stands for the server's <c>/</c>, or null for the host itself.</param>
    /// <param name="overlay">Files (by normalized server path) whose contents replace, or add to, what is on
    /// disk: how a fix's rounds see their edits before anything is written.</param>
    /// <param name="boundary">Without a root: the host folder every read must stay in (after links).</param>
    public RootedFileSystem(string? root, IReadOnlyDictionary<string, byte[]>? overlay, string? boundary = null)
        : this(root, overlay, boundary, null)
    {
    }

    private RootedFileSystem(string? root, IReadOnlyDictionary<string, byte[]>? overlay, string? boundary, Lazy<Microsoft.Win32.SafeHandles.SafeFileHandle?>? rootFolder)
    {
        _overlay = overlay ?? new Dictionary<string, byte[]>();
        _overlayDirectories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in _overlay.Keys)
        {
            for (var parent = Parent(path); parent != "/"; parent = Parent(parent))
            {
                _overlayDirectories.Add(parent);
            }
        }

        Root = root is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (Root is not null && Root.Length == 0)
        {
            Root = "/";
        }

        Boundary = root is null && boundary is not null ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(boundary)) : null;
        _canonicalBoundary = new Lazy<string?>(() => Boundary is null ? null : ResolveUncached(Boundary, checkBoundary: false));
        var folder = IsRooted ? Root! : "/";
        _rootFolder = rootFolder ?? new Lazy<Microsoft.Win32.SafeHandles.SafeFileHandle?>(() => PosixFiles.OpenFolder(folder));
    }

    public bool HasOverlay => _overlay.Count > 0;

    /// <summary>The same file system with these files replaced or added.</summary>
    public RootedFileSystem WithOverlay(IReadOnlyDictionary<string, byte[]> overlay) => new(Root, overlay, Boundary, _rootFolder) { UseOpenat2 = UseOpenat2 };

    /// <summary>Whether reads use openat2 where the kernel has it; false takes the one-folder-at-a-time fallback
    /// (for its tests).</summary>
    internal bool UseOpenat2 { get; init; } = true;

    /// <summary>The host folder that stands for the server's <c>/</c>, or null for the host itself.</summary>
    public string? Root { get; }

    /// <summary>Without a root, the host folder reads stay in (the path mode's root), or null for no limit.</summary>
    public string? Boundary { get; }

    public bool IsRooted => Root is not null && Root != "/";

    /// <summary>The host path of a server path, without following links.</summary>
    public string ToHostPath(string serverPath)
    {
        var normalized = Normalize(serverPath);
        return IsRooted ? Root + (normalized == "/" ? string.Empty : normalized) : normalized;
    }

    /// <summary>The server path of a host path below the root (the inverse of <see cref="ToHostPath"/>).</summary>
    public string ToServerPath(string hostPath)
    {
        var full = Path.GetFullPath(hostPath);
        if (!IsRooted)
        {
            return full;
        }

        if (full == Root)
        {
            return "/";
        }

        return full.StartsWith(Root + "/", StringComparison.Ordinal) ? full[Root!.Length..] : full;
    }

    /// <summary>Whether a host path lies below the root (always, without one).</summary>
    public bool ContainsHostPath(string hostPath)
    {
        if (!IsRooted)
        {
            return true;
        }

        var full = Path.GetFullPath(hostPath);
        return full == Root || full.StartsWith(Root + "/", StringComparison.Ordinal);
    }

    /// <summary>How a file is named in reports: relative to the root when there is one (<c>etc/nginx/nginx.conf</c>).</summary>
    public string DisplayPath(string serverPath) => Root is not null ? Normalize(serverPath).TrimStart('/') : serverPath;

    /// <summary>
    /// Follows symbolic links, re-rooting absolute targets, and gives the server path of what is finally there,
    /// or null when a link dangles, loops, climbs above the root or leaves the boundary. A link to
    /// <c>/dev/null</c> (a masked unit) gives <c>/dev/null</c>.
    /// </summary>
    public string? Resolve(string serverPath) =>
        _resolved.TryGetValue(serverPath, out var resolved) ? resolved : _resolved.GetOrAdd(serverPath, ResolveUncached(serverPath, checkBoundary: true));

    private string? ResolveUncached(string serverPath, bool checkBoundary)
    {
        if (PosixFiles.HasNul(serverPath))
        {
            return null;
        }

        var normalized = Normalize(serverPath);
        if (checkBoundary && LastStepOnly(normalized) is var (done, resolved) && done)
        {
            return resolved;
        }

        var pending = new Queue<string>(normalized.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var current = "/";
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Dequeue();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                // Only a link's target can hold "..": the path itself was normalized. Above a root is outside it.
                if (current == "/" && IsRooted)
                {
                    return null;
                }

                current = Parent(current);
                continue;
            }

            var next = current == "/" ? "/" + part : current + "/" + part;
            if (next == "/dev" && pending.Count == 1 && pending.Peek() == "null")
            {
                // A mask: /dev/null is a device, not a file below the root (which seldom has a /dev folder).
                return "/dev/null";
            }

            if (next == "/dev/null")
            {
                return pending.Count == 0 ? next : null;
            }

            if (_overlay.ContainsKey(next) || _overlayDirectories.Contains(next))
            {
                current = next;
                continue;
            }

            var entry = Stat(next);
            if (entry.Kind == FileType.Missing)
            {
                return null;
            }

            if (entry.Kind != FileType.Link)
            {
                current = next;
                continue;
            }

            var target = entry.LinkTarget!;
            if (++hops > MaxLinkHops)
            {
                return null;
            }

            if (target == "/dev/null")
            {
                return pending.Count == 0 ? target : null;
            }

            var rest = pending.ToArray();
            pending.Clear();
            var targetParts = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (target.StartsWith('/'))
            {
                current = "/";
            }

            foreach (var p in targetParts.Concat(rest))
            {
                pending.Enqueue(p);
            }
        }

        // A folder above the boundary is only the way to it: it may be named (to reach the boundary), never listed.
        if (checkBoundary && !IsInsideBoundary(current) && !IsAboveBoundary(current))
        {
            return null;
        }

        return current;
    }

    /// <summary>
    /// The walk of <see cref="ResolveUncached"/> when the folder of <paramref name="normalized"/> is already known to be
    /// itself (its own resolution, cached, is the same path: no link on the way to it): only the last step is left, and
    /// the path itself is where it leads unless it is a link (then not done: the whole walk decides). A large tree's
    /// thousands of files in a few folders are each resolved without splitting their path and joining it again.
    /// </summary>
    private (bool Done, string? Resolved) LastStepOnly(string normalized)
    {
        var slash = normalized.LastIndexOf('/');
        if (slash <= 0 || Resolve(normalized[..slash]) is not { } folder || folder.Length != slash
            || !normalized.AsSpan(0, slash).SequenceEqual(folder) || normalized.StartsWith("/dev/", StringComparison.Ordinal))
        {
            return (false, null);
        }

        if (!_overlay.ContainsKey(normalized) && !_overlayDirectories.Contains(normalized))
        {
            var entry = Stat(normalized);
            if (entry.Kind == FileType.Missing)
            {
                return (true, null);
            }

            if (entry.Kind == FileType.Link)
            {
                return (false, null);
            }
        }

        return (true, IsInsideBoundary(normalized) || IsAboveBoundary(normalized) ? normalized : null);
    }

    private bool IsInsideBoundary(string resolved) =>
        _canonicalBoundary.Value is not { } boundary || boundary == "/" || resolved == boundary
        || resolved.StartsWith(boundary + "/", StringComparison.Ordinal);

    private bool IsAboveBoundary(string resolved) =>
        _canonicalBoundary.Value is { } boundary && (resolved == "/" || boundary.StartsWith(resolved + "/", StringComparison.Ordinal));

    /// <summary>What a server path finally is (links followed): a regular file, a folder, something else, or nothing.</summary>
    public FileType TypeOf(string serverPath)
    {
        if (Resolve(serverPath) is not { } resolved || resolved == "/dev/null")
        {
            return FileType.Missing;
        }

        if (_overlay.ContainsKey(resolved))
        {
            return FileType.Regular;
        }

        if (_overlayDirectories.Contains(resolved))
        {
            return FileType.Directory;
        }

        return Stat(resolved).Kind;
    }

    public bool FileExists(string serverPath) => TypeOf(serverPath) == FileType.Regular;

    public bool DirectoryExists(string serverPath) => TypeOf(serverPath) == FileType.Directory;

    /// <summary>The device and inode of the folder or file a server path leads to: the same for every path
    /// (through links) to it; null when there is nothing there. An overlay-only folder has its own identity.</summary>
    public (ulong Device, ulong Inode)? IdentityOf(string serverPath)
    {
        if (Resolve(serverPath) is not { } resolved)
        {
            return null;
        }

        var status = StatusOf(resolved);
        if (status.Exists)
        {
            return status.Identity;
        }

        return _overlayDirectories.Contains(resolved) || _overlay.ContainsKey(resolved)
            ? (ulong.MaxValue, (ulong)StringComparer.Ordinal.GetHashCode(resolved))
            : null;
    }

    /// <summary>The entries of a folder as server paths (links not followed), sorted by byte order.</summary>
    public IReadOnlyList<string> EnumerateEntries(string serverDirectory)
    {
        var resolved = Resolve(serverDirectory);
        if (resolved is null || !IsInsideBoundary(resolved))
        {
            return [];
        }

        var prefix = Normalize(serverDirectory);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (Stat(resolved).Kind == FileType.Directory)
        {
            try
            {
                names.UnionWith(ListFolder(resolved));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        foreach (var path in _overlay.Keys.Concat(_overlayDirectories))
        {
            if (Parent(path) == resolved)
            {
                names.Add(path[(path.LastIndexOf('/') + 1)..]);
            }
        }

        return names.Select(name => (prefix == "/" ? "/" : prefix + "/") + name).ToList();
    }

    /// <summary>
    /// The names in a resolved folder. Where the kernel shows a process its open files (<c>/proc/self/fd</c>), the folder
    /// is opened from the root's handle through no link (<see cref="PosixFiles.OpenBeneath"/>) and listed through that
    /// handle: a folder of its path swapped for a link after it was resolved (to this machine's <c>/etc/ssl/private</c>)
    /// is not listed, so no name of a folder outside the root reaches a report.
    /// </summary>
    private IEnumerable<string> ListFolder(string resolved)
    {
        if (_rootFolder.Value is not { } root || !Directory.Exists("/proc/self/fd"))
        {
            return Directory.EnumerateFileSystemEntries(ToHostPath(resolved)).Select(e => Path.GetFileName(e));
        }

        var fd = PosixFiles.OpenBeneath(root, resolved, PosixFiles.ReadOnly | PosixFiles.DirectoryOnly | PosixFiles.CloseOnExec, 0, out _, UseOpenat2);
        if (fd < 0)
        {
            return [];
        }

        using var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
        return Directory.EnumerateFileSystemEntries("/proc/self/fd/" + fd.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(e => Path.GetFileName(e)).ToList();
    }

    /// <summary>The target of a link at a server path, as written in the link (its folder resolved), or null.</summary>
    public string? LinkTargetOf(string serverPath)
    {
        var parent = Resolve(Parent(Normalize(serverPath)));
        if (parent is null)
        {
            return null;
        }

        var entry = Stat((parent == "/" ? string.Empty : parent) + "/" + Path.GetFileName(Normalize(serverPath)));
        return entry.Kind == FileType.Link ? entry.LinkTarget : null;
    }

    /// <summary>The permission bits of the file a server path leads to (0644 for a file only in the overlay).</summary>
    public UnixFileMode PermissionsOf(string serverPath)
    {
        if (Resolve(serverPath) is not { } resolved || _overlay.ContainsKey(resolved))
        {
            return (UnixFileMode)0x1A4;
        }

        return StatusOf(resolved).Permissions;
    }

    /// <summary>What is at a server path itself, not following a link there (for tests of whether an entry is a link).</summary>
    public FileType EntryTypeOf(string serverPath)
    {
        var parent = Resolve(Parent(Normalize(serverPath)));
        if (parent is null)
        {
            return FileType.Missing;
        }

        var path = (parent == "/" ? string.Empty : parent) + "/" + Path.GetFileName(Normalize(serverPath));
        return _overlay.ContainsKey(path) ? FileType.Regular : _overlayDirectories.Contains(path) ? FileType.Directory : Stat(path).Kind;
    }

    /// <summary>Collapses repeated slashes and <c>.</c>/<c>..</c> components of an absolute server path. A backslash is
    /// kept: on the server it is a character of a name (<c>a\b.conf</c>), as glob(3) returns it.</summary>
    public static string Normalize(string serverPath)
    {
        if (IsNormal(serverPath))
        {
            // Most paths asked about are already so (an include's absolute pattern, a file found by a walk): no copy.
            return serverPath;
        }

        var parts = new List<string>();
        // A backslash is a file name's character on the server, not a separator: nginx's include glob reads conf.d/a\b.conf.
        foreach (var part in serverPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }

    /// <summary>Whether <see cref="Normalize"/> would return the path as it is: absolute, with '/' only, no empty,
    /// '.' or '..' segment and no trailing '/'.</summary>
    private static bool IsNormal(string path)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            return false;
        }

        if (path.Length == 1)
        {
            return true;
        }

        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] != '/')
            {
                continue;
            }

            // A '/' that ends the path or starts an empty, '.' or '..' segment.
            var next = i + 1 < path.Length ? path[i + 1] : '/';
            if (next == '/')
            {
                return false;
            }

            if (next == '.')
            {
                var after = i + 2 < path.Length ? path[i + 2] : '/';
                if (after == '/' || (after == '.' && (i + 3 >= path.Length || path[i + 3] == '/')))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>What is at a server path, without following a link: asked once per path and remembered, since a load
    /// resolves the same folders for every file in them (kept by server path, so that a remembered answer costs no host
    /// path and no delegate). Below the root it is looked at from the root's folder handle through no link in any
    /// component (an <c>O_PATH</c> handle of the entry itself, then <c>fstat</c> and <c>readlinkat</c> on it): a folder of
    /// the path swapped for a link after it was resolved (to this machine's <c>/etc</c>) makes the entry missing, so
    /// neither the existence nor the link targets of what lies outside reach a report.</summary>
    private Entry Stat(string serverPath) =>
        _entries.GetOrAdd(Normalize(serverPath), static (path, fs) => fs.StatUncached(fs.ToHostPath(path)), this);

    private Entry StatUncached(string hostPath)
    {
        if (OpenEntry(hostPath) is { } handle)
        {
            using (handle)
            {
                var status = PosixFiles.FStat(handle);
                if (status.Type != FileType.Link)
                {
                    return new Entry(status.Type, null, status);
                }

                try
                {
                    return new Entry(FileType.Link, PosixFiles.ReadLinkOf(handle), status);
                }
                catch (IOException)
                {
                    return new Entry(FileType.Missing, null, FileStatus.Missing);
                }
            }
        }

        if (_rootFolder.Value is not null && PosixFiles.IsSupported)
        {
            return new Entry(FileType.Missing, null, FileStatus.Missing);
        }

        var plain = PosixFiles.Lstat(hostPath);
        if (plain.Type != FileType.Link)
        {
            return new Entry(plain.Type, null, plain);
        }

        try
        {
            return new Entry(FileType.Link, new FileInfo(hostPath).LinkTarget, plain);
        }
        catch (IOException)
        {
            return new Entry(FileType.Missing, null, FileStatus.Missing);
        }
    }

    /// <summary>An <c>O_PATH</c> handle of the entry at a host path below the root (a link itself, not followed),
    /// opened from the root's folder through no link; null when there is none, or where the kernel cannot say.</summary>
    private Microsoft.Win32.SafeHandles.SafeFileHandle? OpenEntry(string hostPath)
    {
        if (_rootFolder.Value is not { } root || !PosixFiles.IsSupported)
        {
            return null;
        }

        string relative;
        if (!IsRooted)
        {
            relative = hostPath;
        }
        else if (hostPath == Root)
        {
            relative = "/";
        }
        else if (hostPath.StartsWith(Root + "/", StringComparison.Ordinal))
        {
            relative = hostPath[Root!.Length..];
        }
        else
        {
            return null;
        }

        var fd = PosixFiles.OpenBeneath(root, relative, PosixFiles.PathOnly | PosixFiles.CloseOnExec, 0, out _, UseOpenat2);
        return fd < 0 ? null : new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>The status of a resolved server path's entry (not following a link there), looked at through no link: the
    /// one <see cref="Stat"/> took and remembers (a unit's size, asked to tell a masking empty file, opened the entry
    /// a second time for each of a host's thousands of units).</summary>
    private FileStatus StatusOf(string resolved) => Stat(resolved).Status;

    /// <summary>The size in bytes of the file a server path leads to (links followed below the root), or null.</summary>
    public long? SizeOf(string serverPath)
    {
        if (Resolve(serverPath) is not { } resolved)
        {
            return null;
        }

        if (_overlay.TryGetValue(resolved, out var bytes))
        {
            return bytes.Length;
        }

        return StatusOf(resolved) is { Exists: true } status ? status.Size : null;
    }

    private readonly record struct Entry(FileType Kind, string? LinkTarget, FileStatus Status);

    private static string Parent(string path)
    {
        var index = path.LastIndexOf('/');
        return index <= 0 ? "/" : path[..index];
    }
}
