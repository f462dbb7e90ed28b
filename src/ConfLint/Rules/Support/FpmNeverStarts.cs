using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Host.Systemd;
using ConfLint.Syntax.PhpFpm;
using ConfLint.Validation;

namespace ConfLint.Rules.Support;

/// <summary>
/// A PHP-FPM master the configuration proves never starts, so that the rules that judge its pools (CL003's socket
/// permissions, CL007's restart policy, CL008's and CL011's sizing) leave them to the start failure, the real cause of the
/// 502, and say so in --verbose. One verdict for every such rule, made once for each master:
/// <list type="bullet">
/// <item>a master started as root by a unit of the root (<see cref="FpmHost.RunsAsRoot"/>) whose pool names in
/// <c>user</c>, <c>group</c>, <c>listen.owner</c> or <c>listen.group</c> an account the root's accounts surely lack:
/// fpm_unix_conf_wp (fpm_unix.c) looks <c>user</c> and <c>group</c> up with getpwnam/getgrnam, and
/// fpm_unix_resolve_socket_permissions <c>listen.owner</c> and <c>listen.group</c>; php-fpm 8.2, as root, says
/// "[pool app] cannot get uid for user 'www-dta'" (for <c>listen.owner</c>: the same, with ": Success (0)"), then "FPM
/// initialization failed", both with <c>-t</c> and with <c>-F</c>: the master exits and no pool of it runs (CL000's error);</item>
/// <item>a pool on a Unix socket whose <c>listen.acl_users</c> (<c>listen.acl_groups</c>) names an account the root lacks:
/// fpm_unix_resolve_socket_permissions looks each name up with getpwnam (getgrnam) when the master creates the socket, root
/// or not; <c>php-fpm -t</c> passes, the start fails the same way (CL000's warning);</item>
/// <item>the master's service fails as a whole, or one of its pools binds a socket in a <c>/run</c> folder nothing makes
/// (<see cref="StartFailures.OfService"/>: "FPM initialization failed" on the first pool that cannot bind).</item>
/// </list>
/// Evidence before verdict: the account checks are CL000's own (<see cref="FpmHost"/>: the root's passwd and group files,
/// and nothing nsswitch.conf lists that ConfLint cannot read); without those files, or without a unit that starts the
/// master as root for the per-pool accounts, the master is not judged here and the rules judge its pools as before.
/// </summary>
internal static class FpmNeverStarts
{
    /// <summary>Why <paramref name="install"/>'s master never starts, said for a note; null where nothing proves it.</summary>
    public static string? Why(RuleContext context, PhpInstall install) =>
        context.Host.Shared("FpmNeverStarts", install, () => Find(context, install));

    /// <summary>Whether <paramref name="rule"/> leaves <paramref name="pool"/> alone because its master never starts; the
    /// note says so.</summary>
    public static bool Skips(RuleContext context, FpmPool pool, string rule)
    {
        if (Why(context, pool.Install) is not { } why)
        {
            return false;
        }

        context.Notes.Add($"{pool.File.DisplayPath}: {rule} did not judge {pool.Describe()}: its master does not start, so none of its pools runs: {why}");
        return true;
    }

    /// <summary>The PHP-FPM master <paramref name="service"/> runs that never starts, and why; null where it runs none, or
    /// nothing proves that.</summary>
    public static (PhpInstall Install, string Why)? OfService(RuleContext context, ServiceBackEnd service)
    {
        if (!service.IsPhpFpm)
        {
            return null;
        }

        foreach (var pool in context.Host.BackEndsOf<FpmPool>())
        {
            if (ReferenceEquals(pool.Install.Service, service) && Why(context, pool.Install) is { } why)
            {
                return (pool.Install, why);
            }
        }

        return null;
    }

    private static string? Find(RuleContext context, PhpInstall install)
    {
        var fpm = FpmHost.For(context.Workspace, install.FpmConfig);
        foreach (var pool in install.Pools)
        {
            if (fpm.RunsAsRoot)
            {
                foreach (var (key, what) in PoolAccounts)
                {
                    if (Written(pool, key) is { } name && (what == "user" ? fpm.LacksUser(name) : fpm.LacksGroup(name)))
                    {
                        return $"{pool.Describe()} names {what} '{name}' in {key}, which no account of the root has: php-fpm, started as root, exits at start (\"cannot get {(what == "user" ? "uid" : "gid")} for {what} '{name}'\", CL000)";
                    }
                }
            }

            if (pool.ListenAddress is { } address && PhpFpmPaths.IsUnixAddress(address))
            {
                foreach (var (key, what) in AclKeys)
                {
                    if (Written(pool, key) is not { } value || (what == "user" ? fpm.Users : fpm.Groups) is not { } accounts)
                    {
                        continue;
                    }

                    // The value cut at each comma and nothing trimmed, each name looked up by name (no number taken as an id).
                    foreach (var name in value.Split(','))
                    {
                        if (accounts.Lacks(name, byName: true))
                        {
                            return $"{pool.Describe()} names {what} '{name}' in {key}, which no account of the root has: php-fpm exits at start (CL000)";
                        }
                    }
                }
            }
        }

        return install.Service is { } service && StartFailures.OfService(context.Host, service) is { } failure ? failure.Why : null;
    }

    private static readonly (string Key, string What)[] PoolAccounts =
        [("user", "user"), ("group", "group"), ("listen.owner", "user"), ("listen.group", "group")];

    private static readonly (string Key, string What)[] AclKeys = [("listen.acl_users", "user"), ("listen.acl_groups", "group")];

    /// <summary>The pool's value of <paramref name="key"/> as written, where it is set, not empty, and takes nothing from
    /// php-fpm's environment (an unknown value is not judged).</summary>
    private static string? Written(FpmPool pool, string key) =>
        pool.Entry(key) is var (entry, _) && !entry.Value.Contains('$', StringComparison.Ordinal) && pool.Get(key) is { Length: > 0 } value ? value : null;
}
