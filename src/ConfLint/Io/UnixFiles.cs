using System.Runtime.InteropServices;
using ConfLint.Workspace;

namespace ConfLint.Io;

/// <summary>The owner of a file and the process's user, from libc (.NET has no API for either).</summary>
internal static partial class UnixFiles
{
    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Lchown(string path, uint owner, uint group);

    public static bool IsSupported => PosixFiles.IsSupported;

    public static uint EffectiveUserId => PosixFiles.EffectiveUserId;

    /// <summary>The owner and group of a file (a link's own, not its target's).</summary>
    public static (uint User, uint Group)? Owner(string path) =>
        PosixFiles.Lstat(path) is { Exists: true } status ? (status.User, status.Group) : null;

    public static void SetOwner(string path, uint user, uint group)
    {
        if (PosixFiles.HasNul(path) || Lchown(path, user, group) != 0)
        {
            throw new IOException($"cannot give {path} its owner back ({user}:{group}): errno {Marshal.GetLastPInvokeError()}");
        }
    }
}
