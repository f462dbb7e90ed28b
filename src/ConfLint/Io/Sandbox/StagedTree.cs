using ConfLint.Io.Writing;
using ConfLint.Workspace;

namespace ConfLint.Io.Sandbox;

/// <summary>
/// A private copy of the parts of a server tree the daemons read, in a fresh folder of the temporary folder (mode
/// 0700), laid out by server path (<c>tree/etc/nginx/...</c>) so that the sandbox can mount it at the absolute
/// paths the configs name. Everything comes through the tree's <see cref="RootedFileSystem"/> (so nothing outside
/// the root is copied), links are copied as links, and every file is created through <see cref="ConfinedRoot"/>
/// (so a copied link cannot carry a later write out of the stage). Some paths are never copied from a tree: the
/// dynamic linker's and NSS's settings, OpenSSL's configuration, password hashes, and whatever the sandbox
/// provides itself (<see cref="IsReserved"/>).
/// </summary>
internal sealed class StagedTree : IDisposable
{
    /// <summary>Top-level folders the sandbox takes from this machine or makes itself.</summary>
    private static readonly HashSet<string> ReservedTops = new(StringComparer.Ordinal)
    {
        "usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "proc", "sys", "dev", "run", "tmp", "boot",
    };

    /// <summary>Files that would let a tree steer the loader, name resolution or OpenSSL (code), or that hold secrets.</summary>
    private static readonly string[] ReservedPaths =
    [
        "/etc/ld.so.preload", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/nsswitch.conf", "/etc/ssl/openssl.cnf",
        "/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/passwd", "/etc/group", "/etc/hosts",
        "/etc/nginx/modules", "/etc/httpd/modules", "/etc/security", "/etc/pam.d", "/etc/environment", "/etc/gai.conf", "/etc/host.conf",
        "/var/log", "/var/cache", "/var/lib", "/var/tmp", "/var/run", "/var/lock",
    ];

    /// <summary>At most this much is copied: a tree is configuration, not data.</summary>
    private const long MaxBytes = 256L * 1024 * 1024;

    private const int MaxEntries = 200_000;

    /// <summary>At most this many folders deep, and this many bytes of path in the stage: each entry is made by walking
    /// from the stage's top one folder at a time (quadratic in the depth: 2,500 nested folders took minutes), and the
    /// stage is removed by path, which the kernel takes up to 4,096 bytes long.</summary>
    private const int MaxDepth = 64;

    private const int MaxPathBytes = 3800;

    private readonly ConfinedRoot _tree;
    private readonly HashSet<string> _staged = new(StringComparer.Ordinal);
    private long _bytes;

    private StagedTree(string folder)
    {
        Folder = folder;
        Directory.CreateDirectory(TreePath);
        _tree = new ConfinedRoot(TreePath);
    }

    /// <summary>The stage's own folder (0700).</summary>
    public string Folder { get; }

    /// <summary>The server tree's <c>/</c> in the stage.</summary>
    public string TreePath => Path.Combine(Folder, "tree");

    public static StagedTree Create(string label) => new(Directory.CreateTempSubdirectory($"conflint-{label}-").FullName);

    /// <summary>Whether a server path is never copied from a tree into the stage.</summary>
    public static bool IsReserved(string serverPath)
    {
        var normalized = RootedFileSystem.Normalize(serverPath);
        var top = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
        return ReservedTops.Contains(top) || SecretPaths.IsSecret(normalized)
            || ReservedPaths.Any(r => normalized == r || normalized.StartsWith(r + "/", StringComparison.Ordinal));
    }

