using ConfLint.Host;
using ConfLint.Rules.Support;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Rules;

/// <summary>
/// The kernel's choice of one permission class (fs/namei.c, acl_permission_check), shared by CL003's socket-mode check,
/// the folder-search check and the socket-creation check: only the class that applies counts.
/// </summary>
public sealed class ModeClassesTests
{
    private static HostAccounts Accounts(TempTree tree) => HostAccounts.Read(new RootedFileSystem(tree.Root));

    private static TempTree Tree() => new TempTree()
        .Write("etc/passwd", "root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\napp:x:1000:1000::/srv/app:/bin/sh\n")
        .Write("etc/group", "root:x:0:\nwww-data:x:33:\napp:x:1000:\nsockets:x:2000:www-data\n");

    [Theory]
    // The owner's bits for the owner, even where others have more.
    [InlineData("app", "app", "app", "app", 0b000_110_110, ModeClasses.Write, false, "Owner")]
    // A listed (supplementary) member gets the group's bits: denied though others may write.
    [InlineData("www-data", "www-data", "app", "sockets", 0b110_000_110, ModeClasses.Write, false, "Group")]
    [InlineData("www-data", "www-data", "app", "sockets", 0b110_110_000, ModeClasses.Write, true, "Group")]
    // A member by primary group.
    [InlineData("www-data", "www-data", "app", "www-data", 0b111_101_000, ModeClasses.Search, true, "Group")]
    // Neither owner nor member: the others' bits.
    [InlineData("www-data", "www-data", "app", "app", 0b111_111_101, ModeClasses.Write | ModeClasses.Search, false, "Other")]
    [InlineData("www-data", "www-data", "app", "app", 0b111_000_011, ModeClasses.Write | ModeClasses.Search, true, "Other")]
    public void The_one_class_that_applies_decides(string user, string primary, string owner, string group, int mode, int need, bool allowed, string decidedBy)
    {
        using var tree = Tree();
        var (verdict, cls) = ModeClasses.Check(user, primary, owner, group, mode, need, Accounts(tree));
        Assert.Equal(allowed, verdict);
        Assert.Equal(decidedBy, cls?.ToString());
    }

    [Fact]
    public void Root_passes_and_unknown_membership_decides_only_where_the_group_and_others_differ()
    {
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", "events {}\n"); // no /etc/passwd or /etc/group
        var accounts = Accounts(tree);
        Assert.Equal((true, null), ModeClasses.Check("root", "root", "app", "app", 0, ModeClasses.Write, accounts));
        Assert.Equal((null, null), ModeClasses.Check("www-data", "www-data", "app", "app", 0b111_111_000, ModeClasses.Write, accounts));
        Assert.Equal((false, null), ModeClasses.Check("www-data", "www-data", "app", "app", 0b111_101_101, ModeClasses.Write, accounts));
        Assert.Equal((true, null), ModeClasses.Check("www-data", "www-data", "app", "app", 0b111_111_111, ModeClasses.Write, accounts));
    }
}
