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
/// root and none of this one's, or, tied by no folder, it is named for the other) runs another customer's code: it is
/// never the one guessed for this site (<see cref="For"/>). Nor is a pool tied to this site by none of these whose user is
/// an account of its own (not the web server's, which every site shares) and is provably not the site's, or that another
/// site already reaches (<see cref="Foreign"/>): the panel's own pool on a Froxlor host runs as froxlorlocal, which
/// Froxlor makes a member of every customer's group, without open_basedir: a customer's scripts there cross tenants.
/// </summary>
public static class FpmPoolTies
{
    /// <summary>The most front ends one customer's pool is taken to have (a site's plain and TLS servers, a few
    /// locations each).</summary>
    private const int MaxOwnFrontEnds = 8;

    /// <summary>Labels that name no site: <c>www.shop.example</c> is <c>shop</c>'s.</summary>
    private static readonly HashSet<string> NoName = new(StringComparer.Ordinal) { "www" };

    /// <summary>What each pool of <paramref name="pools"/> says of <paramref name="frontEnd"/>'s site: the tie (its chroot or
    /// its user's home holds a folder the site serves, or the site is named for it) and, where there is none, the other
    /// site it is tied to: one whose folder its chroot or home holds (whatever the names say: the pool opens that site's
    /// files), or, with no folder tying it to this site, one of its own front ends named for it where this one is not.
    /// The pools' own facts and the front end's labels are worked out once, so a pool nothing can tie costs a lookup (a
    /// hosting box's hundreds of pools against its thousands of sites).</summary>
    public static (Dictionary<FpmPool, string?> Ties, Dictionary<FpmPool, string?> Others) For(HostModel host, FrontEnd frontEnd, List<FpmPool> pools)
    {
        var ties = new Dictionary<FpmPool, string?>(ReferenceEqualityComparer.Instance);
        var others = new Dictionary<FpmPool, string?>(ReferenceEqualityComparer.Instance);
        var labels = FrontLabelSet(host, frontEnd);
        foreach (var pool in pools)
        {
            var facts = Facts(host, pool);
            var folder = facts.FolderCapable ? FolderEvidence(host, frontEnd, pool) : null;
            var named = folder is null && facts.OwnNames.Any(o => labels.Contains(o.Name)) ? Named(host, frontEnd, pool) : null;
            var other = folder is not null ? null : facts.Sites.ByFolder ?? (named is null ? facts.Sites.ByName : null);
            other ??= folder is null && named is null ? Foreign(host, frontEnd, pool) : null;
            others[pool] = other;
            ties[pool] = other is null ? folder ?? named : null;
        }

        return (ties, others);
    }

    /// <summary>A pool's facts, once: its names that may tie it, whether a folder of its own (chroot, home) may, and the
    /// first sites they tie it to.</summary>
    private sealed record PoolFacts(List<(string Name, string What)> OwnNames, bool FolderCapable, (string? ByFolder, string? ByName) Sites);

    private static PoolFacts Facts(HostModel host, FpmPool pool) =>
        host.Shared("FpmPoolTies.Facts", pool, () => new PoolFacts(OwnNames(host, pool), FolderCapable(host, pool),
            (FirstByFolder(host, pool), FirstByName(host, pool))));

    /// <summary>Whether a folder of the pool's own may tie it: a chroot that is no shared folder, or a home of its user's own.</summary>
    private static bool FolderCapable(HostModel host, FpmPool pool) =>
        (pool.Chroot is { } chroot && !SameApplication.SharedFolders.Contains(chroot)) || OwnHome(host, pool) is not null;

    /// <summary>The front end's labels (<see cref="Labels"/>) as a set, once.</summary>
    private static HashSet<string> FrontLabelSet(HostModel host, FrontEnd frontEnd) =>
        host.Shared("FpmPoolTies.LabelSet", frontEnd, () => new HashSet<string>(Labels(host, frontEnd), StringComparer.Ordinal));

