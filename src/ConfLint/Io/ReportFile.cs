using System.Runtime.InteropServices;
using ConfLint.Workspace;
using Microsoft.Win32.SafeHandles;

namespace ConfLint.Io;

/// <summary>
/// Opens the file <c>--output</c> names without ever blocking on it: a FIFO with no reader would hold the run
/// forever (a CI job that never ends), and a device node an archive brought into the tree (<c>conflint.sarif</c>
/// as the runner's disk) would take the report over its data. Inside the linted tree or the current folder only a
/// regular file (or none yet) is written; outside them the path is taken as named (<c>/dev/stdout</c>, a pipe with
/// a reader, <c>/dev/null</c>) but never a block device, and a FIFO nobody reads is an error, not a wait.
/// </summary>
public static partial class ReportFile
{
    private const int NoReader = 6;
    private const int SetFlags = 4;
    private const uint TypeMask = 0xF000;
    private const uint Fifo = 0x1000;
    private const uint CharacterDevice = 0x2000;
    private const uint Regular = 0x8000;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int FcntlNative(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int FtruncateNative(int fd, long length);

    /// <summary>Opens <paramref name="path"/> for the report; throws <see cref="IOException"/> saying why it will not.</summary>
    /// <param name="path">The full path.</param>
    /// <param name="tree">The linted tree or current folder it lies in, or null: below it the file is opened from the
    /// folder's handle through no link in any component (<see cref="PosixFiles.OpenBeneath"/>), so a folder of its path
    /// swapped for a link after the check cannot lead the report out.</param>
    public static Stream Open(string path, string? tree)
    {
        var inTree = tree is not null;
        if (!PosixFiles.IsSupported)
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write);
        }

        // O_NONBLOCK: a FIFO without a reader fails at once (ENXIO) instead of waiting for one; no O_TRUNC before
        // the type is known; O_NOCTTY: a terminal named here does not become ours.
        var flags = PosixFiles.WriteOnly | PosixFiles.Create | PosixFiles.NonBlocking | PosixFiles.NoControllingTerminal | PosixFiles.CloseOnExec
            | (inTree ? PosixFiles.NoFollow : 0);
        int fd;
        var errno = 0;
        using (var folder = tree is null ? null : PosixFiles.OpenFolder(tree))
        {
            if (tree is not null && folder is null)
            {
                throw new IOException($"cannot open the folder {tree}");
            }

            if (folder is null)
            {
                fd = OpenNative(path, flags, 0x1B6);
                errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            else
            {
                fd = PosixFiles.OpenBeneath(folder, Path.GetRelativePath(tree!, path), flags, 0x1B6, out errno);
            }
        }

        if (fd < 0)
        {
            throw new IOException(errno == NoReader
                ? "it is a FIFO (or socket) that nobody reads; a report is written only to a regular file, or a pipe with a reader"
                : Marshal.GetPInvokeErrorMessage(errno));
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var status = PosixFiles.FStat(handle);
            var type = status.Mode & TypeMask;
            if (type != Regular && (inTree || (type != Fifo && type != CharacterDevice)))
            {
                throw new IOException($"it is {Describe(type)}, not a regular file{(inTree ? " (in the linted tree or the current folder)" : string.Empty)}; nothing was written to it");
            }

            // A file of several names: truncating it would empty its other names too (a tree's conflint.sarif made a
            // hard link of the runner's ~/.bashrc by an archive or a job sharing the machine).
            if (type == Regular && status.Links > 1)
            {
                throw new IOException($"it has {status.Links} hard links (another name of it may be any file of this machine); nothing was written to it");
            }

            if (FcntlNative(fd, SetFlags, 0) != 0 || (type == Regular && FtruncateNative(fd, 0) != 0))
            {
                throw new IOException(Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
            }

            return new FileStream(handle, FileAccess.Write, 1);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static string Describe(uint type) => type switch
    {
        Fifo => "a FIFO",
        CharacterDevice => "a character device",
        0x6000 => "a block device",
        0xC000 => "a socket",
        0x4000 => "a folder",
        _ => "not a file",
    };
}
