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
    /// <summary>A pool that carries on the target's, and why (for the fix's description).</summary>
    public sealed record Successor(FpmPool Pool, string Evidence);

    /// <summary>A pool of a removed PHP version: its name, where its <c>listen</c> is written (for messages), and the
    /// address it listened on.</summary>
    private sealed record LeftoverPool(string Name, string Listen, string Where, string? Version);

    /// <summary>Of <paramref name="pools"/> (the host's running pools), those that carry on the pool
    /// <paramref name="target"/> was written for, nearest PHP version first; empty when none does or the target is no
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
            if (pool.Listen == path)
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
            var swapped = masked is not null && pool.Listeners.Any(l => l.Endpoint.Kind == EndpointKind.Unix && l.Endpoint.Path is { } socket && socket != path && PhpVersions.Masked(socket) == masked);
            if (!sameName && !swapped)
            {
                continue;
            }

            var removed = leftover?.Version is { } v ? $"PHP {v}" : "a removed PHP";
            var evidence = (sameName, swapped) switch
            {
                (true, true) => $"named as {removed}'s leftover pool [{leftover!.Name}] ({leftover.Where}), which listened at this address, and its socket is this address with the PHP version changed",
                (true, false) => $"named as {removed}'s leftover pool [{leftover!.Name}] ({leftover.Where}), which listened at this address",
                _ => "its socket is this address with the PHP version changed",
            };
            var distance = version is { } wanted && PhpVersions.Parse(pool.Version) is { } have ? Math.Abs(have - wanted) : 10_000;
            found.Add((new Successor(pool, evidence), distance));
        }

        return StableSort.Sorted(found, (a, b) => a.Distance.CompareTo(b.Distance)).Select(f => f.Successor).ToList();
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
            var version = Knowledge.PhpLayouts.ForFpmConfig(main)?.Version;
            var listens = new Dictionary<string, (string Listen, string Where)>(StringComparer.Ordinal);
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
                        listens[section] = (listen, $"{fs.DisplayPath(files[i])}:{entry.Position.Line}");
                    }
                }
            }

            foreach (var (name, (listen, where)) in listens)
            {
                found.Add(new LeftoverPool(name, listen, where, version));
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
