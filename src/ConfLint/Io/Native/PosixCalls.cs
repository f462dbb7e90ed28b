using System.Runtime.InteropServices;
using ConfLint.Workspace;
using Microsoft.Win32.SafeHandles;

namespace ConfLint.Io.Native;

/// <summary>
/// The libc calls a confined write needs, each relative to an open folder (<c>openat</c>, <c>mkdirat</c>,
/// <c>renameat</c>, <c>linkat</c>, <c>unlinkat</c>, <c>readlinkat</c>) so that a path is never walked again by the
/// kernel once ConfLint has checked it; and <c>fchmod</c>, <c>fchown</c>, <c>fsync</c>, <c>flock</c> on open
/// files. Failures throw <see cref="IOException"/> with the system's message (ENOSPC included).
/// </summary>
internal static partial class PosixCalls
{
    public const int RemoveDirectory = 0x200;
    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;
    public const int LockUnlock = 8;
    private const int WouldBlock = 11;
    private const int AlreadyExists = 17;

    [LibraryImport("libc", EntryPoint = "openat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenAtNative(int dirFd, string name, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "mkdirat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkdirAtNative(int dirFd, string name, int mode);

    [LibraryImport("libc", EntryPoint = "renameat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAtNative(int fromDirFd, string from, int toDirFd, string to);

    [LibraryImport("libc", EntryPoint = "linkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LinkAtNative(int fromDirFd, string from, int toDirFd, string to, int flags);

    [LibraryImport("libc", EntryPoint = "unlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int UnlinkAtNative(int dirFd, string name, int flags);

    [LibraryImport("libc", EntryPoint = "readlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint ReadLinkAtNative(int dirFd, string name, byte[] buffer, nint size);

    [LibraryImport("libc", EntryPoint = "symlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SymlinkAtNative(string target, int dirFd, string name);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static partial int FchmodNative(int fd, uint mode);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    private static partial int FchownNative(int fd, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(int fd);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatxNative(int dirFd, string name, int flags, uint mask, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int FlockNative(int fd, int operation);

    /// <summary>Opens a folder the user named (the root: its own link, if it is one, is followed).</summary>
    public static SafeFileHandle OpenFolder(string path)
    {
        var fd = OpenNative(path, PosixFiles.ReadOnly | PosixFiles.DirectoryOnly | PosixFiles.CloseOnExec, 0);
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw Error($"cannot open {path}");
    }

    /// <summary>Opens a sub-folder of an open folder, refusing a link.</summary>
    public static SafeFileHandle OpenFolderAt(SafeFileHandle folder, string name)
    {
        var fd = Use(folder, f => OpenAtNative(f, name, PosixFiles.ReadOnly | PosixFiles.DirectoryOnly | PosixFiles.NoFollow | PosixFiles.CloseOnExec, 0));
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw Error($"cannot open the folder {name}");
    }

    /// <summary>Creates a new file in an open folder: fails if anything, a link included, is already there.</summary>
    public static SafeFileHandle CreateAt(SafeFileHandle folder, string name, uint mode)
    {
        var flags = PosixFiles.WriteOnly | PosixFiles.Create | PosixFiles.Exclusive | PosixFiles.NoFollow | PosixFiles.CloseOnExec;
        var fd = Use(folder, f => OpenAtNative(f, name, flags, (int)mode));
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw Error($"cannot create {name}");
    }

    /// <summary>Opens a regular file of an open folder for reading, refusing a link, FIFO or device.</summary>
    public static FileStream OpenReadAt(SafeFileHandle folder, string name)
    {
        var flags = PosixFiles.ReadOnly | PosixFiles.NoFollow | PosixFiles.NonBlocking | PosixFiles.CloseOnExec;
        var fd = Use(folder, f => OpenAtNative(f, name, flags, 0));
        if (fd < 0)
        {
            throw Error($"cannot read {name}");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (PosixFiles.FStat(handle).Type != FileType.Regular)
        {
            handle.Dispose();
            throw new IOException($"{name} is not a regular file");
        }

        return new FileStream(handle, FileAccess.Read, 1);
    }

    public static void MakeFolderAt(SafeFileHandle folder, string name, uint mode)
    {
        if (Use(folder, f => MkdirAtNative(f, name, (int)mode)) != 0)
        {
            throw Error($"cannot create the folder {name}");
        }
    }

    public static void RenameAt(SafeFileHandle folder, string from, string to)
    {
        if (Use(folder, f => RenameAtNative(f, from, f, to)) != 0)
        {
            throw Error($"cannot rename {from} to {to}");
        }
    }

    /// <summary>A second name for a file in the same folder; false when the new name is taken.</summary>
    public static bool TryLinkAt(SafeFileHandle folder, string existing, string name)
    {
        if (Use(folder, f => LinkAtNative(f, existing, f, name, 0)) == 0)
        {
            return true;
        }

        return Marshal.GetLastPInvokeError() == AlreadyExists ? false : throw Error($"cannot link {existing} as {name}");
    }

    /// <summary>Removes a name (a folder with <see cref="RemoveDirectory"/>); false when it was not there.</summary>
    public static bool UnlinkAt(SafeFileHandle folder, string name, int flags = 0)
    {
        if (Use(folder, f => UnlinkAtNative(f, name, flags)) == 0)
        {
            return true;
        }

        return Marshal.GetLastPInvokeError() == 2 ? false : throw Error($"cannot remove {name}");
    }

    /// <summary>Creates a link named <paramref name="name"/> in an open folder, pointing at <paramref name="target"/> as written.</summary>
    public static void SymlinkAt(SafeFileHandle folder, string name, string target)
    {
        if (PosixFiles.HasNul(target) || Use(folder, f => SymlinkAtNative(target, f, name)) != 0)
        {
            throw Error($"cannot create the link {name}");
        }
    }

    public static string ReadLinkAt(SafeFileHandle folder, string name)
    {
        var buffer = new byte[4096];
        var length = Use(folder, f => (int)ReadLinkAtNative(f, name, buffer, buffer.Length));
        return length >= 0 ? System.Text.Encoding.UTF8.GetString(buffer, 0, length) : throw Error($"cannot read the link {name}");
    }

    public static void Chmod(SafeFileHandle file, uint mode)
    {
        if (Use(file, f => FchmodNative(f, mode)) != 0)
        {
            throw Error("cannot set the mode");
        }
    }

    public static void Chown(SafeFileHandle file, uint user, uint group)
    {
        if (Use(file, f => FchownNative(f, user, group)) != 0)
        {
            throw Error($"cannot set the owner {user}:{group}");
        }
    }

    public static void Fsync(SafeFileHandle file)
    {
        if (Use(file, FsyncNative) != 0)
        {
            throw Error("cannot flush to disk");
        }
    }

    /// <summary>Takes (or releases) a <c>flock</c>; false when another process holds it and <paramref name="operation"/> does not wait.</summary>
    public static bool Flock(SafeFileHandle file, int operation)
    {
        if (Use(file, f => FlockNative(f, operation)) == 0)
        {
            return true;
        }

        return Marshal.GetLastPInvokeError() == WouldBlock ? false : throw Error("cannot lock");
    }

    /// <summary>An entry's birth time (<c>statx</c>, not following a link): seconds and nanoseconds, or zeros where
    /// the file system keeps none.</summary>
    public static (long Seconds, uint Nanoseconds) BirthTime(SafeFileHandle folder, string name)
    {
        const uint BirthMask = 0x800;
        var buffer = new byte[256];
        if (Use(folder, f => StatxNative(f, name, PosixFiles.SymlinkNoFollow, BirthMask, buffer)) != 0
            || (BitConverter.ToUInt32(buffer, 0) & BirthMask) == 0)
        {
            return (0, 0);
        }

        return (BitConverter.ToInt64(buffer, 80), BitConverter.ToUInt32(buffer, 88));
    }

    private static T Use<T>(SafeFileHandle handle, Func<int, T> call)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return call((int)handle.DangerousGetHandle());
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static IOException Error(string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{what}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }
}
