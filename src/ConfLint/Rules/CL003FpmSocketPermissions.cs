using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Rules.Support;

namespace ConfLint.Rules;

public sealed class CL003FpmSocketPermissions : Rule
{
    private const int OwnerWrite = 0b010_000_000;
    private const int GroupWrite = 0b000_010_000;
    private const int OtherWrite = 0b000_000_010;

    public override string Code => "CL003";

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        var host = context.Host;
        foreach (var pool in host.BackEndsOf<FpmPool>())
        {
            if (pool.Entry("listen") is not var (listenEntry, _) || pool.Listeners.FirstOrDefault(l => l.DefinedAt == listenEntry) is not { Endpoint.Kind: EndpointKind.Unix } listener)
            {
                continue;
            }

            var reachedBy = host.ReachedBy(pool);
            var identities = reachedBy.Select(f => f.Web)
                .Concat(reachedBy.Count == 0 ? host.FrontEnds.Select(f => f.Web) : [])
                .DistinctBy(w => (w.User, w.Group))
                .ToList();
            foreach (var web in identities)
            {
                var verdict = Judge(pool, web, host.Accounts);
                if (verdict is null)
                {
                    context.Notes.Add($"{pool.File.DisplayPath}: CL003 cannot tell whether '{web.User}' is in group '{pool.ListenGroup}' (no /etc/group; lint with --root)");
                    continue;
                }

                if (verdict.Value.Allowed)
                {
                    continue;
                }

                var related = new List<RelatedLocation>();
                if (web.DefinedAt is { } definedAt)
                {
                    related.Add(Related(definedAt, $"the web server's workers run as '{web.User}' ({web.Source})"));
                }

                related.AddRange(reachedBy.Take(3).Select(f => Related(f.Directive, $"{f.DirectiveName} connects to this socket")));
                foreach (var key in new[] { "listen.owner", "listen.group", "listen.mode", "user" })
                {
                    if (pool.Entry(key) is var (entry, _) && related.Count < 6)
                    {
                        related.Add(Related(entry, $"{key} = {entry.Value}"));
                    }
                }

                yield return Report(listener.Location,
                    $"{pool.Describe()} creates {listener.Endpoint.Path} as {pool.ListenOwner}:{pool.ListenGroup} mode {pool.ListenMode}: " +
                    $"'{web.User}' ({web.Source}) {verdict.Value.Why}: connect() fails with (13: Permission denied) and a 502",
                    related,
                    CreateFix(pool, web));
            }
        }
    }

    /// <summary>Hand the socket to the web server: owner and group its user and group, mode 0660; where ACLs
    /// decide, add the user to <c>listen.acl_users</c>.</summary>
    private static Fix CreateFix(FpmPool pool, WebIdentity web)
    {
        if (pool.Get("listen.acl_users") is not null || pool.Get("listen.acl_groups") is not null)
        {
            var list = string.IsNullOrEmpty(pool.Get("listen.acl_users")) ? web.User : pool.Get("listen.acl_users") + "," + web.User;
            return new Fix($"Add {web.User} to listen.acl_users of {pool.Describe()}", Applicability.Safe,
                PoolEdits.Set(pool, "listen", ("listen.acl_users", list)));
        }

        return new Fix($"Set listen.owner = {web.User}, listen.group = {web.Group}, listen.mode = 0660 in {pool.Describe()}", Applicability.Safe,
            PoolEdits.Set(pool, "listen", ("listen.owner", web.User), ("listen.group", web.Group), ("listen.mode", "0660")));
    }

    /// <summary>Whether <paramref name="web"/> may write to the socket, and why not; null when it depends on unknown group membership.</summary>
    internal static (bool Allowed, string Why)? Judge(FpmPool pool, WebIdentity web, HostAccounts accounts)
    {
        if (web.User == "root")
        {
            return (true, string.Empty);
        }

        var aclUsers = List(pool.Get("listen.acl_users"));
        var aclGroups = List(pool.Get("listen.acl_groups"));
        if (aclUsers.Count > 0 || aclGroups.Count > 0)
        {
            if (aclUsers.Contains(web.User) || aclGroups.Contains(web.Group))
            {
                return (true, string.Empty);
            }

            foreach (var group in aclGroups)
            {
                if (accounts.IsMember(web.User, group) is true)
                {
                    return (true, string.Empty);
                }
            }

            return accounts.IsKnown || aclGroups.Count == 0
                ? (false, $"is in neither listen.acl_users nor listen.acl_groups")
                : null;
        }

        if (pool.ListenMode.Length == 0 || pool.ListenMode.Any(c => c is < '0' or > '7'))
        {
            return (true, string.Empty);
        }

        var mode = Convert.ToInt32(pool.ListenMode, 8);
        if (web.User == pool.ListenOwner)
        {
            return (mode & OwnerWrite) != 0 ? (true, string.Empty) : (false, "owns the socket, but the mode gives the owner no write permission");
        }

        if ((mode & OtherWrite) != 0)
        {
            return (true, string.Empty);
        }

        var inGroup = web.Group == pool.ListenGroup ? true : accounts.IsMember(web.User, pool.ListenGroup ?? string.Empty);
        if (inGroup is null)
        {
            return (mode & GroupWrite) == 0 ? (false, $"does not own it and the mode gives neither group nor others write permission") : null;
        }

        if (inGroup.Value)
        {
            return (mode & GroupWrite) != 0 ? (true, string.Empty) : (false, $"is in group '{pool.ListenGroup}', but the mode gives the group no write permission");
        }

        return (false, $"is neither the owner nor in group '{pool.ListenGroup}', and others may not write to it");
    }

    private static List<string> List(string? value) =>
        value is null ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
