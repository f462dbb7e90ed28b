namespace ConfLint.Workspace;

/// <summary>Reading files: only regular files below the root, through no link as the last component.</summary>
public sealed partial class RootedFileSystem
{
    /// <inheritdoc cref="PosixFiles.ReadNamedFile"/>
    public static byte[] ReadNamedFile(string path, long maxBytes) => PosixFiles.ReadNamedFile(path, maxBytes);

    /// <inheritdoc cref="PosixFiles.ReadBounded"/>
    public static byte[]? ReadBounded(Stream stream, long maxBytes) => PosixFiles.ReadBounded(stream, maxBytes);

    public byte[] ReadAllBytes(string serverPath)
    {
        var resolved = Resolve(serverPath) ?? throw new FileNotFoundException("no such file", serverPath);
        RefuseSecret(serverPath, resolved);
        if (_overlay.TryGetValue(resolved, out var overlaid))
        {
            return overlaid;
        }

        if (resolved == "/dev/null")
        {
            return [];
        }

        // Read to the end rather than to the reported size: /proc files (a live root's meminfo) report 0 bytes. A
        // regular file is read into an array of its size, with no copy (a host has thousands of unit files).
        using var file = OpenResolvedFile(resolved);
        var bytes = new byte[file.Status.Size];
        var filled = file.ReadAt(bytes, 0);
        if (filled < bytes.Length)
        {
            return bytes[..filled];
        }

        Span<byte> probe = stackalloc byte[1];
        if (file.ReadAt(probe, bytes.Length) == 0)
        {
            return bytes;
        }

        // It grew, or it reports no size: read the rest, up to the limit.
        using var stream = file.AsStream();
        stream.Position = bytes.Length + 1;
        var rest = PosixFiles.ReadBounded(stream, MaxFileSize - bytes.Length - 1)
            ?? throw new IOException($"it is larger than {MaxFileSize / (1024 * 1024)} MiB");
        return [.. bytes, probe[0], .. rest];
    }

    /// <summary>The file <paramref name="serverPath"/> leads to, where it exists and is not a secret path by its name or by
    /// that file (<see cref="SecretPaths"/>); else null.</summary>
    public string? ReadablePath(string serverPath) =>
        FileExists(serverPath) && Resolve(serverPath) is { } resolved && !SecretPaths.IsUnreadable(serverPath) && !SecretPaths.IsUnreadable(resolved) ? resolved : null;

    /// <summary>Whether a file's bytes hold <paramref name="needle"/>; false when it cannot be read.</summary>
    public bool FileContains(string serverPath, ReadOnlySpan<byte> needle) => FileContains(serverPath, needle, default) != 0;

    /// <summary>Which of two needles a file's bytes hold, read once: 1 for <paramref name="first"/>, 2 for
    /// <paramref name="second"/> (an empty needle is not looked for); 0 when it cannot be read.</summary>
    public int FileContains(string serverPath, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second) =>
        FileContains(serverPath, first, second, default, default);

