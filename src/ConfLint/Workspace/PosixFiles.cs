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

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserIdNative();

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

    private static FileStream OpenRegular(string path, int bufferSize, bool followLinks)
    {
        if (HasNul(path))
        {
            throw new IOException("the path holds a NUL character");
        }

        if (!IsSupported)
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize);
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

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var status = FStat(handle);
        if (status.Type != FileType.Regular)
        {
            handle.Dispose();
            throw new IOException(status.Type == FileType.Directory ? "it is a folder" : "it is not a regular file (a FIFO, socket or device)");
        }

        return new FileStream(handle, FileAccess.Read, bufferSize);
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