    /// <summary>Copies what a server path holds (a file, a folder with everything below it, a link and what it
    /// leads to) from the tree, unless it is reserved. Each real folder is copied once.</summary>
    public void Copy(RootedFileSystem fs, string serverPath)
    {
        var pending = new Stack<string>([RootedFileSystem.Normalize(serverPath)]);
        var visited = new HashSet<(ulong, ulong)>();
        while (pending.Count > 0)
        {
            var path = pending.Pop();
            if (path == "/" || IsReserved(path) || !_staged.Add(path))
            {
                continue;
            }

            if (_staged.Count > MaxEntries)
            {
                throw new IOException($"the tree has over {MaxEntries} entries to stage; it is not checked");
            }

            CheckDepth(TreePath, Relative(path));

            switch (fs.EntryTypeOf(path))
            {
                case FileType.Link:
                    if (fs.LinkTargetOf(path) is { } target)
                    {
                        _tree.CreateLink(Relative(path), target);
                    }

                    if (fs.Resolve(path) is { } resolved && resolved != "/dev/null")
                    {
                        pending.Push(resolved);
                    }

                    break;
                case FileType.Directory:
                    if (fs.IdentityOf(path) is { } identity && !visited.Add(identity))
                    {
                        break;
                    }

                    _tree.CreateFolder(Relative(path)).Dispose();
                    foreach (var entry in fs.EnumerateEntries(path).Reverse())
                    {
                        pending.Push(entry);
                    }

                    break;
                case FileType.Regular:
                    AddFile(path, fs.ReadAllBytes(path), (uint)fs.PermissionsOf(path));
                    break;
                case FileType.Missing when path.Contains('\uFFFD', StringComparison.Ordinal):
                    // Listed in its folder, yet not found again by its name: bytes that are not UTF-8, decoded to U+FFFD.
                    // The daemon would read it (an include's '*' matches bytes); a stage without it is another
                    // configuration, whose verdict says nothing of this one.
                    throw new IOException($"{path} has a name that is not UTF-8 (each byte that is not shown as \uFFFD): the daemons would read it, the stage cannot hold it");
            }
        }
    }

    /// <summary>systemd's vendor units folder for <c>systemd-analyze verify</c> (mounted at <c>/usr/lib/systemd/system</c>).</summary>
    public string UnitsPath => Path.Combine(Folder, "units");

    /// <summary>
    /// Fills <see cref="UnitsPath"/>: this machine's vendor units first (every unit depends on units such as
    /// <c>sysinit.target</c> that a tree seldom holds), then the tree's <c>lib/systemd/system</c> and
    /// <c>usr/lib/systemd/system</c> over them.
    /// </summary>
    public void StageUnits(RootedFileSystem fs)
    {
        CopyHostFolder("/usr/lib/systemd/system", UnitsPath);
        Directory.CreateDirectory(UnitsPath);
        using var units = new ConfinedRoot(UnitsPath);
        foreach (var folder in new[] { "/lib/systemd/system", "/usr/lib/systemd/system" })
        {
            var pending = new Stack<(string Server, string Relative)>([(folder, string.Empty)]);
            var visited = new HashSet<(ulong, ulong)>();
            while (pending.Count > 0)
            {
                var (server, relative) = pending.Pop();
                if (fs.IdentityOf(server) is not { } identity || !visited.Add(identity))
                {
                    continue;
                }

                foreach (var entry in fs.EnumerateEntries(server))
                {
                    var name = (relative.Length == 0 ? string.Empty : relative + "/") + Path.GetFileName(entry);
                    CheckDepth(UnitsPath, name);
                    switch (fs.EntryTypeOf(entry))
                    {
                        case FileType.Link when fs.LinkTargetOf(entry) is { } target:
                            units.RemoveEntry(name);
                            units.CreateLink(name, target);
                            break;
                        case FileType.Directory:
                            units.CreateFolder(name).Dispose();
                            pending.Push((entry, name));
                            break;
                        case FileType.Regular:
                            units.RemoveEntry(name);
                            units.CreateFile(name, fs.ReadAllBytes(entry), (uint)fs.PermissionsOf(entry) | 0x100);
                            break;
                    }
                }
            }
        }
    }