    /// <summary>Which of up to five needles a file's bytes hold, read once: bit 1, 2, 4, 8 or 16 for the first, second,
    /// third, fourth or fifth (an empty needle is not looked for); 0 when it cannot be read.</summary>
    public int FileContains(string serverPath, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third, ReadOnlySpan<byte> fourth, ReadOnlySpan<byte> fifth = default)
    {
        var wanted = (first.IsEmpty ? 0 : 1) | (second.IsEmpty ? 0 : 2) | (third.IsEmpty ? 0 : 4) | (fourth.IsEmpty ? 0 : 8) | (fifth.IsEmpty ? 0 : 16);
        try
        {
            if (wanted == 0 || ReadablePath(serverPath) is not { } resolved)
            {
                return 0;
            }

            if (_overlay.TryGetValue(resolved, out var overlaid))
            {
                return Found(overlaid, first, second, third, fourth, fifth);
            }

            if (resolved == "/dev/null")
            {
                return 0;
            }

            // Read in pieces through one borrowed buffer, each piece keeping the end of the last that could begin a
            // needle: a host's thousands of unit files are searched without an array of each.
            var longest = Math.Max(Math.Max(Math.Max(first.Length, second.Length), Math.Max(third.Length, fourth.Length)), fifth.Length);
            using var file = OpenResolvedFile(resolved);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(16 * 1024, longest * 2));
            try
            {
                var kept = 0;
                var found = 0;
                long total = 0;
                while (true)
                {
                    var read = file.ReadAt(buffer.AsSpan(kept), total);
                    if (read == 0)
                    {
                        return found;
                    }

                    var filled = kept + read;
                    found |= Found(buffer.AsSpan(0, filled), first, second, third, fourth, fifth);
                    if (found == wanted)
                    {
                        return found;
                    }

                    total += read;
                    if (total > MaxFileSize)
                    {
                        return found;
                    }

                    kept = Math.Min(longest - 1, filled);
                    buffer.AsSpan(filled - kept, kept).CopyTo(buffer);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static int Found(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third, ReadOnlySpan<byte> fourth, ReadOnlySpan<byte> fifth) =>
        (!first.IsEmpty && bytes.IndexOf(first) >= 0 ? 1 : 0) | (!second.IsEmpty && bytes.IndexOf(second) >= 0 ? 2 : 0)
        | (!third.IsEmpty && bytes.IndexOf(third) >= 0 ? 4 : 0) | (!fourth.IsEmpty && bytes.IndexOf(fourth) >= 0 ? 8 : 0)
        | (!fifth.IsEmpty && bytes.IndexOf(fifth) >= 0 ? 16 : 0);

    /// <summary>The first bytes of a file, as text (for telling its kind); null when it cannot be read.</summary>
    public string? ReadHead(string serverPath, int length = 4096)
    {
        try
        {
            var resolved = Resolve(serverPath);
            if (resolved is null || resolved == "/dev/null" || SecretPaths.IsSecret(resolved))
            {
                return null;
            }

            if (_overlay.TryGetValue(resolved, out var overlaid))
            {
                return System.Text.Encoding.UTF8.GetString(overlaid, 0, Math.Min(length, overlaid.Length));
            }

            using var file = OpenResolvedFile(resolved);
            var buffer = new byte[length];
            var read = file.ReadAt(buffer, 0);
            return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
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

    /// <summary>The text of a file (its overlay when it has one); never a secret (<see cref="SecretPaths"/>).</summary>
    /// <param name="forParse">Whether the text is read to be parsed as nginx's (see <see cref="Text.SourceText.FromStream"/>):
    /// the caller then gives its parse buffer back.</param>
    public Text.SourceText ReadSourceText(string serverPath, string displayPath, bool forParse = false)
    {
        var resolved = Resolve(serverPath) ?? throw new FileNotFoundException("no such file", serverPath);
        if (SecretPaths.IsSecret(serverPath) || SecretPaths.IsSecret(resolved))
        {
            throw new IOException($"{resolved} holds secrets (password hashes, keys) or is the kernel's: ConfLint does not read it as configuration");
        }

        if (_overlay.TryGetValue(resolved, out var overlaid))
        {
            return Text.SourceText.FromBytes(displayPath, overlaid);
        }

        if (resolved == "/dev/null")
        {
            return Text.SourceText.FromBytes(displayPath, []);
        }

        using var file = OpenResolvedFile(resolved);
        var source = Text.SourceText.FromBytes(displayPath, file.Status.Size, forParse, file.ReadAt);
        if (!HoldsPem(source.Chars))
        {
            return source;
        }

        source.ReleaseParseBuffer();
        throw new IOException("it is a PEM key or certificate (a line '-----BEGIN ...'), not configuration; not read, so that no error quotes it");
    }

    /// <summary>
    /// Whether a text is a PEM file: its first line that is not blank begins <c>-----BEGIN </c>, or a line begins
    /// <c>-----BEGIN </c> and ends <c>PRIVATE KEY-----</c>. An include that names a key (a tree's <c>include
    /// /etc/ssl/private/site.key;</c> on a live root) would otherwise have the key's first words quoted in a syntax error.
    /// </summary>
    public static bool HoldsPem(ReadOnlySpan<char> text)
    {
        const string PrivateKeyEnd = "PRIVATE KEY-----";
        var first = text.TrimStart();
        if (first.StartsWith("\uFEFF", StringComparison.Ordinal))
        {
            first = first[1..].TrimStart();
        }

        if (first.StartsWith("-----BEGIN ", StringComparison.Ordinal))
        {
            return true;
        }

        // Each line is looked at once, however many markers it holds (a line of them must not be read again for each).
        var checkedLine = -1;
        var searched = 0;
        var lineStart = 0;
        for (var at = text.IndexOf(PrivateKeyEnd, StringComparison.Ordinal); at >= 0; at = text[(at + 1)..].IndexOf(PrivateKeyEnd, StringComparison.Ordinal) is var next and >= 0 ? at + 1 + next : -1)
        {
            // The last line break from the previous marker up to this one.
            var back = text[searched..(at + 1)].LastIndexOf('\n');
            var newline = back >= 0 ? searched + back : -1;
            lineStart = newline >= 0 ? newline + 1 : lineStart;
            searched = at;
            if (lineStart != checkedLine)
            {
                checkedLine = lineStart;
                if (text.Slice(lineStart, at - lineStart).TrimStart().StartsWith("-----BEGIN ", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Every reader (an <c>EnvironmentFile=</c>, an <c>env_file</c>, a Dockerfile, php.ini...) stays off the secret
    /// paths, by the name it was given and the file it leads to: a unit's <c>EnvironmentFile=/proc/self/environ</c>
    /// on a live root gave ConfLint's own environment (a CI job's tokens) to the values its messages quote. Only the
    /// kernel's facts ConfLint asks for itself are read there.
    /// </summary>
    private static void RefuseSecret(string serverPath, string resolved)
    {
        if (SecretPaths.IsUnreadable(serverPath) || SecretPaths.IsUnreadable(resolved))
        {
            throw new IOException($"{resolved} holds secrets (password hashes, keys) or is the kernel's: ConfLint does not read it");
        }
    }

    /// <summary>
    /// Opens a resolved server path from the root's folder handle, through no symbolic link in any component
    /// (<see cref="PosixFiles.OpenBeneath"/>): the path was resolved with its links followed, so a link in it now was
    /// swapped in since (a folder of the tree made a link to this machine's <c>/etc</c> between the walk and the read).
    /// </summary>
    private PosixFiles.OpenFile OpenResolvedFile(string resolved)
    {
        var file = _rootFolder.Value is { } folder
            ? PosixFiles.OpenRegularFileBeneath(folder, resolved, ToHostPath(resolved), UseOpenat2)
            : PosixFiles.OpenRegularFileForRead(ToHostPath(resolved));
        if (file.Status.Size > MaxFileSize)
        {
            file.Dispose();
            throw new IOException($"it is larger than {MaxFileSize / (1024 * 1024)} MiB");
        }

        // A hard link is a second name of one file, and nothing tells where the other names are: with a root (or a
        // boundary) a file of several names may be one of this machine's (a tree brought as an archive, or made by a
        // hand, with etc/nginx/conf.d/x.conf a hard link of /etc/shadow), and a syntax error would quote its first
        // words. Such a file is not read; on the live machine (--root /) every name is the machine's own.
        if (IsConfined && file.Status.Links > 1)
        {
            file.Dispose();
            throw new IOException($"it has {file.Status.Links} hard links, and another name of it may lie outside the tree (a file of this machine); not read");
        }

        return file;
    }

    /// <summary>Whether reads are kept inside a folder of this machine (a root other than <c>/</c>, or a boundary).</summary>
    public bool IsConfined => IsRooted || Boundary is { } boundary && boundary != "/";
}
