using ConfLint.Syntax;

namespace ConfLint.Workspace;

/// <summary>What to load: a server root (<c>--root</c>) and/or files and folders (PATH arguments).</summary>
public sealed record LoadOptions
{
    /// <summary>The host folder that stands for the server's <c>/</c>; null when linting paths only.</summary>
    public string? Root { get; init; }

    /// <summary>Files or folders to read; with a root, relative to the working directory.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Compose files named with <c>--compose</c> (host paths, like PATH arguments): one project, merged in order as
    /// <c>docker compose -f A -f B</c> merges them.</summary>
    public IReadOnlyList<string> ComposeFiles { get; init; } = [];

    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    public ParseOptions Parse { get; init; } = ParseOptions.Default;

    /// <summary>Files (by server path) whose contents replace or add to the disk's: a fix's earlier rounds.</summary>
    public IReadOnlyDictionary<string, byte[]>? Overlay { get; init; }

    /// <summary>
    /// When set, only the findings located in these server paths (files, or folders and everything below them) are
    /// reported: a file named on the command line is linted with its whole host, and what is reported is what lies
    /// in that file. Null: every finding of the host.
    /// </summary>
    public IReadOnlyList<string>? ReportOnly { get; init; }

    /// <summary>Whether findings in this file are reported (<see cref="ReportOnly"/>), by its path as named and with links followed.</summary>
    public bool Reports(string serverPath, string resolvedPath)
    {
        if (ReportOnly is null)
        {
            return true;
        }

        foreach (var named in ReportOnly)
        {
            var folder = named.TrimEnd('/') + "/";
            if (serverPath == named || resolvedPath == named || serverPath.StartsWith(folder, StringComparison.Ordinal) || resolvedPath.StartsWith(folder, StringComparison.Ordinal) || named == "/")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Put before every displayed path (for a host of several in one repository: <c>hosts/web1/</c>).</summary>
    public string DisplayPrefix { get; init; } = string.Empty;

    /// <summary>How reports name a file at this server path: relative to the root (after <see cref="DisplayPrefix"/>)
    /// with a root; without one, relative to the working directory when below it, else as it is.</summary>
    public string DisplayPath(string serverPath)
    {
        if (Root is not null)
        {
            return DisplayPrefix + RootedFileSystem.Normalize(serverPath).TrimStart('/');
        }

        var relative = Path.GetRelativePath(WorkingDirectory, serverPath);
        return relative.StartsWith("..", StringComparison.Ordinal) ? serverPath : relative;
    }

    /// <summary>Where each stage's time goes (for CONFLINT_TIMINGS=1), or null.</summary>
    public IList<(string Stage, TimeSpan Time)>? Timings { get; init; }

    /// <summary>Told how many files a parse wave is about to read, before it starts (the command line's memory plan for a
    /// large tree: see <c>BulkLoad</c> in ConfLint.Cli).</summary>
    public Action<int>? BeforeParse { get; init; }

    /// <summary>At most this many files are parsed at once (default: one per core).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The host folder nothing is read from outside of (and a fix writes nothing outside of): the root; without
    /// one, the working folder when every PATH lies in it as written (a repository linted from its top, a
    /// pre-commit hook), else the nearest folder that holds every PATH (a PATH named outside the working folder is
    /// taken as meant: a link it is itself is followed). Links leading outside it are not followed. The working
    /// folder is not taken when it is <c>/</c> or a folder anyone may write (<c>/tmp</c>): a job started there
    /// (a container's default <c>WORKDIR /</c>) that names <c>/src</c> would follow the tree's links anywhere.
    /// </summary>
    public string Boundary()
    {
        var cwd = Path.TrimEndingDirectorySeparator(Path.GetFullPath(WorkingDirectory));
        if (Root is not null)
        {
            return Path.GetFullPath(Root, cwd);
        }

        var paths = Paths.Select(p => Path.GetFullPath(p, cwd)).ToList();
        static bool Inside(string path, string folder) =>
            folder == "/" || path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);
        cwd = cwd.Length == 0 ? "/" : cwd;
        if (paths.Count == 0 || (paths.All(p => Inside(p, cwd)) && cwd != "/" && !PosixFiles.IsSharedFolder(cwd)))
        {
            return cwd;
        }

        var folders = paths.Select(p =>
        {
            var target = p;
            try
            {
                target = new FileInfo(p).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? p;
            }
            catch (IOException)
            {
            }

            return Directory.Exists(target) ? target : Path.GetDirectoryName(target) ?? "/";
        });
        return folders.Aggregate(CommonFolder);
    }

    private static string CommonFolder(string a, string b)
    {
        var left = a.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var right = b.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var shared = left.Zip(right).TakeWhile(pair => pair.First == pair.Second).Count();
        return "/" + string.Join('/', left.Take(shared));
    }
}
