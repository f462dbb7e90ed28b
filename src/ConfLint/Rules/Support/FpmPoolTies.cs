using ConfLint.Host;
using ConfLint.Host.PhpFpm;

namespace ConfLint.Rules.Support;

/// <summary>
/// Evidence, from the configuration alone, that a PHP-FPM pool is a site's own: on a shared host each customer's pool runs
/// as the customer, often chrooted into the customer's folder, and serves that customer's site only.
/// <list type="bullet">
/// <item>Its <c>chroot</c> (<see cref="FpmPool.Chroot"/>, <c>$pool</c> expanded) holds a folder the server serves (its
/// <c>root</c>, <c>alias</c>, <c>DocumentRoot</c>) or a host path it sends as <c>SCRIPT_FILENAME</c>/<c>DOCUMENT_ROOT</c>:
/// the child sees nothing outside it.</item>
/// <item>Its user's home (/etc/passwd) holds such a folder: any home one account has to itself (<c>/home/NAME</c>,
/// <c>/srv/www/NAME</c>, <c>/var/www/NAME</c>), not a folder many programs or accounts share (<c>/var/www</c>,
/// <c>/nonexistent</c>, <c>/</c>): the panels' and hand-made shared hosts' layout.</item>
/// <item>Its name, or its user's, is the first label of a server name (<c>hazel</c> for <c>hazel.example.net</c>; a
/// leading <c>www.</c> is no name) or of the site file's name (<c>sites-available/hazel.example.net</c>), as names tie
/// other back ends (<see cref="SameApplication"/>).</item>
/// </list>
/// A pool such evidence ties to another site and not to this one (its chroot or its user's home holds the other server's
/// root, or it is named for it) runs another customer's code: it is never the one guessed for this site.
/// </summary>
public static class FpmPoolTies
{
    /// <summary>Labels that name no site: <c>www.shop.example</c> is <c>shop</c>'s.</summary>
    private static readonly HashSet<string> NoName = new(StringComparer.Ordinal) { "www" };

    /// <summary>Why <paramref name="pool"/> is <paramref name="frontEnd"/>'s, or null when nothing says so.</summary>
    public static string? Evidence(HostModel host, FrontEnd frontEnd, FpmPool pool)
    {
        var served = Served(host, frontEnd);
        if (pool.Chroot is { } chroot && !SameApplication.SharedFolders.Contains(chroot)
            && served.FirstOrDefault(f => SameApplication.IsUnder(f, chroot)) is { } jailed)
        {
            return $"its chroot {chroot} holds {jailed}, which the server {(FrontEndSurroundings.ScriptFolders(frontEnd).Contains(jailed) ? "names in the script paths it sends" : "serves")}";
        }

        if (OwnHome(host, pool) is var (user, home) && served.FirstOrDefault(f => SameApplication.IsUnder(f, home)) is { } folder)
        {
            return $"running as '{user}', whose home {home} holds {folder}, which the server serves";
        }

        return Named(frontEnd, pool);
    }

    /// <summary>Whether another front end's site is <paramref name="pool"/>'s by <see cref="Evidence"/> where
    /// <paramref name="frontEnd"/>'s is not: the site that pool serves is another one. Null when not; else the words.</summary>
    public static string? OtherSite(HostModel host, FrontEnd frontEnd, FpmPool pool)
    {
        if (Evidence(host, frontEnd, pool) is not null)
        {
            return null;
        }

        var tied = host.Shared("FpmPoolTies.Sites", host, () => new System.Collections.Concurrent.ConcurrentDictionary<FpmPool, string?>(ReferenceEqualityComparer.Instance));
        return tied.GetOrAdd(pool, static (pool, host) =>
        {
            foreach (var other in host.FrontEnds)
            {
                if (Evidence(host, other, pool) is { } why)
                {
                    var name = FrontEndSurroundings.Names(other).FirstOrDefault(n => !n.StartsWith('~') && !n.Contains('*')) ?? other.File.DisplayPath;
                    return $"{pool.Describe()} is the site {name}'s ({why})";
                }
            }

            return null;
        }, host);
    }

    /// <summary>The folders the front end's server serves, and the host paths it sends as the script's (trailing
    /// <c>/</c> removed), each worked out once.</summary>
    private static List<string> Served(HostModel host, FrontEnd frontEnd) =>
        host.Shared("FpmPoolTies.Served", frontEnd, () => FrontEndSurroundings.Folders(frontEnd).Concat(FrontEndSurroundings.ScriptFolders(frontEnd))
            .Select(f => f.TrimEnd('/')).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).ToList());

    /// <summary>The pool's user and that user's home, where one account has it to itself and it is no shared folder.</summary>
    private static (string User, string Home)? OwnHome(HostModel host, FpmPool pool)
    {
        if (!host.Accounts.IsKnown || pool.User is not { Length: > 0 } user || host.Accounts.Home(user) is not { Length: > 1 } home
            || SameApplication.SharedFolders.Contains(home) || host.Accounts.UsersWithHome(home) != 1)
        {
            return null;
        }

        return (user, home);
    }

    /// <summary>The pool's name or its user's that is the first label of a server name or of the site file's name.</summary>
    private static string? Named(FrontEnd frontEnd, FpmPool pool)
    {
        var own = new List<(string Name, string What)>();
        foreach (var (name, what) in new[] { (pool.PoolName, "its name"), (pool.User ?? string.Empty, "its user's name") })
        {
            var normalized = SameApplication.Normalize(name);
            if (normalized.Length >= 3 && !NoName.Contains(normalized) && !SameApplication.DaemonFileNames.Contains(normalized))
            {
                own.Add((normalized, what));
            }
        }

        if (own.Count == 0)
        {
            return null;
        }

        foreach (var frontName in FrontEndSurroundings.Names(frontEnd))
        {
            if (FirstLabel(frontName) is { } label && own.FirstOrDefault(o => o.Name == label) is { Name: not null } match)
            {
                return $"the server name '{frontName}' begins with {match.What}";
            }
        }

        var fileName = Path.GetFileName(frontEnd.File.ServerPath);
        var stem = fileName.EndsWith(".conf", StringComparison.Ordinal) ? fileName[..^5] : fileName;
        if (stem.EndsWith("-le-ssl", StringComparison.Ordinal))
        {
            stem = stem[..^7];
        }

        if (FirstLabel(stem) is { } fileLabel && !SameApplication.DaemonFileNames.Contains(fileLabel) && own.FirstOrDefault(o => o.Name == fileLabel) is { Name: not null } named)
        {
            return $"the site's file {fileName} is named for {named.What}";
        }

        return null;
    }

    /// <summary>A name's first label (normalized) after a leading <c>www.</c>; null for patterns and wildcards.</summary>
    private static string? FirstLabel(string name)
    {
        if (name.StartsWith('~') || name.Contains('*') || name.Length == 0)
        {
            return null;
        }

        var labels = name.Split('.', StringSplitOptions.RemoveEmptyEntries);
        var first = labels.Length > 1 && NoName.Contains(SameApplication.Normalize(labels[0])) ? labels[1] : labels.FirstOrDefault();
        return first is null ? null : SameApplication.Normalize(first);
    }
}
