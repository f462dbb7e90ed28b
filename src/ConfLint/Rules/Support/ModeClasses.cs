using ConfLint.Host;

namespace ConfLint.Rules.Support;

/// <summary>The class of a file's mode bits the kernel applies to a process (fs/namei.c, <c>acl_permission_check</c>).</summary>
internal enum ModeClass
{
    Owner,
    Group,
    Other,
}

/// <summary>
/// The kernel's permission check on a file or folder, without capabilities beyond root's: the owner's three bits for its
/// owner, the group's for a member of its group (as primary group or listed member), the others' for anyone else. Only
/// the one class that applies counts: a group member whose group bits deny is denied even where the others' bits would
/// allow. Root passes (CAP_DAC_OVERRIDE). Shared by the checks that judge a socket's mode (write), a folder a socket is
/// created in (write and search) and a folder on the way to a socket (search), which keep their own messages.
/// </summary>
internal static class ModeClasses
{
    public const int Read = 4;
    public const int Write = 2;
    public const int Search = 1;

    /// <summary>Whether <paramref name="user"/>, whose primary group is <paramref name="primaryGroup"/>, gets every bit of
    /// <paramref name="need"/> on a file of <paramref name="owner"/>, <paramref name="group"/> and <paramref name="mode"/>,
    /// and the class that decided (null for root, and where group membership is not known). Where membership is not known
    /// and the group's and the others' bits agree, that answer holds either way; where they differ, Allowed is null.</summary>
    public static (bool? Allowed, ModeClass? Class) Check(string user, string? primaryGroup, string owner, string? group, int mode, int need, HostAccounts accounts)
    {
        if (user is "root" or "0")
        {
            return (true, null);
        }

        if (user == owner)
        {
            return (Grants(mode >> 6, need), ModeClass.Owner);
        }

        var byGroup = Grants(mode >> 3, need);
        var byOthers = Grants(mode, need);
        bool? member = group is null ? null : primaryGroup == group ? true : accounts.IsMember(user, group);
        return member switch
        {
            true => (byGroup, ModeClass.Group),
            false => (byOthers, ModeClass.Other),
            null => (byGroup == byOthers ? byOthers : null, null),
        };
    }

    private static bool Grants(int bits, int need) => (bits & need) == need;
}
