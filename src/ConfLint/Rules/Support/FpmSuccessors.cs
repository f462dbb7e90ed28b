using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Syntax;
using ConfLint.Syntax.PhpFpm;
using ConfLint.Text;

namespace ConfLint.Rules.Support;

/// <summary>
/// The pools of a running PHP version that carry on the pool a FastCGI target was written for, when that pool belonged to
/// a PHP version no longer run. A move from one PHP version to another keeps each pool under its name: YunoHost's
/// migration <c>0022_php73_to_php74_pools</c> copies every pool file of <c>/etc/php/7.3/fpm/pool.d</c> but <c>www</c> to
/// 7.4 and rewrites <c>/run/php/php7.3-fpm</c> to <c>/run/php/php7.4-fpm</c> in it and in the apps' nginx files (a file of
/// another name keeps the old socket), and an operator moving a site by hand copies its pool the same way. So the pool
/// meant is the one whose name is the name of the removed version's pool that listened exactly at the target (its file
/// stays under <c>/etc/php/X.Y</c> until the package is purged: <see cref="ConfLint.Workspace.ConfigWorkspace.LeftoverFpmConfigs"/>),
/// or whose socket is the target with the PHP version changed. The stock <c>www</c> pool of the new version, which no
/// front end reaches, is not: it runs as another user, in another folder.
/// </summary>
public static class FpmSuccessors
{
    /// <summary>A pool that carries on the target's, and why (for the fix's description); <paramref name="Newer"/>: its
    /// PHP version is newer than the one the target names (or either is unknown).</summary>
    public sealed record Successor(FpmPool Pool, string Evidence, bool Newer);

    /// <summary>The one pool the target's was moved to, when exactly one fits: a move goes to a newer PHP version (an older
    /// version's copy of the pool was there before the removed one), so the newer ones are counted where there are any.
    /// Null when none or several fit (the same pool in two newer running versions: either may be the one in use).</summary>
    public static Successor? Only(IReadOnlyList<Successor> successors)
    {
        var newer = successors.Count(s => s.Newer);
        Successor? only = null;
        foreach (var successor in successors)
        {
            if (successor.Newer || newer == 0)
            {
                if (only is not null)
                {
                    return null;
                }

                only = successor;
            }
        }

        return only;
    }

    /// <summary>A pool of a removed PHP version: its name and the address it listened on. Its file is named in no finding
    /// (nothing runs it; <c>--verbose</c> names the leftover folder).</summary>
    /// <param name="Masked">The service, where the package is installed and its administrator masked it
    /// (<see cref="ConfLint.Workspace.LeftoverPhp.MaskedService"/>: the masked units and the layout's service names); null for a removed package's.</param>
    /// <param name="Config">The php-fpm.conf it was read from.</param>
    private sealed record LeftoverPool(string Name, string Listen, string? Masked, string Config);

    /// <summary>A pool of a PHP version that does not run, which would listen at a target: its name, its php-fpm.conf, and
    /// the service where the package is installed and its administrator masked it (null: a removed package's leftover).</summary>
    public sealed record NotRunningPool(string Name, string Config, string? Masked);

    /// <summary>The pool of a PHP version not read as running (<see cref="ConfLint.Workspace.LeftoverPhp"/>: a removed
    /// package's leftover configuration, or an installed one whose service is masked, which systemd refuses to start:
    /// <c>unit_file_load()</c>) that would listen at <paramref name="target"/>, a Unix socket; a masked one first, since
    /// its remedy differs. Null where none would.</summary>
    public static NotRunningPool? NotRunningAt(HostModel host, Endpoint target)
    {
        if (target.Kind != EndpointKind.Unix || target.Path is not { Length: > 0 } path || host.Workspace.LeftoverFpmConfigs.Count == 0)
        {
            return null;
        }

        NotRunningPool? found = null;
        foreach (var pool in host.Shared("FpmSuccessors.Leftovers", host, Leftovers))
        {
            if (pool.Listen == path && (found is null || (found.Masked is null && pool.Masked is not null)))
            {
                found = new NotRunningPool(pool.Name, pool.Config, pool.Masked);
            }
        }

        return found;
    }

