using ConfLint.Syntax;

namespace ConfLint.Workspace;

/// <summary>What to load: a server root (<c>--root</c>) and/or files and folders (PATH arguments).</summary>
public sealed record LoadOptions
{
    /// <summary>The host folder that stands for the server's <c>/</c>; null when linting paths only.</summary>
    public string? Root { get; init; }

    /// <summary>Files or folders to read; with a root, relative to the working directory.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    public ParseOptions Parse { get; init; } = ParseOptions.Default;

    /// <summary>Files (by server path) whose contents replace or add to the disk's: a fix's earlier rounds.</summary>
    public IReadOnlyDictionary<string, byte[]>? Overlay { get; init; }

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

    /// <summary>At most this many files are parsed at once (default: one per core).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
