namespace ConfLint.Workspace;

/// <summary>
/// The file system as a server sees it. Paths in configs are server paths (<c>/etc/nginx/sites-enabled/*</c>);
/// with a root, each is read from below that root, and symbolic links with absolute targets
/// (<c>/etc/systemd/system/x.service -&gt; /lib/systemd/system/x.service</c>) are followed below the root too.
/// Without a root, server paths are host paths.
/// </summary>
public sealed class RootedFileSystem
{
    private const int MaxLinkHops = 40;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _resolved = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, byte[]> _overlay;
    private readonly HashSet<string> _overlayDirectories;

    public RootedFileSystem(string? root)
        : this(root, null)
    {
    }

    /// <param name="overlay">Files (by normalized server path) whose contents replace, or add to, what is on
    /// disk: how a fix's rounds see their edits before anything is written.</param>
    public RootedFileSystem(string? root, IReadOnlyDictionary<string, byte[]>? overlay)
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
    }

    public bool HasOverlay => _overlay.Count > 0;

    /// <summary>The same file system with these files replaced or added.</summary>
    public RootedFileSystem WithOverlay(IReadOnlyDictionary<string, byte[]> overlay) => new(Root, overlay);

    /// <summary>The host folder that stands for the server's <c>/</c>, or null for the host itself.</summary>
    public string? Root { get; }

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

    /// <summary>How a file is named in reports: relative to the root when there is one (<c>etc/nginx/nginx.conf</c>).</summary>
    public string DisplayPath(string serverPath) => Root is not null ? Normalize(serverPath).TrimStart('/') : serverPath;

    /// <summary>
    /// Follows symbolic links, re-rooting absolute targets, and gives the server path of what is finally there,
    /// or null when a link dangles, loops or points outside what can be read. A link to <c>/dev/null</c>
    /// (a masked unit) gives <c>/dev/null</c>.
    /// </summary>
    public string? Resolve(string serverPath) =>
        _resolved.TryGetValue(serverPath, out var resolved) ? resolved : _resolved.GetOrAdd(serverPath, ResolveUncached(serverPath));

    private string? ResolveUncached(string serverPath)
    {
        var pending = new Queue<string>(Normalize(serverPath).Split('/', StringSplitOptions.RemoveEmptyEntries));
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

            var entry = Stat(ToHostPath(next));
            if (entry.Kind == EntryKind.Missing)
            {
                return null;
            }

            if (entry.Kind != EntryKind.Link)
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

        return current;
    }

    public bool FileExists(string serverPath) =>
        Resolve(serverPath) is { } resolved && resolved != "/dev/null" && (_overlay.ContainsKey(resolved) || Stat(ToHostPath(resolved)).Kind == EntryKind.File);

    public bool DirectoryExists(string serverPath) =>
        Resolve(serverPath) is { } resolved && (_overlayDirectories.Contains(resolved) || Stat(ToHostPath(resolved)).Kind == EntryKind.Directory);

    public byte[] ReadAllBytes(string serverPath)
    {
        var resolved = Resolve(serverPath) ?? throw new FileNotFoundException("no such file", serverPath);
        if (_overlay.TryGetValue(resolved, out var overlaid))
        {
            return overlaid;
        }

        return resolved == "/dev/null" ? [] : File.ReadAllBytes(ToHostPath(resolved));
    }

    /// <summary>The lines of a small system file (/etc/hosts, /etc/group, /proc/meminfo), without their line
    /// breaks; none when it is not there or cannot be read.</summary>
    public IReadOnlyList<string> ReadLines(string serverPath)
    {
        try
        {
            return FileExists(serverPath)
                ? System.Text.Encoding.UTF8.GetString(ReadAllBytes(serverPath)).Split('\n').Select(l => l.TrimEnd('\r')).ToList()
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The text of a file (its overlay when it has one).</summary>
    public Text.SourceText ReadSourceText(string serverPath, string displayPath)
    {
        var resolved = Resolve(serverPath) ?? throw new FileNotFoundException("no such file", serverPath);
        if (_overlay.TryGetValue(resolved, out var overlaid))
        {
            return Text.SourceText.FromBytes(displayPath, overlaid);
        }

        if (resolved == "/dev/null")
        {
            return Text.SourceText.FromBytes(displayPath, []);
        }

        using var stream = new FileStream(ToHostPath(resolved), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        return Text.SourceText.FromStream(displayPath, stream, stream.Length);
    }

    /// <summary>The entries of a folder as server paths (links not followed), sorted by byte order.</summary>
    public IReadOnlyList<string> EnumerateEntries(string serverDirectory)
    {
        var resolved = Resolve(serverDirectory);
        if (resolved is null)
        {
            return [];
        }

        var prefix = Normalize(serverDirectory);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (Stat(ToHostPath(resolved)).Kind == EntryKind.Directory)
        {
            try
            {
                names.UnionWith(Directory.EnumerateFileSystemEntries(ToHostPath(resolved)).Select(e => Path.GetFileName(e)));
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
    /// Expands a glob (<c>*</c>, <c>?</c>, <c>[...]</c> in any path component) into the server paths of existing
    /// files, sorted by byte order as nginx's and Apache's glob do. Wildcards do not match a leading dot.
    /// A pattern without wildcards gives the path when it exists.
    /// </summary>
    public IReadOnlyList<string> Glob(string serverPattern)
    {
        var parts = Normalize(serverPattern).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = new List<string> { "/" };
        foreach (var part in parts)
        {
            var next = new List<string>();
            foreach (var directory in current)
            {
                if (!HasWildcard(part))
                {
                    var candidate = directory == "/" ? "/" + part : directory + "/" + part;
                    if (Resolve(candidate) is not null)
                    {
                        next.Add(candidate);
                    }

                    continue;
                }

                foreach (var entry in EnumerateEntries(directory))
                {
                    var name = entry[(entry.LastIndexOf('/') + 1)..];
                    if (!name.StartsWith('.') && GlobMatcher.IsMatch(part, name))
                    {
                        next.Add(entry);
                    }
                }
            }

            current = next;
            if (current.Count == 0)
            {
                break;
            }
        }

        return current.Where(p => p != "/").Order(StringComparer.Ordinal).ToList();
    }

    public static bool HasWildcard(string pattern) => pattern.IndexOfAny(['*', '?', '[']) >= 0;

    /// <summary>Collapses repeated slashes and <c>.</c>/<c>..</c> components of an absolute server path.</summary>
    public static string Normalize(string serverPath)
    {
        var parts = new List<string>();
        foreach (var part in serverPath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
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

    /// <summary>What is at a host path, without following a link: asked once per path and remembered, since a
    /// load resolves the same folders for every file in them.</summary>
    private Entry Stat(string hostPath) => _entries.GetOrAdd(hostPath, static path =>
    {
        FileAttributes attributes;
        try
        {
            attributes = File.GetAttributes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Entry(EntryKind.Missing, null);
        }

        if ((attributes & FileAttributes.ReparsePoint) != 0)
        {
            try
            {
                return new Entry(EntryKind.Link, new FileInfo(path).LinkTarget);
            }
            catch (IOException)
            {
                return new Entry(EntryKind.Missing, null);
            }
        }

        return new Entry((attributes & FileAttributes.Directory) != 0 ? EntryKind.Directory : EntryKind.File, null);
    });

    private enum EntryKind
    {
        Missing,
        File,
        Directory,
        Link,
    }

    private readonly record struct Entry(EntryKind Kind, string? LinkTarget);

    private static string Parent(string path)
    {
        var index = path.LastIndexOf('/');
        return index <= 0 ? "/" : path[..index];
    }
}
