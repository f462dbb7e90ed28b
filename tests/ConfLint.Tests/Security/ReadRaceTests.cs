using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Security;

/// <summary>
/// A tree may change while ConfLint reads it (a deploy, or a hostile job sharing the runner): a file found and
/// resolved as a file of the tree, whose folder is then swapped for a link leading out of the root, must not be read
/// through that link. Every read is opened from the root's own folder handle with no link followed (openat2's
/// <c>RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH</c>, or one folder at a time with <c>O_NOFOLLOW</c> where the kernel lacks it).
/// </summary>
public class ReadRaceTests
{
    private const string Secret = "outside-secret-words";

    public static TheoryData<bool> Modes => [true, false];

    /// <summary>A tree whose conf.d holds x.conf, and a folder outside it holding an x.conf of its own.</summary>
    private static (TempTree Tree, TempTree Outside) Trees()
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp { include conf.d/*.conf; }\n")
            .Write("etc/nginx/conf.d/x.conf", "server { listen 80; }\n");
        var outside = new TempTree().Write("x.conf", Secret + "\n").Write("nginx/conf.d/x.conf", Secret + "\n").Write("nginx/nginx.conf", Secret + "\n");
        return (tree, outside);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_folder_swapped_for_a_link_after_resolution_is_not_read_through(bool openat2)
    {
        var (tree, outside) = Trees();
        using (tree)
        using (outside)
        {
            var fs = new RootedFileSystem(tree.Root) { UseOpenat2 = openat2 };
            Assert.Equal("/etc/nginx/conf.d/x.conf", fs.Resolve("/etc/nginx/conf.d/x.conf"));
            Assert.True(fs.FileExists("/etc/nginx/conf.d/x.conf"));

            Directory.Move(tree.Path("etc/nginx/conf.d"), tree.Path("etc/nginx/conf.d.old"));
            File.CreateSymbolicLink(tree.Path("etc/nginx/conf.d"), outside.Root);

            var error = Record.Exception(() => fs.ReadAllBytes("/etc/nginx/conf.d/x.conf"));
            Assert.IsAssignableFrom<IOException>(error);
            Assert.Null(fs.ReadHead("/etc/nginx/conf.d/x.conf"));
            Assert.False(fs.FileContains("/etc/nginx/conf.d/x.conf", "outside"u8));
            Assert.ThrowsAny<IOException>(() => fs.ReadSourceText("/etc/nginx/conf.d/x.conf", "x.conf"));
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Link_targets_kinds_and_sizes_behind_a_folder_swapped_for_a_link_are_not_seen(bool openat2)
    {
        var (tree, outside) = Trees();
        using (tree)
        using (outside)
        {
            // The tree's etc/systemd/system is resolved as a real folder; then swapped for a link to a folder outside
            // that holds a link with a telling target, an empty unit (a mask) and a folder.
            tree.Write("etc/systemd/system/app.service", "[Service]\nExecStart=/bin/true\n");
            outside.Write("system/empty.service", string.Empty).Write("system/folder/x", "x");
            File.CreateSymbolicLink(outside.Path("system/alias.service"), "/" + Secret + "/target.service");
            var fs = new RootedFileSystem(tree.Root) { UseOpenat2 = openat2 };
            Assert.True(fs.DirectoryExists("/etc/systemd/system"));
            Assert.Equal(FileType.Regular, fs.EntryTypeOf("/etc/systemd/system/app.service"));

            Directory.Move(tree.Path("etc/systemd/system"), tree.Path("etc/systemd/system.old"));
            File.CreateSymbolicLink(tree.Path("etc/systemd/system"), outside.Path("system"));

            // Asked by their full path (the folder's resolution is remembered from before the swap): nothing is there.
            Assert.Null(fs.LinkTargetOf("/etc/systemd/system/alias.service"));
            Assert.Equal(FileType.Missing, fs.EntryTypeOf("/etc/systemd/system/alias.service"));
            Assert.Equal(FileType.Missing, fs.EntryTypeOf("/etc/systemd/system/folder"));
            Assert.Null(fs.SizeOf("/etc/systemd/system/empty.service"));
            Assert.Null(fs.IdentityOf("/etc/systemd/system/empty.service"));
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_folder_swapped_for_a_link_after_resolution_is_not_listed(bool openat2)
    {
        var (tree, outside) = Trees();
        using (tree)
        using (outside)
        {
            outside.Write("nginx/conf.d/private-name.conf", Secret);
            var fs = new RootedFileSystem(tree.Root) { UseOpenat2 = openat2 };
            Assert.Equal(["/etc/nginx/conf.d/x.conf"], fs.EnumerateEntries("/etc/nginx/conf.d"));

            var again = new RootedFileSystem(tree.Root) { UseOpenat2 = openat2 };
            Assert.True(again.DirectoryExists("/etc/nginx/conf.d"));
            Directory.Move(tree.Path("etc/nginx"), tree.Path("etc/nginx.old"));
            File.CreateSymbolicLink(tree.Path("etc/nginx"), outside.Path("nginx"));
            Assert.DoesNotContain("/etc/nginx/conf.d/private-name.conf", again.EnumerateEntries("/etc/nginx/conf.d"));
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_top_folder_swapped_for_a_link_after_resolution_is_not_read_through(bool openat2)
    {
        var (tree, outside) = Trees();
        using (tree)
        using (outside)
        {
            var fs = new RootedFileSystem(tree.Root) { UseOpenat2 = openat2 };
            Assert.True(fs.FileExists("/etc/nginx/conf.d/x.conf"));

            Directory.Move(tree.Path("etc"), tree.Path("etc.old"));
            File.CreateSymbolicLink(tree.Path("etc"), outside.Root);

            Assert.ThrowsAny<IOException>(() => fs.ReadAllBytes("/etc/nginx/conf.d/x.conf"));
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_file_swapped_for_a_link_after_resolution_is_not_read_through(bool openat2)
    {
        var (tree, outside) = Trees();
        using (tree)
        using (outside)
        {
            var fs = new RootedFileSystem(tree.Root) { UseOpenat2 = openat2 };
            Assert.True(fs.FileExists("/etc/nginx/conf.d/x.conf"));

            File.Delete(tree.Path("etc/nginx/conf.d/x.conf"));
            File.CreateSymbolicLink(tree.Path("etc/nginx/conf.d/x.conf"), outside.Path("x.conf"));

            Assert.ThrowsAny<IOException>(() => fs.ReadAllBytes("/etc/nginx/conf.d/x.conf"));
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Files_and_links_resolved_below_the_root_are_still_read(bool openat2)
    {
        var (tree, outside) = Trees();
        using (tree)
        using (outside)
        {
            tree.Link("etc/nginx/sites-enabled/a.conf", "/etc/nginx/conf.d/x.conf").Link("etc/nginx/alias", "conf.d");
            var fs = new RootedFileSystem(tree.Root) { UseOpenat2 = openat2 };
            Assert.Equal("server { listen 80; }\n", System.Text.Encoding.UTF8.GetString(fs.ReadAllBytes("/etc/nginx/sites-enabled/a.conf")));
            Assert.Equal("server { listen 80; }\n", System.Text.Encoding.UTF8.GetString(fs.ReadAllBytes("/etc/nginx/alias/x.conf")));
            Assert.Equal("events {}", fs.ReadHead("/etc/nginx/nginx.conf", 9));
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void The_live_machine_is_read_from_its_own_root_handle_too(bool openat2)
    {
        // Without --root (or with --root /) a path is read from "/": a file of this machine is read as named.
        var (tree, outside) = Trees();
        using (tree)
        using (outside)
        {
            var fs = new RootedFileSystem(null) { UseOpenat2 = openat2 };
            var path = tree.Path("etc/nginx/nginx.conf");
            Assert.StartsWith("events", System.Text.Encoding.UTF8.GetString(fs.ReadAllBytes(path)), StringComparison.Ordinal);

            Directory.Move(tree.Path("etc/nginx"), tree.Path("etc/nginx.old"));
            File.CreateSymbolicLink(tree.Path("etc/nginx"), outside.Path("nginx"));
            Assert.ThrowsAny<IOException>(() => fs.ReadAllBytes(path));
        }
    }
}
