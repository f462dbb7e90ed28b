namespace ConfLint.Workspace;

/// <summary>What a directory entry is, without following it when it is a link.</summary>
public enum FileType
{
    Missing,
    Regular,
    Directory,
    Link,

    /// <summary>A FIFO, socket or device: never read as configuration (a FIFO would block the reader).</summary>
    Other,
}

/// <summary>
/// The fields of <c>struct stat</c> ConfLint uses: the type, the identity of the file (device and inode, so that
/// a folder reached twice through links is known as the same folder), its mode, owner, size and number of hard links.
/// </summary>
public readonly record struct FileStatus(FileType Type, ulong Device, ulong Inode, uint Mode, uint User, uint Group, long Size, ulong Links = 1)
{
    public static FileStatus Missing => default;

    public bool Exists => Type != FileType.Missing;

    /// <summary>Device and inode: the same for every path that leads to this file.</summary>
    public (ulong Device, ulong Inode) Identity => (Device, Inode);

    /// <summary>The permission bits (<c>st_mode &amp; 07777</c>).</summary>
    public UnixFileMode Permissions => (UnixFileMode)(Mode & 0xFFF);
}
