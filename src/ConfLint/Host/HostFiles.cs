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

    /// <summary>The host's files this view reads through <see cref="_map"/>; null for the host's own view.</summary>
    private HostFiles? _host;

    /// <summary>A container's path to the server path of the file the container sees there, or null where ConfLint does
    /// not see it (<see cref="InContainer"/>).</summary>
    private Func<string, string?>? _map;

    /// <summary>Whether paths given here are a container's, read through its mounts and image (<see cref="InContainer"/>):
    /// <see cref="FileSystem"/> is then the host's, and a reader must not look up a container path in it.</summary>
    public bool IsContainerView => _map is not null;

    /// <summary>The files as a container sees them: a path is mapped to the repository file there (a bind mount's
    /// source, a file the Dockerfile copied: <see cref="Workspace.Compose.ComposeService.ServerPathOf"/>) and read as
    /// the host's file, under the root only; any other path is not there.</summary>
    public HostFiles InContainer(Func<string, string?> map) => new(FileSystem, options) { _host = this, _map = map };

    /// <summary>The text of the file at a server path (links followed), or null when it is not there or not readable.</summary>
    public SourceText? Read(string serverPath)
    {
        var normalized = RootedFileSystem.Normalize(serverPath);
        if (_map is not null)
        {
            return _map(normalized) is { } mapped ? _host!.Read(mapped) : null;
        }

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
    public bool Exists(string serverPath) =>
        _map is null ? FileSystem.FileExists(serverPath) : _map(RootedFileSystem.Normalize(serverPath)) is { } mapped && FileSystem.FileExists(mapped);

    /// <summary>The regular files of a folder whose names end in <paramref name="suffix"/>, in byte order of their names.
    /// In a container's view, no folder is listed (what the image holds there is not known).</summary>
    public IReadOnlyList<string> FilesIn(string folder, string suffix) => _map is not null ? [] :
        FileSystem.EnumerateEntries(folder)
            .Where(p => p.EndsWith(suffix, StringComparison.Ordinal) && !Path.GetFileName(p).StartsWith('.') && FileSystem.FileExists(p))
            .ToList();

    /// <summary>The location of a span of a file read here.</summary>
    public static Location At(SourceText source, int start, int length) => new(source, new TextSpan(start, length));

    /// <summary>A relative path taken from <paramref name="folder"/> (or <c>/</c>), normalized.</summary>
    public static string Absolute(string path, string? folder) =>
        RootedFileSystem.Normalize(path.StartsWith('/') ? path : (folder ?? "/").TrimEnd('/') + "/" + path);
}
