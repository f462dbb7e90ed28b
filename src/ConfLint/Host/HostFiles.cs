using System.Collections.Concurrent;
using ConfLint.Diagnostics;
using ConfLint.Text;
using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>
/// The back ends' own files that are no configuration of the four kinds (php.ini, gunicorn's Python file, uwsgi's ini,
/// puma's Ruby file): read as text through the rooted file system (so never outside the root, never a secret, never a
/// FIFO), once each, and known by a <see cref="FileId"/> so that a finding can point into them. A file that cannot be
/// read is simply absent.
/// </summary>
public sealed class HostFiles(RootedFileSystem fileSystem, LoadOptions options)
{
    private readonly ConcurrentDictionary<string, SourceText?> _read = new(StringComparer.Ordinal);

    public RootedFileSystem FileSystem { get; } = fileSystem;

    /// <summary>The text of the file at a server path (links followed), or null when it is not there or not readable.</summary>
    public SourceText? Read(string serverPath)
    {
        var normalized = RootedFileSystem.Normalize(serverPath);
        return _read.GetOrAdd(normalized, path =>
        {
            if (FileSystem.Resolve(path) is not { } resolved || resolved == "/dev/null" || !FileSystem.FileExists(path))
            {
                return null;
            }

            try
            {
                return FileSystem.ReadSourceText(path, options.DisplayPath(path)).WithFile(new FileId(resolved, options.DisplayPath(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        });
    }

    /// <summary>Whether a regular file is there.</summary>
    public bool Exists(string serverPath) => FileSystem.FileExists(serverPath);

    /// <summary>The regular files of a folder whose names end in <paramref name="suffix"/>, in byte order of their names.</summary>
    public IReadOnlyList<string> FilesIn(string folder, string suffix) =>
        FileSystem.EnumerateEntries(folder)
            .Where(p => p.EndsWith(suffix, StringComparison.Ordinal) && !Path.GetFileName(p).StartsWith('.') && FileSystem.FileExists(p))
            .ToList();

    /// <summary>The location of a span of a file read here.</summary>
    public static Location At(SourceText source, int start, int length) => new(source, new TextSpan(start, length));

    /// <summary>A relative path taken from <paramref name="folder"/> (or <c>/</c>), normalized.</summary>
    public static string Absolute(string path, string? folder) =>
        RootedFileSystem.Normalize(path.StartsWith('/') ? path : (folder ?? "/").TrimEnd('/') + "/" + path);
}
