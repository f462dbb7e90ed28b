namespace ConfLint.Tests.Support;

/// <summary>A throwaway folder for tests that need files and links on disk; deleted on dispose.</summary>
public sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "conflint-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Path(string relative) => System.IO.Path.Combine(Root, relative.TrimStart('/'));

    public TempTree Write(string relative, string content)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    /// <summary>Writes the name resolution a host's root shows: /etc/hosts with only localhost and an /etc/resolv.conf
    /// with one name server and no search domain. With both a one-label name nothing lists is one the host cannot
    /// resolve; without them ConfLint cannot tell (HostResolution.Unseen).</summary>
    public TempTree WithHostResolution() =>
        Write("etc/hosts", "127.0.0.1 localhost\n::1 localhost\n").Write("etc/resolv.conf", "nameserver 192.0.2.53\n");

    public TempTree WriteBytes(string relative, byte[] content)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return this;
    }

    /// <summary>Creates a symbolic link at <paramref name="relative"/> pointing at <paramref name="target"/> as written.</summary>
    public TempTree Link(string relative, string target)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        return this;
    }

    /// <summary>Copies a folder of the repository's fixtures into this tree; symbolic links stay links.</summary>
    public TempTree CopyFrom(string sourceDirectory)
    {
        TreeCopy.Copy(sourceDirectory, Root);
        return this;
    }

    /// <summary>Copies a folder of this machine into the tree at <paramref name="relative"/>, keeping symbolic
    /// links as links (following the source folder itself if it is one), as <c>cp -a</c> does.</summary>
    public TempTree CopyHostFolder(string source, string relative)
    {
        var target = Path(relative);
        Directory.CreateDirectory(target);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var destination = System.IO.Path.Combine(target, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(destination, link);
            }
            else if (entry is DirectoryInfo)
            {
                CopyHostFolder(entry.FullName, System.IO.Path.Combine(relative, entry.Name));
            }
            else
            {
                File.Copy(entry.FullName, destination);
            }
        }

        return this;
    }

    public string Read(string relative) => File.ReadAllText(Path(relative));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
