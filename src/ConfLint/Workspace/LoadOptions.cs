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

    /// <summary>At most this many files are parsed at once (default: one per core).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