    /// <summary>Of <paramref name="pools"/> (the host's running pools), those that carry on the pool
    /// <paramref name="target"/> was written for, nearest PHP version first (a newer one before an older one as near); empty when none does or the target is no
    /// Unix socket.</summary>
    public static IReadOnlyList<Successor> Of(HostModel host, IReadOnlyList<FpmPool> pools, Endpoint target)
    {
        if (target.Kind != EndpointKind.Unix || target.Path is not { Length: > 0 } path)
        {
            return [];
        }

        var masked = PhpVersions.Masked(path);
        LeftoverPool? leftover = null;
        foreach (var pool in host.Shared("FpmSuccessors.Leftovers", host, Leftovers))
        {
            if (pool.Listen == path && pool.Masked is null)
            {
                leftover = pool;
                break;
            }
        }

        if (masked is null && leftover is null)
        {
            return [];
        }

        var version = PhpVersions.In(path);
        var found = new List<(Successor Successor, int Distance)>();
        foreach (var pool in pools)
        {
            var sameName = leftover is not null && pool.PoolName == leftover.Name;
            var swapped = masked is not null && Array.IndexOf(host.Shared("FpmSuccessors.Masked", pool, MaskedSockets), masked) >= 0;
            if (!sameName && !swapped)
            {
                continue;
            }

            var evidence = (sameName, swapped) switch
            {
                (true, true) => $"named as the pool [{leftover!.Name}] that listened at this address in a removed PHP version's leftover configuration, and its socket is this address with the PHP version changed",
                (true, false) => $"named as the pool [{leftover!.Name}] that listened at this address in a removed PHP version's leftover configuration",
                _ => "its socket is this address with the PHP version changed",
            };
            var have = PhpVersions.Parse(pool.Version);
            var distance = version is { } wanted && have is { } known ? Math.Abs(known - wanted) : 10_000;
            found.Add((new Successor(pool, evidence, version is null || have is null || have > version), distance));
        }

        return StableSort.Sorted(found, (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : b.Successor.Newer.CompareTo(a.Successor.Newer)).Select(f => f.Successor).ToList();
    }

    /// <summary>A pool's Unix sockets with their PHP version masked (<see cref="PhpVersions.Masked"/>), worked out once per
    /// pool: a host may have thousands of pools and several broken targets.</summary>
    private static string[] MaskedSockets(FpmPool pool)
    {
        var masked = new List<string>(1);
        foreach (var listener in pool.Listeners)
        {
            if (listener.Endpoint.Kind == EndpointKind.Unix && listener.Endpoint.Path is { } socket && PhpVersions.Masked(socket) is { } text)
            {
                masked.Add(text);
            }
        }

        return [.. masked];
    }

    /// <summary>The pools of the php-fpm.conf files removed packages left behind, read as php-fpm would have read them (its
    /// <c>include=</c> globs, a section's last <c>listen</c>, <c>$pool</c> expanded); absolute sockets only. Read once per
    /// host, and only when a target reaches nothing.</summary>
    private static List<LeftoverPool> Leftovers(HostModel host)
    {
        var fs = host.Workspace.FileSystem;
        var found = new List<LeftoverPool>();
        foreach (var main in host.Workspace.LeftoverFpmConfigs)
        {
            var listens = new Dictionary<string, string>(StringComparer.Ordinal);
            var files = new List<string> { main };
            for (var i = 0; i < files.Count && i < 1000; i++)
            {
                if (Parse(fs, files[i]) is not { } file)
                {
                    continue;
                }

                string? section = null;
                foreach (var entry in file.Entries.Concat(file.Sections.SelectMany(s => s.Entries)))
                {
                    section = entry.Section is { IsGlobal: false } s ? s.Name : entry.Section is null ? section : null;
                    if (entry.Key == "include" && entry.Value.StartsWith('/'))
                    {
                        files.AddRange(fs.Glob(entry.Value).Where(p => fs.FileExists(p) && !files.Contains(p)));
                    }
                    else if (entry.Key == "listen" && section is not null
                             && PhpFpmValues.Expand(entry, section, NoEnvironment).Trim() is ['/', ..] listen)
                    {
                        listens[section] = listen;
                    }
                }
            }

            var masked = listens.Count > 0 ? Workspace.LeftoverPhp.MaskedService(host.Workspace, main) : null;
            foreach (var (name, listen) in listens)
            {
                found.Add(new LeftoverPool(name, listen, masked, main));
            }
        }

        return found;
    }

    private static PhpFpmConfigFile? Parse(Workspace.RootedFileSystem fs, string serverPath)
    {
        try
        {
            return ConfigParser.Parse(SourceText.FromBytes(serverPath, fs.ReadAllBytes(serverPath)), ConfigKind.PhpFpm).Tree?.Root as PhpFpmConfigFile;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static readonly Dictionary<string, string> NoEnvironment = [];
}