    /// <summary>Accounts every site of a host may share: the web servers' users (Debian's www-data, RHEL's apache, Arch's
    /// http, SUSE's wwwrun, FreeBSD's www), nobody, root. A pool running as one of them is no one tenant's.</summary>
    private static readonly HashSet<string> SharedUsers = new(StringComparer.Ordinal) { "www-data", "apache", "nginx", "http", "httpd", "wwwrun", "www", "_www", "nobody", "daemon", "root" };

    /// <summary>
    /// Why a pool that nothing ties to this site is another tenant's, where its user is an account of its own (not one of
    /// <see cref="SharedUsers"/>): the site's virtual host runs its scripts as another user (Apache's
    /// <c>SuexecUserGroup</c>, mod_suexec; mpm-itk's <c>AssignUserID</c>); another site's front end already sends its
    /// requests there (another server block or virtual host whose served folders are not this one's); or the site's folder
    /// lies in one account's own home (/etc/passwd) and the pool's user has another own home. Null where none is proven.
    /// </summary>
    private static string? Foreign(HostModel host, FrontEnd frontEnd, FpmPool pool)
    {
        if (pool.User is not { Length: > 0 } user || SharedUsers.Contains(user) || user.StartsWith('$'))
        {
            return null;
        }

        if (SiteUser(frontEnd) is var (siteUser, directive) && siteUser != user)
        {
            return $"{pool.Describe()} runs as '{user}', while the site's virtual host runs its scripts as '{siteUser}' ({directive})";
        }

        var reaching = host.ReachedBy(pool);
        for (var i = 0; i < reaching.Count; i++)
        {
            if (OtherSite(host, reaching[i], frontEnd) && !UnmatchedTargets.ServesOwnRequests(reaching[i], frontEnd))
            {
                return Site(host, reaching[i], pool, $"its socket is the one {reaching[i].DirectiveName} names in {reaching[i].File.DisplayPath}:{reaching[i].Directive.Position.Line}, running as '{user}'");
            }
        }

        if (OwnHome(host, pool) is var (_, home) && SiteHome(host, frontEnd) is var (folder, siteHome)
            && !SameApplication.IsUnder(siteHome, home) && !SameApplication.IsUnder(home, siteHome))
        {
            return $"{pool.Describe()} runs as '{user}', whose home is {home}, while the site's folder {folder} lies in another account's home {siteHome}";
        }

        return null;
    }