    /// <summary>Copies a folder of this machine (trusted system files) into the stage, links kept as links.</summary>
    private static void CopyHostFolder(string source, string target)
    {
        if (PosixFiles.Lstat(source).Type != FileType.Directory)
        {
            return;
        }

        Directory.CreateDirectory(target);
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            var destination = Path.Combine(target, Path.GetFileName(entry));
            switch (PosixFiles.Lstat(entry).Type)
            {
                case FileType.Link when new FileInfo(entry).LinkTarget is { } link:
                    File.CreateSymbolicLink(destination, link);
                    break;
                case FileType.Directory:
                    CopyHostFolder(entry, destination);
                    break;
                case FileType.Regular:
                    File.Copy(entry, destination);
                    break;
            }
        }
    }

    /// <summary>Writes a file into the stage (a copy, a synthesized account file, a throwaway certificate).</summary>
    public void AddFile(string serverPath, byte[] bytes, uint mode = 0x1A4, bool replace = false)
    {
        CheckDepth(TreePath, Relative(serverPath));
        _bytes += bytes.Length;
        if (_bytes > MaxBytes)
        {
            throw new IOException($"the tree has over {MaxBytes / (1024 * 1024)} MiB to stage; it is not checked");
        }

        try
        {
            if (replace)
            {
                _tree.RemoveFile(Relative(serverPath));
            }

            _tree.CreateFile(Relative(serverPath), bytes, mode | 0x100);
        }
        catch (ConfinementException) when (Exists(serverPath))
        {
            // Reached again through another name (a link to a folder copied already).
        }
    }

    /// <summary>Makes an empty folder in the stage (a mount point).</summary>
    public void AddFolder(string serverPath)
    {
        CheckDepth(TreePath, Relative(serverPath));
        _tree.CreateFolder(Relative(serverPath)).Dispose();
    }

    /// <summary>
    /// Gives the stage (its folder and everything in it, links included, never followed) to the user a sandbox started
    /// by root runs as, so that the daemons read it as the owner, as they would as root (a key of mode 0600 stays
    /// readable). That user must reach the stage's folder: every folder above it must let others search it.
    /// </summary>
    public void HandTo(uint owner)
    {
        for (var above = Path.GetDirectoryName(Folder); above is not null; above = Path.GetDirectoryName(above))
        {
            var status = PosixFiles.Stat(above);
            if (status.Exists && (status.Mode & 0x1) == 0 && status.User != owner)
            {
                throw new IOException($"the sandbox runs as uid {owner}, which may not enter {above} (mode {Convert.ToString(status.Mode & 0xFFF, 8)}): set TMPDIR to a folder others may search, such as /tmp");
            }
        }

        HandOver(Folder, owner);
    }

    private static void HandOver(string path, uint owner)
    {
        UnixFiles.SetOwner(path, owner, owner);
        if (PosixFiles.Lstat(path).Type == FileType.Directory)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(path))
            {
                HandOver(entry, owner);
            }
        }
    }

    /// <summary>Whether something is at a server path of the stage (links inside the stage followed there).</summary>
    public bool Exists(string serverPath) => new RootedFileSystem(TreePath).TypeOf(serverPath) != FileType.Missing;

    /// <summary>The top-level folders of the staged tree (mounted at <c>/NAME</c> in the sandbox).</summary>
    public IEnumerable<string> TopFolders() =>
        Directory.EnumerateDirectories(TreePath).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>Folders below the staged <c>var</c> (each mounted over the sandbox's own <c>/var</c>).</summary>
    public IEnumerable<string> VarFolders() =>
        Directory.Exists(Path.Combine(TreePath, "var"))
            ? Directory.EnumerateFileSystemEntries(Path.Combine(TreePath, "var")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)
            : [];

    public void Dispose()
    {
        _tree.Dispose();
        RemoveTree(Folder);
    }

    /// <summary>Deletes a folder and everything below it without following a link out of it.</summary>
    public static void RemoveTree(string folder)
    {
        var status = PosixFiles.Lstat(folder);
        if (status.Type != FileType.Directory)
        {
            if (status.Exists)
            {
                File.Delete(folder);
            }

            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
        {
            if (PosixFiles.Lstat(entry).Type == FileType.Directory)
            {
                RemoveTree(entry);
            }
            else
            {
                File.Delete(entry);
            }
        }

        Directory.Delete(folder);
    }

    private static void CheckDepth(string top, string relative)
    {
        if (relative.Count(c => c == '/') >= MaxDepth || System.Text.Encoding.UTF8.GetByteCount(top) + 1 + System.Text.Encoding.UTF8.GetByteCount(relative) > MaxPathBytes)
        {
            throw new IOException($"the tree has folders nested deeper than {MaxDepth} levels or paths longer than the stage can hold (/{relative[..Math.Min(relative.Length, 60)]}...); it is not checked");
        }
    }

    private static string Relative(string serverPath) => RootedFileSystem.Normalize(serverPath).TrimStart('/');
}
