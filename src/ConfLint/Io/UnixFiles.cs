using System.Runtime.InteropServices;

namespace ConfLint.Io;

/// <summary>The owner of a file and the process's user, from libc (.NET has no API for either).</summary>
internal static partial class UnixFiles
{
    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    public static bool IsSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    public static uint EffectiveUserId => IsSupported ? GetEffectiveUserId() : uint.MaxValue;

    /// <summary>The owner and group of a file: <c>st_uid</c> and <c>st_gid</c> of <c>struct stat</c> (x86-64: offsets
    /// 28 and 32; arm64: 24 and 28).</summary>
    public static (uint User, uint Group)? Owner(string path)
    {
        if (!IsSupported)
        {
            return null;
        }

        var buffer = new byte[256];
        if (Stat(path, buffer) != 0)
        {
            return null;
        }

        var offset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 28 : 24;
        return (BitConverter.ToUInt32(buffer, offset), BitConverter.ToUInt32(buffer, offset + 4));
    }

    public static void SetOwner(string path, uint user, uint group)
    {
        if (Chown(path, user, group) != 0)
        {
            throw new IOException($"cannot give {path} its owner back ({user}:{group}): errno {Marshal.GetLastPInvokeError()}");
        }
    }
}
