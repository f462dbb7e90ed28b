using ConfLint.Host.PhpFpm;
using ConfLint.Knowledge;
using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Compose;

/// <summary>
/// Where a service's container listens when its command is the image's own: the official image's default
/// (<see cref="ImageTable"/>) unless a bind mount replaces the file that sets it. For the php image's FPM variants, pool
/// files mounted into <c>php-fpm.d</c> are read as php-fpm reads them in name order (data/images/README.md): a later
/// <c>[www]</c> <c>listen</c> replaces the default, another pool adds its own, and a file whose place in the order depends
/// on the image's build leaves it unknown unless both answers agree. Null whenever it is not known.
/// </summary>
internal static class ImageListeners
{
    public static IReadOnlyList<ContainerListener>? Of(ComposeService service, HostModel? host)
    {
        if (BuiltImage.Facts(service, host, out _) is not { CommandOnly: false, Listen.Count: > 0 } facts)
        {
            return null;
        }

        // A built image's files copied from the build context are placed as bind mounts are (a volume over them hides them).
        var placed = service.Volumes.Select(v => (Target: v.Target.TrimEnd('/'), Read: v.IsBind))
            .Concat(service.Build ? service.ImageFiles.Where(f => !service.Covered(f.Target)).Select(f => (Target: f.Target, Read: true)) : [])
            .ToList();
        if (placed.Any(p => facts.MountReplacesListen(p.Target)))
        {
            return null;
        }

        var defaults = facts.Listen.Select(l => new ContainerListener(l.Host, l.Port, null, facts.DefaultText)).ToList();
        if (facts.IncludeFolder is not { } folder || !placed.Any(p => p.Target == folder || p.Target.StartsWith(folder + "/", StringComparison.Ordinal) || folder.StartsWith(p.Target + "/", StringComparison.Ordinal)))
        {
            return defaults;
        }

        // Files mounted (or copied) into the folder the main file includes: only PHP-FPM's pools are read here.
        return facts.Server == "php-fpm" && host is not null ? WithPools(service, host, facts, folder, defaults, placed) : null;
    }

    private static IReadOnlyList<ContainerListener>? WithPools(ComposeService service, HostModel host, ImageFacts facts, string folder, List<ContainerListener> defaults, List<(string Target, bool Read)> placed)
    {
        var mounted = placed.Where(p => p.Target.StartsWith(folder + "/", StringComparison.Ordinal)).ToList();
        if (mounted.Count != placed.Count(p => p.Target == folder || p.Target.StartsWith(folder + "/", StringComparison.Ordinal) || folder.StartsWith(p.Target + "/", StringComparison.Ordinal)))
        {
            return null;
        }

        var pools = host.BackEndsOf<FpmPool>().Where(p => p.File.Container?.Service == service).ToList();
        var read = pools.Select(p => p.File.Container!.ContainerPath).ToHashSet(StringComparer.Ordinal);
        if (mounted.Any(v => !v.Read || !v.Target.EndsWith(".conf", StringComparison.Ordinal) || !read.Contains(v.Target)))
        {
            // Not a .conf (php-fpm does not include it), or a file ConfLint did not read: what it says is unknown.
            return mounted.All(v => v.Read && !v.Target.EndsWith(".conf", StringComparison.Ordinal)) ? defaults : null;
        }

        var result = new List<ContainerListener>();
        var defaultPool = facts.ListenPool ?? "www";
        var setBy = facts.ListenSetBy.Select(Name).ToList();
        var defaultReplaced = false;
        ContainerListener? replacement = null;
        foreach (var pool in pools.OrderBy(p => Name(p.File.Container!.ContainerPath), StringComparer.Ordinal))
        {
            if (pool.Entry("listen") is not var (entry, file) || PhpFpmReader.Listen(pool.ListenAddress ?? string.Empty) is not { } endpoint)
            {
                if (pool.PoolName != defaultPool)
                {
                    return null;
                }

                continue;
            }

            var name = Name(file.DaemonPath);
            var listener = endpoint.Kind == EndpointKind.Tcp
                ? new ContainerListener(endpoint.Host ?? string.Empty, endpoint.Port, null, $"listen = {pool.Get("listen")} in {file.DisplayPath}") { At = entry.Location }
                : null;
            if (pool.PoolName != defaultPool)
            {
                if (listener is not null)
                {
                    result.Add(listener);
                }

                continue;
            }

            var after = setBy.Count(s => string.CompareOrdinal(name, s) > 0);
            if (after == 0)
            {
                continue;
            }

            var sameAsDefault = listener is not null && defaults.Any(d => d.Port == listener.Port && (listener.Host.Length == 0 || listener.Host is "0.0.0.0" or "[::]" or "::"));
            if (after < setBy.Count && !sameAsDefault)
            {
                return null;
            }

            // A later [www] listen wins; a socket path takes the default's place with no TCP listener.
            defaultReplaced = true;
            replacement = listener;
        }

        if (!defaultReplaced)
        {
            result.AddRange(defaults);
        }
        else if (replacement is not null)
        {
            result.Add(replacement);
        }

        return result;
    }

    private static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];
}
