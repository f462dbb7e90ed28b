using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ConfLint.Workspace;

/// <summary>
/// The few libc calls .NET has no API for: <c>lstat</c>/<c>stat</c>/<c>fstat</c> (type, device and inode, owner)
/// and an <c>open</c> that refuses a link as its last component and never blocks on a FIFO. Paths holding a NUL
/// are refused here: marshalled to C they would silently name a shorter path. Linux on x86-64 and arm64; other
/// systems fall back to .NET's own file APIs (no device or inode there).
/// </summary>
internal static unsafe partial class PosixFiles
{
    private const int StatBufferSize = 256;
    private const uint TypeMask = 0xF000;
    private const uint RegularType = 0x8000;
    private const uint DirectoryType = 0x4000;
    private const uint LinkType = 0xA000;

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LStatNative(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatNative(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static partial int FStatNative(int fd, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fstatat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int FStatAtNative(int dirFd, string name, byte* buffer, int flags);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "openat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenAtNative(int dirFd, string name, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long SyscallNative(long number, int dirFd, byte* path, OpenHow* how, nuint size);

    [LibraryImport("libc", EntryPoint = "readlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint ReadLinkAtNative(int dirFd, string name, byte[] buffer, nint size);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserIdNative();

    /// <summary>Whether this kernel lets ConfLint call openat2 (Linux 5.6 and later, unless a container's seccomp
    /// profile refuses it): asked once, by opening <c>/</c> with it.</summary>
    private static readonly Lazy<bool> Openat2Works = new(ProbeOpenat2);

    /// <summary>openat2's number: the same on x86-64 and arm64 (system calls added since 5.x share one table).</summary>
    private const long Openat2Call = 437;
    private const ulong ResolveNoSymlinks = 0x04;
    private const ulong ResolveBeneath = 0x08;
    private const int NoSuchCall = 38;
    private const int NotPermitted = 1;
    private const int InvalidArgument = 22;
    private const int TooBig = 7;
    private const int TooManyLinks = 40;
    private const int CrossDevice = 18;

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    public static bool IsSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    private static bool IsArm64 => RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    public const int ReadOnly = 0;
    public const int WriteOnly = 1;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int NoControllingTerminal = 0x100;
    public const int NonBlocking = 0x800;
    public const int CloseOnExec = 0x80000;
    public const int SymlinkNoFollow = 0x100;

    /// <summary><c>O_PATH</c> (the same on x86-64 and arm64): a handle that names a file without opening it for reading.</summary>
    public const int PathOnly = 0x200000;

    /// <summary><c>O_DIRECTORY</c>: arm64 has its own value.</summary>
    public static int DirectoryOnly => IsArm64 ? 0x4000 : 0x10000;

    /// <summary><c>O_NOFOLLOW</c>: arm64 has its own value.</summary>
    public static int NoFollow => IsArm64 ? 0x8000 : 0x20000;

    public static uint EffectiveUserId => IsSupported ? GetEffectiveUserIdNative() : uint.MaxValue;

    /// <summary>What is at <paramref name="path"/>; a link is reported as a link.</summary>
    public static FileStatus Lstat(string path)
    {
        if (HasNul(path))
        {
            return FileStatus.Missing;
        }

        if (!IsSupported)
        {
            return Managed(path);
        }

        var buffer = stackalloc byte[StatBufferSize];
        return LStatNative(path, buffer) == 0 ? Decode(buffer) : FileStatus.Missing;
    }

    /// <summary>What a path finally leads to (links followed by the kernel: only for paths already resolved under a root).</summary>
    public static FileStatus Stat(string path)
    {
        if (HasNul(path))
        {
            return FileStatus.Missing;
        }

        if (!IsSupported)
        {
            return Managed(path);
        }

        var buffer = stackalloc byte[StatBufferSize];
        return StatNative(path, buffer) == 0 ? Decode(buffer) : FileStatus.Missing;
    }

    public static FileStatus FStat(SafeHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            var buffer = stackalloc byte[StatBufferSize];
            return FStatNative((int)handle.DangerousGetHandle(), buffer) == 0 ? Decode(buffer) : FileStatus.Missing;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>The target of the link an <c>O_PATH | O_NOFOLLOW</c> handle names (<c>readlinkat(fd, "")</c>), as written.</summary>
    public static string ReadLinkOf(SafeHandle link)
    {
        var buffer = new byte[4096];
        var added = false;
        link.DangerousAddRef(ref added);
        try
        {
            var length = ReadLinkAtNative((int)link.DangerousGetHandle(), string.Empty, buffer, buffer.Length);
            return length >= 0 ? System.Text.Encoding.UTF8.GetString(buffer, 0, (int)length) : throw new IOException($"cannot read the link: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        finally
        {
            if (added)
            {
                link.DangerousRelease();
            }
        }
    }

    /// <summary>An entry of an open folder, not following a link.</summary>
    public static FileStatus LstatAt(SafeHandle directory, string name)
    {
        if (HasNul(name))
        {
            return FileStatus.Missing;
        }

        var added = false;
        directory.DangerousAddRef(ref added);
        try
        {
            var buffer = stackalloc byte[StatBufferSize];
            return FStatAtNative((int)directory.DangerousGetHandle(), name, buffer, SymlinkNoFollow) == 0 ? Decode(buffer) : FileStatus.Missing;
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Opens a regular file for reading: a link as the last component is refused (<c>O_NOFOLLOW</c>), a FIFO or
    /// device is refused without blocking (<c>O_NONBLOCK</c>, then <c>fstat</c>).
    /// </summary>
    public static FileStream OpenRegularForRead(string path, int bufferSize = 1) => OpenRegular(path, bufferSize, followLinks: false);

    /// <summary>
    /// The bytes of a file a person named on the command line (<c>parse FILE</c>, <c>--config FILE</c>): a link is
    /// followed, as they asked for it, but only a regular file is read, opened without blocking (a FIFO or a device
    /// such as /dev/zero is refused, never read until memory runs out) and at most <paramref name="maxBytes"/> long.
    /// </summary>
    public static byte[] ReadNamedFile(string path, long maxBytes)
    {
        using var stream = OpenRegular(path, bufferSize: 1, followLinks: true);
        var tooLarge = $"it is larger than {(maxBytes >= 1024 * 1024 ? $"{maxBytes / (1024 * 1024)} MiB" : $"{maxBytes / 1000} kB")}";
        if (stream.Length > maxBytes)
        {
            throw new IOException(tooLarge);
        }

        return ReadBounded(stream, maxBytes) ?? throw new IOException(tooLarge);
    }

    /// <summary>A stream's bytes to its end, or null when there are more than <paramref name="maxBytes"/>.</summary>
    public static byte[]? ReadBounded(Stream stream, long maxBytes)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[65536];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (memory.Length + read > maxBytes)
            {
                return null;
            }

            memory.Write(buffer, 0, read);
        }

        return memory.ToArray();
    }

    /// <summary>Opens a folder (the root of a tree, or <c>/</c>) to resolve paths from; a link there is followed, as named.</summary>
    public static SafeFileHandle? OpenFolder(string path)
    {
        if (!IsSupported || HasNul(path))
        {
            return null;
        }

        var fd = OpenNative(path, ReadOnly | DirectoryOnly | CloseOnExec, 0);
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : null;
    }

    /// <summary>
    /// Opens <paramref name="relative"/> below an open folder through no symbolic link at all, in any component: with
    /// <c>openat2(RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH)</c>, or where the kernel lacks it one folder at a time
    /// (<c>openat(O_DIRECTORY | O_NOFOLLOW)</c>). A path ConfLint resolved (its links followed and re-rooted) holds no
    /// link; one there now was swapped in after that (a folder of the tree made a link to <c>/etc</c>), and is refused.
    /// Returns the descriptor, or -1 with the error in <paramref name="errno"/>.
    /// </summary>
    /// <param name="openat2">False to take the fallback even where openat2 works (for its tests).</param>
    public static int OpenBeneath(SafeHandle folder, string relative, int flags, int mode, out int errno, bool openat2 = true)
    {
        errno = 0;
        if (HasNul(relative) || !PlainComponents(relative, out var path))
        {
            errno = CrossDevice;
            return -1;
        }

        var added = false;
        folder.DangerousAddRef(ref added);
        try
        {
            var dirFd = (int)folder.DangerousGetHandle();
            if (path.IsEmpty)
            {
                var self = OpenAtNative(dirFd, ".", flags | NoFollow, mode);
                errno = self < 0 ? Marshal.GetLastPInvokeError() : 0;
                return self;
            }

            if (openat2 && Openat2Works.Value)
            {
                var fd = Openat2(dirFd, path, flags | NoFollow, mode, out errno);
                if (fd >= 0 || errno is not (NoSuchCall or NotPermitted or InvalidArgument or TooBig))
                {
                    return fd;
                }
            }

            return OpenEachFolder(dirFd, relative.Split('/', StringSplitOptions.RemoveEmptyEntries), flags, mode, out errno);
        }
        finally
        {
            if (added)
            {
                folder.DangerousRelease();
            }
        }
    }

    /// <summary>Whether no component of <paramref name="relative"/> is <c>.</c> or <c>..</c>; <paramref name="path"/> is
    /// then its components joined by single slashes, as a slice of it where it is already so (the path a file is opened
    /// by nearly always is: no string is made for it).</summary>
    private static bool PlainComponents(string relative, out ReadOnlySpan<char> path)
    {
        // The slashes around the path are dropped without a copy (a server path starts with one); only a doubled one
        // inside makes the components be joined anew.
        var text = relative.AsSpan().Trim('/');
        var clean = true;
        for (var at = 0; at < text.Length;)
        {
            var slash = text[at..].IndexOf('/');
            var end = slash < 0 ? text.Length : at + slash;
            var component = text[at..end];
            if (component is "." or "..")
            {
                path = default;
                return false;
            }

            clean &= !component.IsEmpty;
            at = end + 1;
        }

        path = clean ? text : string.Join('/', relative.Split('/', StringSplitOptions.RemoveEmptyEntries));
        return true;
    }

    private static bool ProbeOpenat2()
    {
        if (!IsSupported)
        {
            return false;
        }

        using var root = OpenFolder("/");
        if (root is null)
        {
            return false;
        }

        var added = false;
        root.DangerousAddRef(ref added);
        try
        {
            var fd = Openat2((int)root.DangerousGetHandle(), ".", ReadOnly | DirectoryOnly | CloseOnExec, 0, out _);
            if (fd < 0)
            {
                return false;
            }

            Close(fd);
            return true;
        }
        finally
        {
            if (added)
            {
                root.DangerousRelease();
            }
        }
    }

    private static int Openat2(int dirFd, ReadOnlySpan<char> relative, int flags, int mode, out int errno)
    {
        // The path as UTF-8 with its terminating NUL, on the stack when short (as nearly every path is).
        var size = System.Text.Encoding.UTF8.GetMaxByteCount(relative.Length) + 1;
        Span<byte> bytes = size <= 1024 ? stackalloc byte[size] : new byte[size];
        bytes[System.Text.Encoding.UTF8.GetBytes(relative, bytes)] = 0;
        var how = new OpenHow { Flags = (ulong)(uint)flags, Mode = (ulong)(uint)mode, Resolve = ResolveNoSymlinks | ResolveBeneath };
        fixed (byte* path = bytes)
        {
            var fd = (int)SyscallNative(Openat2Call, dirFd, path, &how, (nuint)sizeof(OpenHow));
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            return fd;
        }
    }

    /// <summary>The fallback: each folder opened from the last with <c>O_NOFOLLOW</c>, the file last.</summary>
    private static int OpenEachFolder(int dirFd, string[] parts, int flags, int mode, out int errno)
    {
        var current = dirFd;
        try
        {
            for (var i = 0; i < parts.Length - 1; i++)
            {
                var next = OpenAtNative(current, parts[i], ReadOnly | DirectoryOnly | NoFollow | CloseOnExec, 0);
                if (next < 0)
                {
                    errno = Marshal.GetLastPInvokeError();
                    // A link where a folder was: O_NOFOLLOW with O_DIRECTORY says ENOTDIR or ELOOP; both mean "not through it".
                    errno = errno == 20 && LinkAt(current, parts[i]) ? TooManyLinks : errno;
                    return -1;
                }

                if (current != dirFd)
                {
                    Close(current);
                }

                current = next;
            }

            var fd = OpenAtNative(current, parts[^1], flags | NoFollow, mode);
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            return fd;
        }
        finally
        {
            if (current != dirFd)
            {
                Close(current);
            }
        }
    }

    private static bool LinkAt(int dirFd, string name)
    {
        var buffer = stackalloc byte[StatBufferSize];
        return FStatAtNative(dirFd, name, buffer, SymlinkNoFollow) == 0 && Decode(buffer).Type == FileType.Link;
    }

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseNative(int fd);

    private static void Close(int fd) => CloseNative(fd);

    /// <summary>
    /// Opens a regular file for reading below an open folder, through no link (<see cref="OpenBeneath"/>), without
    /// blocking on a FIFO or device (refused).
    /// </summary>
    public static FileStream OpenRegularBeneath(SafeHandle folder, string relative, string shownPath, bool openat2 = true) =>
        OpenRegularFileBeneath(folder, relative, shownPath, openat2).AsStream();

    /// <summary>
    /// <see cref="OpenRegularBeneath"/> without a stream: the handle and what <c>fstat</c> said of the file when it was
    /// opened, read at offsets with <see cref="OpenFile.ReadAt"/>. A stream over the handle asks the kernel for the file's
    /// position and size again (four more calls a file, on a host of thousands of files).
    /// </summary>
    public static OpenFile OpenRegularFileBeneath(SafeHandle folder, string relative, string shownPath, bool openat2 = true)
    {
        var fd = OpenBeneath(folder, relative, ReadOnly | NonBlocking | CloseOnExec | NoControllingTerminal, 0, out var errno, openat2);
        if (fd < 0)
        {
            throw OpenError(errno, shownPath);
        }

        return Regular(new SafeFileHandle(fd, ownsHandle: true));
    }

    /// <summary>A regular file opened for reading, and its status when opened. Disposing it closes the file.</summary>
    public readonly record struct OpenFile(SafeFileHandle Handle, FileStatus Status) : IDisposable
    {
        public FileStream AsStream() => new(Handle, FileAccess.Read, 1);

        /// <summary>Reads from <paramref name="offset"/> until <paramref name="buffer"/> is full or the file ends: the count read.</summary>
        public int ReadAt(Span<byte> buffer, long offset)
        {
            var total = 0;
            while (total < buffer.Length)
            {
                var read = Read(Handle, buffer[total..], offset + total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }

        public void Dispose() => Handle.Dispose();
    }

    private static Exception OpenError(int errno, string path) => errno switch
    {
        2 or 20 => new FileNotFoundException("no such file", path),
        13 or 1 => new UnauthorizedAccessException("permission denied"),
        TooManyLinks or CrossDevice => new IOException("a symbolic link is in its path now that was not there when it was resolved (the tree changed while it was read); not read through it"),
        _ => new IOException(Marshal.GetPInvokeErrorMessage(errno)),
    };

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint PReadNative(int fd, byte* buffer, nint count, long offset);

    /// <summary>One <c>pread</c> of a regular file (<see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/> asks
    /// the kernel first whether the file can seek, once for each handle): the count read, 0 at its end.</summary>
    private static int Read(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        if (!IsSupported)
        {
            return RandomAccess.Read(handle, buffer, offset);
        }

        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            fixed (byte* pointer = buffer)
            {
                while (true)
                {
                    var read = PReadNative((int)handle.DangerousGetHandle(), pointer, buffer.Length, offset);
                    if (read >= 0)
                    {
                        return (int)read;
                    }

                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != Interrupted)
                    {
                        throw new IOException(Marshal.GetPInvokeErrorMessage(errno));
                    }
                }
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private const int Interrupted = 4; // EINTR

    private static OpenFile Regular(SafeFileHandle handle)
    {
        var status = FStat(handle);
        if (status.Type != FileType.Regular)
        {
            handle.Dispose();
            throw new IOException(status.Type == FileType.Directory ? "it is a folder" : "it is not a regular file (a FIFO, socket or device)");
        }

        return new OpenFile(handle, status);
    }

    private static FileStream OpenRegular(string path, int bufferSize, bool followLinks)
    {
        if (!IsSupported)
        {
            if (HasNul(path))
            {
                throw new IOException("the path holds a NUL character");
            }

            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize);
        }

        return new FileStream(OpenRegularFile(path, followLinks).Handle, FileAccess.Read, bufferSize);
    }

    /// <summary><see cref="OpenRegularForRead"/> without a stream (see <see cref="OpenRegularFileBeneath"/>).</summary>
    public static OpenFile OpenRegularFileForRead(string path)
    {
        if (!IsSupported)
        {
            var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new OpenFile(handle, new FileStatus(FileType.Regular, 0, 0, 0, 0, 0, RandomAccess.GetLength(handle)));
        }

        return OpenRegularFile(path, followLinks: false);
    }

    private static OpenFile OpenRegularFile(string path, bool followLinks)
    {
        if (HasNul(path))
        {
            throw new IOException("the path holds a NUL character");
        }

        var fd = OpenNative(path, ReadOnly | (followLinks ? 0 : NoFollow) | NonBlocking | CloseOnExec | NoControllingTerminal, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                2 or 20 => new FileNotFoundException("no such file", path),
                13 or 1 => new UnauthorizedAccessException("permission denied"),
                40 => new IOException("it is a symbolic link that was not resolved"),
                _ => new IOException(Marshal.GetPInvokeErrorMessage(errno)),
            };
        }

        return Regular(new SafeFileHandle(fd, ownsHandle: true));
    }

    /// <summary>A folder that users other than its owner may write (mode o+w, with or without the sticky bit: <c>/tmp</c>,
    /// <c>/var/tmp</c>, <c>/dev/shm</c>): what lies in it may be anyone's.</summary>
    public static bool IsSharedFolder(string folder) => Stat(folder) is { Type: FileType.Directory } status && (status.Mode & 0x2) != 0;

    public static bool HasNul(string path) => path.Contains('\0', StringComparison.Ordinal);

    /// <summary>Decodes <c>struct stat</c>: x86-64 and arm64 (the generic layout) differ in where mode and nlink sit.</summary>
    private static FileStatus Decode(byte* buffer)
    {
        var device = *(ulong*)buffer;
        var inode = *(ulong*)(buffer + 8);
        uint mode, user, group;
        ulong links;
        if (IsArm64)
        {
            mode = *(uint*)(buffer + 16);
            links = *(uint*)(buffer + 20);
            user = *(uint*)(buffer + 24);
            group = *(uint*)(buffer + 28);
        }
        else
        {
            links = *(ulong*)(buffer + 16);
            mode = *(uint*)(buffer + 24);
            user = *(uint*)(buffer + 28);
            group = *(uint*)(buffer + 32);
        }

        var size = *(long*)(buffer + 48);
        var type = (mode & TypeMask) switch
        {
            RegularType => FileType.Regular,
            DirectoryType => FileType.Directory,
            LinkType => FileType.Link,
            _ => FileType.Other,
        };
        return new FileStatus(type, device, inode, mode, user, group, size, links);
    }

    private static FileStatus Managed(string path)
    {
        try
        {
            var attributes = File.GetAttributes(path);
            var type = (attributes & FileAttributes.ReparsePoint) != 0 ? FileType.Link
                : (attributes & FileAttributes.Directory) != 0 ? FileType.Directory : FileType.Regular;
            var id = (ulong)StringComparer.Ordinal.GetHashCode(Path.GetFullPath(path));
            return new FileStatus(type, 0, id, 0x1A4, 0, 0, type == FileType.Regular ? new FileInfo(path).Length : 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return FileStatus.Missing;
        }
    }
}