    /// <summary>Whether <paramref name="other"/> serves another site than <paramref name="frontEnd"/>: both serve known
    /// folders, and none of one's lies in one of the other's (a site's plain and TLS servers share their root). A
    /// server-wide Apache handler that covers this site too (<see cref="UnmatchedTargets.ServesOwnRequests"/>) is no other site.</summary>
    private static bool OtherSite(HostModel host, FrontEnd other, FrontEnd frontEnd)
    {
        if (ReferenceEquals(other, frontEnd))
        {
            return false;
        }

        var theirs = Served(host, other);
        var ours = Served(host, frontEnd);
        if (theirs.Count == 0 || ours.Count == 0)
        {
            return false;
        }

        foreach (var a in theirs)
        {
            foreach (var b in ours)
            {
                if (SameApplication.IsUnder(a, b) || SameApplication.IsUnder(b, a))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The user the site's Apache virtual host runs its scripts as: <c>SuexecUserGroup</c> (mod_suexec, a
    /// virtual host's directive) or mpm-itk's <c>AssignUserID</c>, with the directive said; null elsewhere.</summary>
    private static (string User, string Directive)? SiteUser(FrontEnd frontEnd)
    {
        if (frontEnd.Details is not Host.Apache.ApachePass { VirtualHost: { } virtualHost })
        {
            return null;
        }

        foreach (var item in virtualHost.DescendantItems())
        {
            if (item is Syntax.Apache.ApacheDirective directive && (directive.IsNamed("SuexecUserGroup") || directive.IsNamed("AssignUserID"))
                && directive.Args.Count > 0 && directive.Args[0] is { Length: > 0 } user && !user.StartsWith('#'))
            {
                return (user, $"{directive.Name} {string.Join(' ', directive.Args)}");
            }
        }

        return null;
    }

    /// <summary>A folder the site serves and the one account's own home it lies in (/etc/passwd gives that folder as one
    /// user's home, and it is no shared folder), once per front end; null where there is none.</summary>
    private static (string Folder, string Home)? SiteHome(HostModel host, FrontEnd frontEnd) =>
        host.Shared("FpmPoolTies.SiteHome", frontEnd, () => Tuple.Create(FindSiteHome(host, frontEnd))).Item1;

    private static (string Folder, string Home)? FindSiteHome(HostModel host, FrontEnd frontEnd)
    {
        if (!host.Accounts.IsKnown)
        {
            return null;
        }

        foreach (var folder in Served(host, frontEnd))
        {
            for (var at = folder; at.Length > 1; at = at[..Math.Max(at.LastIndexOf('/'), 1)])
            {
                if (SameApplication.SharedFolders.Contains(at))
                {
                    break;
                }

                if (host.Accounts.UsersWithHome(at) == 1)
                {
                    return (folder, at);
                }
            }
        }

        return null;
    }

    /// <summary>The first front end (in the host's order) whose served folders lie in the pool's chroot or its user's
    /// home, said; null when none does or the pool has neither.</summary>
    private static string? FirstByFolder(HostModel host, FpmPool pool)
    {
        if (!FolderCapable(host, pool))
        {
            return null;
        }

        foreach (var other in host.FrontEnds)
        {
            if (FolderEvidence(host, other, pool) is { } why)
            {
                return Site(host, other, pool, why);
            }
        }

        return null;
    }

    /// <summary>The first front end reaching the pool that is named for it (<see cref="Named"/>), said; null when none is.
    /// Only the pool's own front ends are asked: labelling every site of a hosting box for each pool cost more than the
    /// rule's whole run, and a site named for a pool it does not reach is no evidence of whose the pool is.</summary>
    private static string? FirstByName(HostModel host, FpmPool pool)
    {
        // A pool many sites reach (a host's shared www pool) is no one customer's.
        var reaching = host.ReachedBy(pool);
        if (reaching.Count > MaxOwnFrontEnds)
        {
            return null;
        }

        foreach (var other in reaching)
        {
            if (Named(host, other, pool) is { } named)
            {
                return Site(host, other, pool, named);
            }
        }

        return null;
    }

    private static string Site(HostModel host, FrontEnd frontEnd, FpmPool pool, string why) =>
        $"{pool.Describe()} is the site {Names(host, frontEnd).FirstOrDefault(n => !n.StartsWith('~') && !n.Contains('*')) ?? frontEnd.File.DisplayPath}'s ({why})";

    /// <summary>The pool's chroot or its user's home holds a folder the front end's server serves.</summary>
    private static string? FolderEvidence(HostModel host, FrontEnd frontEnd, FpmPool pool)
    {
        var served = Served(host, frontEnd);
        if (served.Count == 0)
        {
            return null;
        }

        if (pool.Chroot is { } chroot && !SameApplication.SharedFolders.Contains(chroot)
            && served.FirstOrDefault(f => SameApplication.IsUnder(f, chroot)) is { } jailed)
        {
            return $"its chroot {chroot} holds {jailed}, which the server {(FrontEndSurroundings.ScriptFolders(frontEnd).Contains(jailed) ? "names in the script paths it sends" : "serves")}";
        }

        if (OwnHome(host, pool) is var (user, home) && served.FirstOrDefault(f => SameApplication.IsUnder(f, home)) is { } folder)
        {
            return $"running as '{user}', whose home {home} holds {folder}, which the server serves";
        }

        return null;
    }

    /// <summary>The front end's names (its upstream's, its server names), worked out once.</summary>
    private static IReadOnlyList<string> Names(HostModel host, FrontEnd frontEnd) =>
        host.Shared("FpmPoolTies.Names", frontEnd, () => FrontEndSurroundings.Names(frontEnd));

    /// <summary>The folders the front end's server serves, and the host paths it sends as the script's (trailing
    /// <c>/</c> removed), each worked out once.</summary>
    private static List<string> Served(HostModel host, FrontEnd frontEnd) =>
        host.Shared("FpmPoolTies.Served", frontEnd, () => FrontEndSurroundings.Folders(frontEnd).Concat(FrontEndSurroundings.ScriptFolders(frontEnd))
            .Select(f => f.TrimEnd('/')).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).ToList());

    /// <summary>The pool's user and that user's home, where one account has it to itself and it is no shared folder.</summary>
    private static (string User, string Home)? OwnHome(HostModel host, FpmPool pool) =>
        host.Shared("FpmPoolTies.OwnHome", pool, () => Tuple.Create(FindOwnHome(host, pool))).Item1;

    private static (string User, string Home)? FindOwnHome(HostModel host, FpmPool pool)
    {
        if (!host.Accounts.IsKnown || pool.User is not { Length: > 0 } user || host.Accounts.Home(user) is not { Length: > 1 } home
            || SameApplication.SharedFolders.Contains(home) || host.Accounts.UsersWithHome(home) != 1)
        {
            return null;
        }

        return (user, home);
    }

    /// <summary>The pool's name or its user's that is the first label of a server name or of the site file's name.</summary>
    private static string? Named(HostModel host, FrontEnd frontEnd, FpmPool pool)
    {
        var own = OwnNames(host, pool);
        if (own.Count == 0)
        {
            return null;
        }

        var (serverLabels, fileName, fileLabel) = FrontLabels(host, frontEnd);
        foreach (var (label, frontName) in serverLabels)
        {
            if (own.FirstOrDefault(o => o.Name == label) is { Name: not null } match)
            {
                return $"the server name '{frontName}' begins with {match.What}";
            }
        }

        if (fileLabel is not null && own.FirstOrDefault(o => o.Name == fileLabel) is { Name: not null } named)
        {
            return $"the site's file {fileName} is named for {named.What}";
        }

        return null;
    }

    /// <summary>The front end's server names' first labels (with each name) and its file's, worked out once.</summary>
    private static (List<(string Label, string Name)> Servers, string FileName, string? FileLabel) FrontLabels(HostModel host, FrontEnd frontEnd) =>
        host.Shared("FpmPoolTies.Labels", frontEnd, () =>
        {
            var servers = new List<(string, string)>();
            foreach (var frontName in Names(host, frontEnd))
            {
                if (FirstLabel(frontName) is { } label)
                {
                    servers.Add((label, frontName));
                }
            }

            var (fileName, fileLabel) = FileLabel(frontEnd);
            return Tuple.Create(servers, fileName, fileLabel);
        }).ToValueTuple();

    /// <summary>The pool's name and its user's, normalized, that may name a site (worked out once per pool).</summary>
    private static List<(string Name, string What)> OwnNames(HostModel host, FpmPool pool) =>
        host.Shared("FpmPoolTies.OwnNames", pool, () =>
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

            return own;
        });

    /// <summary>Every first label that may tie a pool to the front end: its server names' and its file's.</summary>
    private static IEnumerable<string> Labels(HostModel host, FrontEnd frontEnd)
    {
        var (servers, _, fileLabel) = FrontLabels(host, frontEnd);
        foreach (var (label, _) in servers)
        {
            yield return label;
        }

        if (fileLabel is not null)
        {
            yield return fileLabel;
        }
    }

    /// <summary>The site file's name and its first label (a <c>.conf</c> and Certbot's <c>-le-ssl</c> taken off; none
    /// where it is a daemon's own file name).</summary>
    private static (string FileName, string? Label) FileLabel(FrontEnd frontEnd)
    {
        var fileName = Path.GetFileName(frontEnd.File.ServerPath);
        var stem = fileName.EndsWith(".conf", StringComparison.Ordinal) ? fileName[..^5] : fileName;
        if (stem.EndsWith("-le-ssl", StringComparison.Ordinal))
        {
            stem = stem[..^7];
        }

        return (fileName, FirstLabel(stem) is { } label && !SameApplication.DaemonFileNames.Contains(label) ? label : null);
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
